"""One store for every uploaded file: photos, evidence, attachments and import previews.

Each upload is a :class:`~models.StoredFile` row (who sent it, what for, its name and type); its
bytes are kept once per content under their SHA-256, by a :class:`Backend`: in a folder
(:class:`FolderBackend`, the default) or in the database (:class:`DatabaseBackend`, for several
instances of the service without a shared disk), as ``UPLOAD_STORE`` says; ``flask files move``
carries the bytes from one to the other. The domains check a file's content before they store it;
reading it back goes through :func:`send` or :func:`read`.

An import preview is the file kept between "Preview" and "Import": only the person who uploaded
it can confirm it (:func:`kept_preview`), and one never confirmed is removed after a day by the
hourly :func:`discard_abandoned_previews` job.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path, PurePath
from typing import BinaryIO, Protocol

import click
from flask import Flask, Response, abort, current_app, send_file
from flask.cli import AppGroup
from huey import crontab
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from inspection import clock
from inspection.config import ConfigurationError
from inspection.jobs import periodic_task
from inspection.text import clean
from models import PREVIEWS, FilePurpose, StoredBlob, StoredFile, User, db

#: A preview not confirmed within this time is thrown away.
PREVIEW_LIFETIME = timedelta(hours=24)


class Backend(Protocol):
    """Where the bytes are kept, by key (a SHA-256). A second storage is one more class."""

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key``; a reader never sees half of it."""

    def open(self, key: str) -> BinaryIO:
        """The bytes for reading; FileNotFoundError when there are none."""

    def delete(self, key: str) -> None:
        """Forget ``key``; nothing happens when it is not there."""

    def exists(self, key: str) -> bool: ...


class FolderBackend:
    """Files under ``UPLOAD_FOLDER/files/<first two hex digits>/<sha256>``."""

    def __init__(self, root: Path) -> None:
        self.root = root / "files"

    def _path(self, key: str) -> Path:
        if len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"not a SHA-256: {key!r}")
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a reader never sees half a file, two writers never clash.
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as partial:
            partial.write(data)
            partial.flush()
            os.fsync(partial.fileno())
        Path(partial.name).replace(target)

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class DatabaseBackend:
    """Bytes in the ``stored_blobs`` table, written in the session's transaction: they commit or
    roll back with the :class:`~models.StoredFile` row that points at them."""

    def put(self, key: str, data: bytes) -> None:
        insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        # Two uploads of the same content at once: the second finds the bytes there and adds nothing.
        db.session.execute(insert(StoredBlob).values(sha256=key, data=data, size=len(data), created_at=clock.utcnow())
                           .on_conflict_do_nothing(index_elements=["sha256"]))

    def open(self, key: str) -> BinaryIO:
        data = db.session.scalar(select(StoredBlob.data).where(StoredBlob.sha256 == key))
        if data is None:
            raise FileNotFoundError(key)
        return io.BytesIO(data)

    def delete(self, key: str) -> None:
        db.session.execute(delete(StoredBlob).where(StoredBlob.sha256 == key))

    def exists(self, key: str) -> bool:
        return db.session.scalar(select(func.count()).where(StoredBlob.sha256 == key)) > 0


#: The values of ``UPLOAD_STORE``.
STORES = ("folder", "database")


def make_backend(store_name: str, app: Flask) -> Backend:
    if store_name == "database":
        return DatabaseBackend()
    if store_name == "folder":
        return FolderBackend(Path(app.config["UPLOAD_FOLDER"]))
    raise ConfigurationError(f"UPLOAD_STORE must be one of {', '.join(STORES)}, not {store_name!r}")


def init_app(app: Flask) -> None:
    app.extensions["uploads"] = make_backend(app.config["UPLOAD_STORE"], app)
    app.cli.add_command(cli)


def backend() -> Backend:
    return current_app.extensions["uploads"]


def file_name(name: str) -> str:
    """The bare file name (no folders), kept in Vietnamese as the person's device wrote it."""
    bare = PurePath(clean(name or "").replace("\\", "/")).name.strip()
    return "".join(ch for ch in bare if ch.isprintable())[-255:] or "file"


@dataclass(frozen=True)
class Upload:
    """A file its domain has checked, ready to store: the bytes, the type their content says they
    are, and the name the person's device gave it."""

    data: bytes
    content_type: str
    name: str = ""

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def store(upload: Upload, purpose: FilePurpose, user: User | None) -> StoredFile:
    """Keep the bytes (once per content) and add the row that records this upload to the session."""
    if not backend().exists(upload.sha256):
        backend().put(upload.sha256, upload.data)
    stored = StoredFile(sha256=upload.sha256, size=len(upload.data), content_type=upload.content_type,
                        original_name=file_name(upload.name), purpose=purpose,
                        uploaded_by_id=user.id if user is not None else None)
    db.session.add(stored)
    return stored


