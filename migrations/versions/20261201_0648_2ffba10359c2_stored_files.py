"""Stored files: one row per upload, the bytes under UPLOAD_FOLDER/files/<ab>/<sha256>.

Photos, corrective actions' evidence and initiative attachments now point at a ``stored_files``
row that holds what they held themselves (size, type, name, who sent it). Their bytes are copied
from the old places (``photos/<sha>.<ext>`` and ``<sha>.display.jpg``, ``evidence/…``,
``initiatives/<ab>/<sha>``) into the new one; the old files are left in place, so a downgrade
finds them again. Import previews waiting for a confirmation are not carried over: their admin
uploads the file again.

Revision ID: 2ffba10359c2
Revises: c5944b29a89c
Create Date: 2026-12-01 06:48:34.909601

"""
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from alembic import op
from flask import current_app
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2ffba10359c2'
down_revision = 'c5944b29a89c'
branch_labels = None
depends_on = None

#: File extension of each content type, in the old places' names.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic", "image/webp": "webp",
              "application/pdf": "pdf"}
CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}

stored_files = sa.Table(
    "stored_files", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("sha256", sa.String),
    sa.Column("size", sa.Integer), sa.Column("content_type", sa.String), sa.Column("original_name", sa.String),
    sa.Column("purpose", sa.String), sa.Column("uploaded_by_id", sa.Integer),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)
photos = sa.table(
    "photos", sa.column("id", sa.Integer), sa.column("sha256", sa.String), sa.column("content_type", sa.String),
    sa.column("size", sa.Integer), sa.column("original_name", sa.String),
    sa.column("uploaded_at", sa.DateTime(timezone=True)), sa.column("uploaded_by_id", sa.Integer),
    sa.column("file_id", sa.Integer), sa.column("display_file_id", sa.Integer),
)
attachments = sa.table(
    "initiative_attachments", sa.column("id", sa.Integer), sa.column("filename", sa.String),
    sa.column("content_type", sa.String), sa.column("size", sa.Integer), sa.column("sha256", sa.String),
    sa.column("uploaded_at", sa.DateTime(timezone=True)), sa.column("uploaded_by_id", sa.Integer),
    sa.column("file_id", sa.Integer),
)
actions = sa.table(
    "corrective_actions", sa.column("id", sa.Integer), sa.column("evidence_path", sa.String),
    sa.column("evidence_id", sa.Integer), sa.column("answered_at", sa.DateTime(timezone=True)),
)


# The bytes ---------------------------------------------------------------------------------


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _blob(sha: str) -> Path:
    return _folder() / "files" / sha[:2] / sha


def _copy(source: Path, target: Path) -> bool:
    """Copy (never move: the other revision's code still finds the old file); False when missing."""
    if not source.is_file():
        return False
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(source.read_bytes())
        partial.replace(target)
    return True


def _old_photo(sha: str, content_type: str) -> Path:
    return _folder() / "photos" / f"{sha}.{EXTENSIONS.get(content_type, 'jpg')}"


def _old_display(sha: str) -> Path:
    return _folder() / "photos" / f"{sha}.display.jpg"


def _old_attachment(sha: str) -> Path:
    return _folder() / "initiatives" / sha[:2] / sha


# Upgrade -----------------------------------------------------------------------------------


def _record(bind, **values) -> int:
    return bind.execute(stored_files.insert().values(**values)).inserted_primary_key[0]


def _photos_to_files(bind) -> None:
    for p in bind.execute(sa.select(photos)).mappings().all():
        upload = {"original_name": p["original_name"], "uploaded_by_id": p["uploaded_by_id"],
                  "created_at": p["uploaded_at"]}
        file_id = _record(bind, sha256=p["sha256"], size=p["size"], content_type=p["content_type"], purpose="photo",
                          **upload)
        _copy(_old_photo(p["sha256"], p["content_type"]), _blob(p["sha256"]))
        display_id = None
        if _old_display(p["sha256"]).is_file():
            data = _old_display(p["sha256"]).read_bytes()
            display_sha = hashlib.sha256(data).hexdigest()
            display_id = _record(bind, sha256=display_sha, size=len(data), content_type="image/jpeg",
                                 purpose="photo_display", **upload)
            _copy(_old_display(p["sha256"]), _blob(display_sha))
        bind.execute(photos.update().where(photos.c.id == p["id"]).values(file_id=file_id,
                                                                          display_file_id=display_id))


def _attachments_to_files(bind) -> None:
    for a in bind.execute(sa.select(attachments)).mappings().all():
        file_id = _record(bind, sha256=a["sha256"], size=a["size"], content_type=a["content_type"],
                          original_name=a["filename"], purpose="attachment", uploaded_by_id=a["uploaded_by_id"],
                          created_at=a["uploaded_at"])
        _copy(_old_attachment(a["sha256"]), _blob(a["sha256"]))
        bind.execute(attachments.update().where(attachments.c.id == a["id"]).values(file_id=file_id))


def _evidence_to_files(bind) -> None:
    rows = bind.execute(sa.select(actions).where(actions.c.evidence_path.is_not(None))).mappings().all()
    for action in rows:
        source = _folder() / action["evidence_path"]
        if not source.is_file():
            continue  # nothing to show already: the action simply has no evidence file
        data = source.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        content_type = CONTENT_TYPES.get(source.suffix.lstrip(".").lower(), "application/octet-stream")
        file_id = _record(bind, sha256=sha, size=len(data), content_type=content_type, original_name=source.name,
                          purpose="evidence", uploaded_by_id=None,
                          created_at=action["answered_at"] or datetime.now(UTC))
        _copy(source, _blob(sha))
        bind.execute(actions.update().where(actions.c.id == action["id"]).values(evidence_id=file_id))


