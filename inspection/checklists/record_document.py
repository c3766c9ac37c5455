"""The inspection record as an official document: its body (shown on the record page, in its
print view and in its PDF), its title, its photos."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from inspection import uploads
from inspection.checklists import queries
from inspection.documents import layout, numbering
from models import ChecklistResponse, DocumentKind


def body(response: ChecklistResponse) -> Markup:
    """The record, numbered once a leader approved it, dated the day of the inspection."""
    inspection = response.inspection
    plan = numbering.issued_plan(inspection.programme)
    doc = layout.head(DocumentKind.RECORD, numbering.issued_record(response), inspection.date)
    return layout.render_body(
        "checklists/_record_document.html", doc=doc, response=response, inspection=inspection,
        answers={a.item_id: a for a in response.answers}, findings=queries.findings_of(response),
        date_text=layout.vietnamese_date(inspection.date),
        plan_reference=layout.reference(DocumentKind.PLAN, plan, doc.settings) if plan else "",
    )


def photos(response: ChecklistResponse) -> dict[str, bytes]:
    """The record's photos (their display copies) by the address the document shows them at."""
    return {url_for("checklists.photo", photo_id=photo.id): uploads.read(photo.display_file or photo.file)
            for answer in response.answers for photo in answer.photos}


def title(response: ChecklistResponse) -> str:
    return f"Biên bản kiểm tra — {response.inspection.unit.name}"


def filename(response: ChecklistResponse) -> str:
    return f"bien-ban-{response.inspection.unit.code}-{response.inspection.date:%Y%m%d}.pdf"