def read(stored: StoredFile) -> bytes:
    with backend().open(stored.sha256) as stream:
        return stream.read()


def send(stored: StoredFile | None, as_attachment: bool = False, max_age: int = 0) -> Response:
    """The file as a download (or shown inline); 404 when it is not there."""
    if stored is None:
        abort(404)
    try:
        stream = backend().open(stored.sha256)
    except FileNotFoundError:
        abort(404)
    return send_file(stream, mimetype=stored.content_type, as_attachment=as_attachment,
                     download_name=stored.original_name, etag=stored.sha256, max_age=max_age)


def discard(stored: StoredFile) -> None:
    """Delete the row, and the bytes when no other upload has the same content."""
    db.session.delete(stored)
    db.session.flush()
    others = db.session.scalar(select(func.count()).where(StoredFile.sha256 == stored.sha256))
    if not others:
        backend().delete(stored.sha256)


# Import previews -------------------------------------------------------------------------------


def kept_preview(file_id: object, purpose: FilePurpose, user: User) -> StoredFile | None:
    """The preview ``user`` uploaded for ``purpose``, if it is still kept; None for anyone else's."""
    if not str(file_id or "").isdigit() or not 0 < int(file_id) < 2**31:  # an id the database can hold
        return None
    stored = db.session.get(StoredFile, int(file_id))
    if stored is None or stored.purpose != purpose or stored.uploaded_by_id != user.id:
        return None
    fresh = clock.local(stored.created_at) > clock.now() - PREVIEW_LIFETIME
    return stored if fresh and backend().exists(stored.sha256) else None


def discard_previews_of(user: User) -> None:
    """The previews a user left (before their account is deleted: they are not a use of it)."""
    left = db.session.scalars(
        select(StoredFile).where(StoredFile.uploaded_by_id == user.id, StoredFile.purpose.in_(PREVIEWS))
    ).all()
    for stored in left:
        discard(stored)


def discard_old_previews() -> int:
    """Delete the previews older than :data:`PREVIEW_LIFETIME`; returns how many."""
    cutoff = clock.utcnow() - PREVIEW_LIFETIME
    old = db.session.scalars(
        select(StoredFile).where(StoredFile.purpose.in_(PREVIEWS), StoredFile.created_at < cutoff)
    ).all()
    for stored in old:
        discard(stored)
    return len(old)


@periodic_task(crontab(minute="30"))
def discard_abandoned_previews() -> int:
    """Every hour: imports previewed and never confirmed leave nothing behind."""
    count = discard_old_previews()
    db.session.commit()
    return count


# Moving the bytes between stores ------------------------------------------------------------------


@dataclass
class Moved:
    moved: int = 0
    already_there: int = 0
    missing: int = 0


def move_files(source: Backend, target: Backend) -> Moved:
    """Copy every stored file's bytes from ``source`` to ``target``, checked against their
    SHA-256, then delete them from ``source``; one commit per file, so an interrupted move is
    taken up again by running it once more. Bytes no upload points at are left where they are."""
    outcome = Moved()
    keys = db.session.scalars(select(StoredFile.sha256).distinct().order_by(StoredFile.sha256)).all()
    for key in keys:
        if not source.exists(key):
            if target.exists(key):
                outcome.already_there += 1
            else:
                outcome.missing += 1
            continue
        with source.open(key) as stream:
            data = stream.read()
        if hashlib.sha256(data).hexdigest() != key:
            outcome.missing += 1
            continue
        if not target.exists(key):
            target.put(key, data)
        db.session.commit()
        source.delete(key)
        db.session.commit()
        outcome.moved += 1
    return outcome


cli = AppGroup("files", help="Uploaded files (photos, evidence, attachments, import previews).")


@cli.command("move")
@click.option("--to", "to", type=click.Choice(STORES), required=True, help="The store the files go to.")
def move_command(to: str) -> None:
    """Move the uploaded files' bytes into one store (then set UPLOAD_STORE to it)."""
    app = current_app._get_current_object()
    source_name = "folder" if to == "database" else "database"
    outcome = move_files(make_backend(source_name, app), make_backend(to, app))
    click.echo(f"moved {outcome.moved} file(s) from {source_name} to {to}; {outcome.already_there} already there; "
               f"{outcome.missing} missing or damaged")
    if app.config["UPLOAD_STORE"] != to:
        click.echo(f"now set UPLOAD_STORE={to} and restart the service and the job worker")
    if outcome.missing:
        raise SystemExit(1)
