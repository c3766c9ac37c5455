"""The inspection record as an official document: its body (shown on the record page), its
print view and its PDF."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from inspection import uploads
from inspection.checklists import bp, queries, views
from inspection.documents import layout, numbering
from inspection.security import roles_required
from models import ChecklistResponse, DocumentKind, Role


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


def _photos(response: ChecklistResponse) -> dict[str, bytes]:
    """The record's photos (their display copies) by the address the document shows them at."""
    return {url_for("checklists.photo", photo_id=photo.id): uploads.read(photo.display_file or photo.file)
            for answer in response.answers for photo in answer.photos}


def _title(response: ChecklistResponse) -> str:
    return f"Biên bản kiểm tra — {response.inspection.unit.name}"


@bp.route("/records/<int:response_id>/print")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def record_print(response_id: int):
    response = views._readable_response(response_id)
    return layout.print_view(body(response), _title(response),
                             pdf_url=url_for("checklists.record_pdf", response_id=response.id),
                             back_url=url_for("checklists.record", response_id=response.id))


@bp.route("/records/<int:response_id>/record.pdf")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def record_pdf(response_id: int):
    response = views._readable_response(response_id)
    filename = f"bien-ban-{response.inspection.unit.code}-{response.inspection.date:%Y%m%d}.pdf"
    return layout.pdf_response(body(response), _title(response), filename, _photos(response))