def upgrade():
    op.create_table('stored_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('purpose', sa.Enum('photo', 'photo_display', 'evidence', 'attachment', 'unit_import', 'indicator_import', name='filepurpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_stored_files_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files'))
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index('ix_stored_files_purpose_created_at', ['purpose', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_files_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_files_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('display_file_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('initiative_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('corrective_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_id', sa.Integer(), nullable=True))

    bind = op.get_bind()
    _photos_to_files(bind)
    _attachments_to_files(bind)
    _evidence_to_files(bind)

    with op.batch_alter_table('corrective_actions', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_corrective_actions_evidence_id_stored_files'), 'stored_files', ['evidence_id'], ['id'])
        batch_op.drop_column('evidence_path')

    with op.batch_alter_table('initiative_attachments', schema=None) as batch_op:
        batch_op.alter_column('file_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_initiative_attachments_file_id'), ['file_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_initiative_attachments_uploaded_by_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_initiative_attachments_file_id_stored_files'), 'stored_files', ['file_id'], ['id'])
        batch_op.drop_column('content_type')
        batch_op.drop_column('filename')
        batch_op.drop_column('size')
        batch_op.drop_column('uploaded_at')
        batch_op.drop_column('sha256')
        batch_op.drop_column('uploaded_by_id')

    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.alter_column('file_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_photos_file_id'), ['file_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_photos_uploaded_by_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_photos_display_file_id_stored_files'), 'stored_files', ['display_file_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_photos_file_id_stored_files'), 'stored_files', ['file_id'], ['id'])
        batch_op.drop_column('content_type')
        batch_op.drop_column('original_name')
        batch_op.drop_column('size')
        batch_op.drop_column('uploaded_at')
        batch_op.drop_column('uploaded_by_id')


# Downgrade ---------------------------------------------------------------------------------


def _file(bind, file_id: int | None) -> dict | None:
    if file_id is None:
        return None
    return bind.execute(sa.select(stored_files).where(stored_files.c.id == file_id)).mappings().first()


def _files_to_photos(bind) -> None:
    for p in bind.execute(sa.select(photos.c.id, photos.c.file_id, photos.c.display_file_id)).mappings().all():
        file = _file(bind, p["file_id"])
        _copy(_blob(file["sha256"]), _old_photo(file["sha256"], file["content_type"]))
        display = _file(bind, p["display_file_id"])
        if display is not None:
            _copy(_blob(display["sha256"]), _old_display(file["sha256"]))
        bind.execute(photos.update().where(photos.c.id == p["id"]).values(
            content_type=file["content_type"][:50], size=file["size"], original_name=file["original_name"],
            uploaded_at=file["created_at"], uploaded_by_id=file["uploaded_by_id"]))


def _files_to_attachments(bind) -> None:
    for a in bind.execute(sa.select(attachments.c.id, attachments.c.file_id)).mappings().all():
        file = _file(bind, a["file_id"])
        _copy(_blob(file["sha256"]), _old_attachment(file["sha256"]))
        bind.execute(attachments.update().where(attachments.c.id == a["id"]).values(
            filename=file["original_name"], content_type=file["content_type"], size=file["size"],
            sha256=file["sha256"], uploaded_at=file["created_at"], uploaded_by_id=file["uploaded_by_id"]))


def _files_to_evidence(bind) -> None:
    rows = bind.execute(sa.select(actions.c.id, actions.c.evidence_id).where(actions.c.evidence_id.is_not(None)))
    for action in rows.mappings().all():
        file = _file(bind, action["evidence_id"])
        relative = f"evidence/{file['sha256']}.{EXTENSIONS.get(file['content_type'], 'bin')}"
        _copy(_blob(file["sha256"]), _folder() / relative)
        bind.execute(actions.update().where(actions.c.id == action["id"]).values(evidence_path=relative))


def downgrade():
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uploaded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('original_name', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('content_type', sa.String(length=50), nullable=True))
    with op.batch_alter_table('initiative_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uploaded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('filename', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('content_type', sa.String(length=100), nullable=True))
    with op.batch_alter_table('corrective_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_path', sa.String(length=300), nullable=True))

    bind = op.get_bind()
    _files_to_photos(bind)
    _files_to_attachments(bind)
    _files_to_evidence(bind)

    with op.batch_alter_table('photos', schema=None) as batch_op:
        for column in ('uploaded_at', 'size', 'original_name', 'content_type'):
            batch_op.alter_column(column, nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_photos_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_photos_display_file_id_stored_files'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_photos_uploaded_by_id_users'), 'users', ['uploaded_by_id'], ['id'])
        batch_op.drop_index(batch_op.f('ix_photos_file_id'))
        batch_op.drop_column('display_file_id')
        batch_op.drop_column('file_id')

    with op.batch_alter_table('initiative_attachments', schema=None) as batch_op:
        for column in ('sha256', 'uploaded_at', 'size', 'filename', 'content_type'):
            batch_op.alter_column(column, nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_initiative_attachments_file_id_stored_files'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_initiative_attachments_uploaded_by_id_users'), 'users', ['uploaded_by_id'], ['id'])
        batch_op.drop_index(batch_op.f('ix_initiative_attachments_file_id'))
        batch_op.drop_column('file_id')

    with op.batch_alter_table('corrective_actions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_corrective_actions_evidence_id_stored_files'), type_='foreignkey')
        batch_op.drop_column('evidence_id')

    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_stored_files_sha256'))
        batch_op.drop_index('ix_stored_files_purpose_created_at')

    op.drop_table('stored_files')
