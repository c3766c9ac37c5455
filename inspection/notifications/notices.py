"""The notices other domains raise, one call where the event happens: a record submitted or
approved, an initiative submitted or decided, a solve ended. Each is recorded once per event and
recipient and sent after the caller commits."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from inspection.extensions import db
from inspection.i18n import day_text
from inspection.labels import label
from inspection.notifications.compose import Content
from inspection.notifications.operations import notify
from inspection.notifications.people import focal_points, leaders
from inspection.urls import external_url
from models import (
    ChecklistResponse,
    Finding,
    Initiative,
    InitiativeStatus,
    PlanStatus,
    Programme,
    SolveJob,
    SolveJobStatus,
    Topic,
    User,
)


def record_submitted(response: ChecklistResponse, submission: str) -> None:
    """Leaders: an inspection record waits for their approval (``submission``: its client id)."""
    inspection = response.inspection

    def content(_user: User) -> Content:
        return Content(
            subject=_("Record to approve: %(unit)s, %(date)s", unit=inspection.unit.name,
                      date=day_text(inspection.date)),
            paragraphs=[_("An inspection record was submitted and waits for approval.")],
            facts=[(_("Unit"), inspection.unit.name), (_("Date"), day_text(inspection.date)),
                   (_("Findings"), str(_findings(response)))],
            link=external_url("checklists.record", response_id=response.id), link_label=_("Open the record"))

    notify(Topic.RECORD_SUBMITTED, f"record-submitted:{submission}", leaders(), content)


def record_approved(response: ChecklistResponse, findings: int) -> None:
    """The unit's focal points: their record is approved with findings to act on."""
    if not findings:
        return
    inspection = response.inspection

    def content(_user: User) -> Content:
        return Content(
            subject=_("Inspection record approved with %(count)d finding(s): %(date)s", count=findings,
                      date=day_text(inspection.date)),
            paragraphs=[_("The record of the inspection of your unit is approved. Each finding is a corrective "
                          "action your unit answers by its due date.")],
            facts=[(_("Unit"), inspection.unit.name), (_("Date"), day_text(inspection.date)),
                   (_("Findings"), str(findings))],
            link=external_url("checklists.record", response_id=response.id), link_label=_("Open the record"))

    notify(Topic.RECORD_APPROVED, f"record-approved:{response.id}",
           focal_points([inspection.unit_id]).get(inspection.unit_id, []), content)


def _findings(response: ChecklistResponse) -> int:
    return db.session.scalar(select(func.count()).where(Finding.response_id == response.id)) or 0


def initiative_submitted(initiative: Initiative) -> None:
    """Leaders: an initiative (new, or changed after being returned) waits for review."""
    db.session.flush()

    def content(_user: User) -> Content:
        return Content(
            subject=_("Initiative to review: %(title)s (%(unit)s)", title=initiative.title,
                      unit=initiative.unit.name),
            paragraphs=[_("A unit submitted an initiative for review.")],
            facts=[(_("Unit"), initiative.unit.name), (_("Title"), initiative.title),
                   (_("Category"), label(initiative.category)), (_("Year"), str(initiative.year))],
            link=external_url("initiatives.show", initiative_id=initiative.id),
            link_label=_("Open the initiative"))

    notify(Topic.INITIATIVE_SUBMITTED, f"initiative-submitted:{initiative.id}:{initiative.version}", leaders(),
           content)


def initiative_decided(initiative: Initiative) -> None:
    """The unit's focal points: their initiative is returned for changes or recognised."""
    if initiative.status not in (InitiativeStatus.RETURNED, InitiativeStatus.RECOGNISED):
        return

    def content(_user: User) -> Content:
        returned = initiative.status == InitiativeStatus.RETURNED
        paragraphs = [_("The initiative is returned for changes: change it and save it to submit it again.")
                      if returned else _("The initiative is recognised as effective.")]
        if initiative.review_comment:
            paragraphs.append(_("The reviewer's comment: %(comment)s", comment=initiative.review_comment))
        subject = (_("Initiative returned for changes: %(title)s", title=initiative.title) if returned
                   else _("Initiative recognised as effective: %(title)s", title=initiative.title))
        return Content(subject=subject, paragraphs=paragraphs,
                       facts=[(_("Title"), initiative.title), (_("Year"), str(initiative.year))],
                       link=external_url("initiatives.show", initiative_id=initiative.id),
                       link_label=_("Open the initiative"))

    notify(Topic.INITIATIVE_DECIDED, f"initiative-{initiative.status.value}:{initiative.id}:{initiative.version}",
           focal_points([initiative.unit_id]).get(initiative.unit_id, []), content)


def solve_ended(job_id: int) -> None:
    """The planner who started a solve: it found a plan, found none, or failed (a cancelled
    solve was their own doing)."""
    job = db.session.get(SolveJob, job_id)
    if job is None or job.created_by_id is None or job.status not in (SolveJobStatus.DONE, SolveJobStatus.FAILED):
        return
    programme = db.session.get(Programme, job.programme_id)
    found = job.revision.status if job.revision is not None else None

    def content(_user: User) -> Content:
        if job.status == SolveJobStatus.FAILED:
            subject, text = (_("Planning failed: %(name)s", name=programme.name),
                             _("The solve stopped with an error; nothing was changed. Open the page to see why "
                               "and start it again."))
        elif found in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE):
            subject, text = (_("Plan ready: %(name)s", name=programme.name),
                             _("The solve finished and its plan is the programme's current plan."))
        else:
            subject, text = (_("No plan found: %(name)s", name=programme.name),
                             _("The solve finished without a plan; the page says which settings to change."))
        facts = [(_("Programme"), programme.name)]
        if found is not None:
            facts.append((_("Result"), label(PlanStatus(found))))
        return Content(subject=subject, paragraphs=[text], facts=facts,
                       link=external_url("planning.job", programme_id=programme.id), link_label=_("Open the solve"))

    notify(Topic.SOLVE, f"solve:{job.id}", [db.session.get(User, job.created_by_id)], content)
