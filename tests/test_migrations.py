"""The schema comes only from Alembic: upgrading an empty database gives exactly the models."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from inspection import uploads
from inspection.extensions import db
from models import (
    ChecklistTemplate,
    CorrectiveAction,
    FilePurpose,
    Initiative,
    InitiativeAttachment,
    InitiativeCategory,
    Photo,
    Role,
    Unit,
    User,
)
from tests.access.checklists_world import add_checklist_world


def _pending_changes() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_matches_the_models(app):
    """The ``app`` fixture's database was built by `flask db upgrade` from empty."""
    assert _pending_changes() == []


def test_downgrade_to_empty_and_upgrade_again(app):
    db.session.remove()
    db.engine.dispose()
    downgrade(revision="base")
    with db.engine.connect() as conn:
        assert set(db.inspect(conn).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _pending_changes() == []


def _at_revision(revision: str) -> None:
    db.session.remove()
    db.engine.dispose()
    downgrade(revision=revision)


def _insert(conn, table: str, **values) -> None:
    now = datetime(2026, 1, 5, tzinfo=UTC)
    row = {"created_at": now, "updated_at": now, "version": 1, **values}
    conn.execute(sa.Table(table, sa.MetaData(), autoload_with=conn).insert().values(**row))


def test_text_typed_before_it_was_cleaned_is_composed(app):
    nfd = partial(unicodedata.normalize, "NFD")
    _at_revision("88daeaced373")
    with db.engine.begin() as conn:
        _insert(conn, "units", id=1, code="CCKL", name=nfd("Chi cục Kiểm lâm"), kind="chi_cuc", head_name="",
                address="", area="", active=True)
        _insert(conn, "users", id=1, username=nfd("đức"), full_name=nfd("Lê Đức"), password_hash="x",
                role="leader", active=True)
        _insert(conn, "users", id=2, username="đức", full_name="Lê Đức", password_hash="x", role="leader",
                active=True)
        _insert(conn, "initiatives", id=1, unit_id=1, year=2026, title=nfd("Sáng  kiến"), description="Mô\ntả",
                category="other", expected_effect="", status="submitted", review_comment="",
                measured_effect="", search_text="sang  kien mo\nta")
    upgrade()
    assert db.session.scalar(sa.select(Unit.id).where(Unit.name == "Chi cục Kiểm lâm")) == 1
    # The composed user name was taken: that account is left as it was, the other one is composed.
    assert db.session.scalars(sa.select(User.username).order_by(User.id)).all() == [nfd("đức"), "đức"]
    assert db.session.scalar(sa.select(User.full_name).where(User.id == 1)) == "Lê Đức"
    assert db.session.scalar(sa.select(Initiative.search_text)) == "sang kien mo ta"


def test_files_stored_before_the_one_store_still_open(app, make_inspection, make_programme, make_unit, make_user):
    """Made now, taken back to the old layout, the new folder removed, upgraded again: as on a
    server that stored photos, evidence and attachments before this revision."""
    template = ChecklistTemplate(key="default", number=1, name_vi="Mẫu", name_en="Template")
    unit = make_unit()
    world = add_checklist_world(make_inspection, make_programme(), unit, None, template)
    photo = db.session.get(Photo, world["photo"])
    display = uploads.Upload(b"display copy", "image/jpeg", "anh.jpg")
    photo.display_file = uploads.store(display, FilePurpose.PHOTO_DISPLAY, None)
    initiative = Initiative(unit=unit, year=2026, title="Sáng kiến", description="Mô tả",
                            category=InitiativeCategory.OTHER)
    pdf = uploads.Upload(b"%PDF-1.4 attachment", "application/pdf", "Kế hoạch.pdf")
    author = make_user(Role.UNIT, unit=unit)
    initiative.attachments.append(InitiativeAttachment(file=uploads.store(pdf, FilePurpose.ATTACHMENT, author)))
    db.session.add(initiative)
    db.session.commit()
    photo_bytes, author_id = uploads.read(photo.file), author.id

    _at_revision("c5944b29a89c")
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert (folder / "photos" / f"{photo.sha256}.jpg").read_bytes() == photo_bytes
    assert (folder / "photos" / f"{photo.sha256}.display.jpg").read_bytes() == b"display copy"
    shutil.rmtree(folder / "files")
    upgrade()

    photo = db.session.get(Photo, world["photo"])
    assert uploads.read(photo.file) == photo_bytes and uploads.read(photo.display_file) == b"display copy"
    attachment = db.session.scalars(sa.select(InitiativeAttachment)).one()
    assert (attachment.file.original_name, attachment.file.uploaded_by_id) == ("Kế hoạch.pdf", author_id)
    assert uploads.read(attachment.file) == pdf.data
    evidence = db.session.get(CorrectiveAction, world["action"]).evidence
    assert evidence.content_type == "application/pdf" and uploads.read(evidence) == b"%PDF-1.4 matrix"
