"""The writes of the registry: submitting, editing, reviewing, attaching, setting the deadline.

Every status change goes through :meth:`Initiative.move_to` and is logged with
:func:`record_event`. The caller commits (one commit per request).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from inspection import uploads
from inspection.audit import record_event
from inspection.concurrency import check_version
from inspection.initiatives.queries import DEADLINE_SETTING
from inspection.notifications import notices
from inspection.uploads import Upload
from models import (
    FilePurpose,
    Initiative,
    InitiativeAttachment,
    InitiativeCategory,
    InitiativeStatus,
    Setting,
    TransitionError,
    Unit,
    User,
    db,
)

#: What a leader may decide once the review has started, and the audit event of each decision.
DECISIONS = {
    InitiativeStatus.RECOGNISED: "recognise",
    InitiativeStatus.RETURNED: "return",
    InitiativeStatus.REJECTED: "reject",
}


class NotEditable(TransitionError):
    """The review has started (or ended): the unit can no longer change the initiative."""


@dataclass(frozen=True)
class Details:
    """What the unit writes about its initiative."""

    year: int
    title: str
    description: str
    category: InitiativeCategory
    expected_effect: str = ""
    start_date: date | None = None


def _apply(initiative: Initiative, details: Details) -> None:
    initiative.year = details.year
    initiative.title = details.title.strip()
    initiative.description = details.description.strip()
    initiative.category = details.category
    initiative.expected_effect = (details.expected_effect or "").strip()
    initiative.start_date = details.start_date


def _attach(initiative: Initiative, files: list[Upload], user: User) -> None:
    for file in files:
        initiative.attachments.append(
            InitiativeAttachment(file=uploads.store(file, FilePurpose.ATTACHMENT, user))
        )


def submit(unit: Unit, user: User, details: Details, files: list[Upload]) -> Initiative:
    initiative = Initiative(unit=unit, submitted_by=user, status=InitiativeStatus.SUBMITTED)
    _apply(initiative, details)
    _attach(initiative, files, user)
    db.session.add(initiative)
    db.session.flush()
    record_event(db.session, "submit", initiative, year=initiative.year, unit=unit.code)
    notices.initiative_submitted(initiative)
    return initiative


def update(initiative: Initiative, user: User, details: Details, files: list[Upload], version: int | None) -> bool:
    """Save the unit's changes; a returned initiative goes back to the leaders. True when resubmitted."""
    check_version(initiative, version)
    if not initiative.editable_by_unit:
        raise NotEditable(initiative.status)
    _apply(initiative, details)
    _attach(initiative, files, user)
    resubmitted = initiative.status == InitiativeStatus.RETURNED
    if resubmitted:
        initiative.move_to(InitiativeStatus.SUBMITTED)
        initiative.submitted_by = user
        record_event(db.session, "resubmit", initiative, status=initiative.status)
        notices.initiative_submitted(initiative)
    return resubmitted


def start_review(initiative: Initiative, reviewer: User, version: int | None) -> None:
    check_version(initiative, version)
    initiative.move_to(InitiativeStatus.UNDER_REVIEW)
    initiative.reviewer = reviewer
    record_event(db.session, "start_review", initiative, status=initiative.status)


def decide(initiative: Initiative, reviewer: User, decision: InitiativeStatus, comment: str,
           measured_effect: str, version: int | None) -> None:
    """Recognise, return or reject; returning and rejecting must say why (the unit reads it)."""
    check_version(initiative, version)
    if decision not in DECISIONS:
        raise TransitionError(f"{decision} is not a review decision")
    comment = (comment or "").strip()
    if decision != InitiativeStatus.RECOGNISED and not comment:
        raise ValueError(_("Say why: the unit reads this comment."))
    initiative.move_to(decision)
    initiative.reviewer = reviewer
    initiative.review_comment = comment
    if (measured_effect or "").strip():
        initiative.measured_effect = measured_effect.strip()
    record_event(db.session, DECISIONS[decision], initiative, note=comment, status=initiative.status)
    notices.initiative_decided(initiative)


def set_deadline(month_day: str) -> None:
    """Store the yearly deadline ("MM-DD") in the admins' settings."""
    setting = db.session.get(Setting, DEADLINE_SETTING)
    if setting is None:
        db.session.add(Setting(key=DEADLINE_SETTING, value=month_day))
    else:
        setting.value = month_day
