"""Initiatives in any status, and small files of each kind a unit may attach."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from inspection.extensions import db
from models import Initiative, InitiativeCategory, InitiativeStatus

#: The smallest PDF a reader opens: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def office_file(part: str) -> bytes:
    """A zip shaped like a DOCX ("word/") or XLSX ("xl/") package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<document/>")
    return buffer.getvalue()


def image_file(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def make_initiative(app, make_unit):
    def make(status: InitiativeStatus = InitiativeStatus.SUBMITTED, **kw) -> Initiative:
        kw.setdefault("unit", kw.pop("unit", None) or make_unit())
        kw.setdefault("year", 2026)
        kw.setdefault("title", "Sáng kiến tiếp dân thân thiện")
        kw.setdefault("description", "Bố trí ghế chờ và nước uống cho người dân")
        kw.setdefault("category", InitiativeCategory.STAFF_ATTITUDE)
        # Set directly: a fixture may start anywhere in the lifecycle.
        initiative = Initiative(status=status, **kw)
        db.session.add(initiative)
        db.session.commit()
        return initiative

    return make
