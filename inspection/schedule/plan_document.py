"""The plan as the official document a leader signs to issue it: its print view and its PDF.

The document goes to the units, so its annex lists the periodic inspections only; surprise
inspections are counted, never listed.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from inspection import clock
from inspection.checklists.operations import ACTION_DAYS
from inspection.documents import layout, numbering
from inspection.exports import operations as exports
from inspection.extensions import db
from inspection.orgs.queries import active_unit_count
from inspection.schedule import bp
from inspection.schedule.queries import Filters, visible_inspections
from inspection.security import roles_required, visible_programme_or_404
from models import DocumentKind, Inspection, InspectionKind, InspectionStatus, Programme, Role, User

#: Everyone who works with inspections (as the schedule's pages).
READERS = (Role.PLANNER, Role.LEADER, Role.INSPECTOR, Role.UNIT)


def _figures(programme: Programme) -> dict[str, int]:
    """The whole programme's counts (whoever reads: they name no unit)."""
    kept = [i for i in programme.inspections if i.status != InspectionStatus.CANCELLED]
    return {
        "units": len({i.unit_id for i in kept}),
        "active": active_unit_count(),
        "periodic": sum(1 for i in kept if i.kind == InspectionKind.PERIODIC),
        "surprise": sum(1 for i in kept if i.kind == InspectionKind.SURPRISE),
    }


def _scheduled(programme: Programme, reader: User) -> list[Inspection]:
    """The periodic inspections ``reader`` may see, in date order."""
    rows = visible_inspections(reader, clock.today(), Filters(programme_id=programme.id))
    return [i for i in rows if i.kind == InspectionKind.PERIODIC and i.status != InspectionStatus.CANCELLED]


def title(programme: Programme) -> str:
    """"Kế hoạch kiểm tra năm 2030", never "Kế hoạch kiểm tra: Kế hoạch kiểm tra năm 2030"."""
    with force_locale("vi"):
        kind = _("Plan (kind of document)")
    subject = layout.subject_after(kind, programme.name)
    return f"{kind} {subject[:1].lower()}{subject[1:]}" if subject != programme.name else f"{kind}: {subject}"


def _subject(programme: Programme) -> str:
    with force_locale("vi"):
        return layout.subject_after(_("Plan (kind of document)"), programme.name)


def body(programme: Programme, inspections: list[Inspection]) -> Markup:
    """The plan, numbered and dated when it was first published; before that, room for both.
    ``inspections``: the reader's :func:`_scheduled` ones, listed in its annex."""
    issued = numbering.issued_plan(programme)
    doc = layout.head(DocumentKind.PLAN, issued, issued.issued_on if issued else None)
    return layout.render_body(
        "schedule/_plan_document.html", doc=doc, programme=programme, figures=_figures(programme),
        inspections=inspections, reference=layout.reference(DocumentKind.PLAN, issued, doc.settings),
        subject=_subject(programme), action_days=ACTION_DAYS,
    )


@bp.route("/programmes/<int:programme_id>/print")
@roles_required(*READERS)
def print_plan(programme_id: int):
    programme = visible_programme_or_404(current_user, programme_id, clock.today())
    return layout.print_view(body(programme, _scheduled(programme, current_user)), title(programme),
                             pdf_url=url_for("schedule.plan_pdf", programme_id=programme.id),
                             back_url=url_for("schedule.inspections", programme=programme.id))


@bp.route("/programmes/<int:programme_id>/plan.pdf")
@roles_required(*READERS)
def plan_pdf(programme_id: int):
    programme = visible_programme_or_404(current_user, programme_id, clock.today())
    inspections = _scheduled(programme, current_user)
    if exports.in_background(len(inspections), pdf=True):
        return exports.start("plan_pdf", {"programme_id": programme.id}, current_user)
    return layout.pdf_response(body(programme, inspections), title(programme), filename(programme))


def filename(programme: Programme) -> str:
    return f"ke-hoach-{programme.year}-{programme.id}.pdf"


def made_for(params: dict, user: User) -> tuple[bytes, str]:
    """The plan's PDF as ``user`` may read it (run by the job worker)."""
    programme = db.session.get(Programme, params["programme_id"])
    return layout.pdf_bytes(body(programme, _scheduled(programme, user)), title(programme)), filename(programme)
