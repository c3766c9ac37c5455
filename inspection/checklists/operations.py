"""The writes of the checklists domain. Each function changes the session; the view commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from inspection import clock, uploads
from inspection.audit import record_event
from inspection.checklists.files import CheckedPhoto
from inspection.checklists.scoring import Given, score_checklist
from inspection.clock import utcnow
from inspection.concurrency import check_version
from inspection.documents import numbering
from inspection.notifications import notices
from inspection.text import clean
from inspection.uploads import Upload
from models.base import db
from models.checklists import (
    ActionStatus,
    Answer,
    AnswerType,
    ChecklistResponse,
    ChecklistSubmission,
    ChecklistTemplate,
    Choice,
    CorrectiveAction,
    Finding,
    Photo,
    TemplateItem,
    TemplateSection,
    TemplateStatus,
)
from models.planning import Inspection, InspectionStatus
from models.uploads import FilePurpose
from models.users import User

#: Days a unit has to answer a finding, counted from the record's approval.
ACTION_DAYS = 30
MAX_NOTE = 5000
#: Answers are stored with 8 digits before the decimal point.
MAX_NUMBER = Decimal(100_000_000)
CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class ChecklistError(ValueError):
    """A write refused with a message for the person (bad input, wrong status)."""


@dataclass(frozen=True)
class AnswerInput:
    choice: Choice | None = None
    number: Decimal | None = None
    note: str = ""


# --- starting -----------------------------------------------------------------------------------


def template_for(inspection: Inspection) -> ChecklistTemplate | None:
    """The programme's template version, or else the latest published default one."""
    if inspection.programme.template is not None:
        return inspection.programme.template
    return db.session.scalars(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.key == "default", ChecklistTemplate.status == TemplateStatus.PUBLISHED)
        .order_by(ChecklistTemplate.number.desc())
    ).first()


def response_of(inspection: Inspection) -> ChecklistResponse | None:
    return db.session.scalar(select(ChecklistResponse).where(ChecklistResponse.inspection_id == inspection.id))


def check_visit_day(inspection: Inspection) -> None:
    """A checklist is filled on the day of the visit or later (the agency's calendar day), never before."""
    if inspection.date > clock.today():
        raise ChecklistError(_("This checklist can be started only from %(day)s, the day of the visit.",
                               day=format_date(inspection.date, "dd/MM/yyyy")))


def start_checklist(inspection: Inspection) -> ChecklistResponse:
    """Planned (or returned) → in progress; the response keeps the template version it starts with."""
    check_visit_day(inspection)
    response = response_of(inspection)
    if response is None:
        template = template_for(inspection)
        if template is None:
            raise ChecklistError(_("No checklist template is published yet."))
        response = ChecklistResponse(inspection=inspection, template=template)
        db.session.add(response)
    if inspection.status in (InspectionStatus.PLANNED, InspectionStatus.RETURNED):
        inspection.move_to(InspectionStatus.IN_PROGRESS)
    elif inspection.status != InspectionStatus.IN_PROGRESS:
        raise ChecklistError(_("This checklist can no longer be changed."))
    return response


# --- answers ------------------------------------------------------------------------------------


def _number(raw, item: TemplateItem) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "."))
    except InvalidOperation as error:
        raise ChecklistError(_("%(code)s: enter a number.", code=item.code)) from error
    if not value.is_finite() or value < 0:
        raise ChecklistError(_("%(code)s: enter a number of at least 0.", code=item.code))
    if value >= MAX_NUMBER:
        raise ChecklistError(_("%(code)s: enter a number below %(max)s.", code=item.code,
                                 max=format_decimal(MAX_NUMBER)))
    if item.answer_type == AnswerType.PERCENT and value > 100:
        raise ChecklistError(_("%(code)s: a percentage is between 0 and 100.", code=item.code))
    if item.answer_type == AnswerType.COUNT and value != value.to_integral_value():
        raise ChecklistError(_("%(code)s: a count is a whole number.", code=item.code))
    return value.quantize(Decimal("0.01"))


def parse_answers(template: ChecklistTemplate, raw: object) -> dict[int, AnswerInput]:
    """Check the answers posted by the browser ({item id: {choice, number, note}})."""
    if not isinstance(raw, dict):
        raise ChecklistError(_("The answers could not be read."))
    items = {str(item.id): item for item in template.items}
    parsed: dict[int, AnswerInput] = {}
    for key, value in raw.items():
        item = items.get(str(key))
        if item is None or not isinstance(value, dict):
            raise ChecklistError(_("The answers do not belong to this checklist."))
        note = clean(str(value.get("note") or ""), multiline=True)
        if len(note) > MAX_NOTE:
            raise ChecklistError(_("%(code)s: a note has at most %(n)s characters (this one has %(length)s).",
                                   code=item.code, n=MAX_NOTE, length=len(note)))
        if item.answer_type == AnswerType.CHOICE:
            choice = value.get("choice") or None
            if choice is not None and (not isinstance(choice, str) or choice not in {c.value for c in Choice}):
                raise ChecklistError(_("%(code)s: choose one of the answers.", code=item.code))
            parsed[item.id] = AnswerInput(choice=Choice(choice) if choice else None, note=note)
        else:
            parsed[item.id] = AnswerInput(number=_number(value.get("number"), item), note=note)
    return parsed


def _differs(answer: Answer | None, given: AnswerInput) -> bool:
    if answer is None:
        return given != AnswerInput()
    return (answer.choice, answer.number, answer.note or "") != (given.choice, given.number, given.note)


def conflicts(response: ChecklistResponse, answers: dict[int, AnswerInput]) -> list[tuple[int, AnswerInput, Answer]]:
    """The posted answers that differ from what is stored (and was saved by someone)."""
    stored = {a.item_id: a for a in response.answers}
    return [
        (item_id, given, stored[item_id])
        for item_id, given in answers.items()
        if item_id in stored and _differs(stored[item_id], given)
    ]


def _check_editable(response: ChecklistResponse, version: object) -> None:
    if response.inspection.status != InspectionStatus.IN_PROGRESS:
        raise ChecklistError(_("This checklist can no longer be changed."))
    check_version(response, version)


def save_answers(response: ChecklistResponse, version: object, answers: dict[int, AnswerInput], user: User) -> None:
    """Store a draft; refuses a stale version (nothing is overwritten)."""
    _check_editable(response, version)
    stored = {a.item_id: a for a in response.answers}
    for item_id, given in answers.items():
        answer = stored.get(item_id)
        if not _differs(answer, given):
            continue
        if answer is None:
            answer = Answer(item_id=item_id)
            response.answers.append(answer)
        answer.choice, answer.number, answer.note = given.choice, given.number, given.note
        answer.updated_by_id = user.id
        answer.updated_at = utcnow()
    # Touching the response bumps its version, so a teammate's older copy becomes stale.
    response.updated_at = utcnow()


def answer_for_photo(response: ChecklistResponse, item_id: int, user: User) -> Answer:
    if response.inspection.status != InspectionStatus.IN_PROGRESS:
        raise ChecklistError(_("This checklist can no longer be changed."))
    if item_id not in {item.id for item in response.template.items}:
        raise ChecklistError(_("The answers do not belong to this checklist."))
    answer = next((a for a in response.answers if a.item_id == item_id), None)
    if answer is None:
        # Added beside the response's collection, not through it: a photo must not bump the
        # response's version and make a teammate's (or the queued submission's) copy stale.
        answer = Answer(response_id=response.id, item_id=item_id, note="", updated_by_id=user.id)
        db.session.add(answer)
    return answer


def add_photo(answer: Answer, checked: CheckedPhoto, user: User) -> Photo:
    """Store the photo and its display copy; a photo the answer already has is kept once."""
    photo = next((p for p in answer.photos if p.sha256 == checked.sha256), None)
    if photo is None:
        photo = Photo(
            sha256=checked.sha256,
            file=uploads.store(checked, FilePurpose.PHOTO, user),
            display_file=uploads.store(checked.display, FilePurpose.PHOTO_DISPLAY, user),
            width=checked.width,
            height=checked.height,
        )
        answer.photos.append(photo)
    return photo


# --- submitting ---------------------------------------------------------------------------------


def stored_submission(client_id: str) -> ChecklistSubmission | None:
    return db.session.scalar(select(ChecklistSubmission).where(ChecklistSubmission.client_id == client_id))


class SubmissionOfAnotherChecklist(ChecklistError):
    """The client id was already used to submit another checklist: its result is not this one's."""


def stored_submission_of(response: ChecklistResponse, client_id: str) -> ChecklistSubmission | None:
    """The submission stored under ``client_id`` for this checklist; refused when the id belongs to another."""
    stored = stored_submission(client_id)
    if stored is not None and stored.response_id != response.id:
        raise SubmissionOfAnotherChecklist(
            _("This submission identifier was already used for another checklist: nothing was stored."))
    return stored


def missing_answers(response: ChecklistResponse) -> list[str]:
    """Codes of the items without an answer (a choice, or a number for a numeric item)."""
    given = {a.item_id: a for a in response.answers}
    return [
        item.code for item in response.template.items
        if item.id not in given
        or (given[item.id].choice is None if item.answer_type == AnswerType.CHOICE else given[item.id].number is None)
    ]


def _lock(response: ChecklistResponse) -> ChecklistResponse:
    """Row lock on PostgreSQL so concurrent resends of one submission queue up behind the first."""
    return db.session.scalars(
        select(ChecklistResponse)
        .where(ChecklistResponse.id == response.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def score_response(response: ChecklistResponse) -> list[Answer]:
    """Store item, section and total scores; return the answers scored below 1."""
    by_item = {a.item_id: a for a in response.answers}
    given = {item_id: Given(a.choice, a.number) for item_id, a in by_item.items()}
    scores = score_checklist(response.template.sections, given)
    for item_id, answer in by_item.items():
        answer.score = scores.items.get(item_id)
    response.scores = {code: None if s is None else str(s) for code, s in scores.sections.items()}
    response.total_score = scores.total
    return [by_item[item_id] for item_id in scores.findings]


def _raise_findings(response: ChecklistResponse, below_one: list[Answer]) -> None:
    for finding in db.session.scalars(select(Finding).where(Finding.response_id == response.id)):
        db.session.delete(finding)
    db.session.flush()
    for answer in below_one:
        db.session.add(
            Finding(
                inspection_id=response.inspection_id,
                response_id=response.id,
                item_id=answer.item_id,
                unit_id=response.inspection.unit_id,
                score=answer.score,
                description=answer.note or "",
            )
        )


def submitted_answers(response: ChecklistResponse) -> dict[str, list]:
    """The answers as the audit log keeps them, compactly: item id → [choice, number, note]."""
    return {
        str(a.item_id): [a.choice.value if a.choice else None,
                         None if a.number is None else str(a.number), a.note or ""]
        for a in sorted(response.answers, key=lambda a: a.item_id)
    }


def submit(
    response: ChecklistResponse, client_id: str, version: object, answers: dict[int, AnswerInput], user: User
) -> dict:
    """Save the last answers, score them, raise findings and mark the inspection submitted.

    The same ``client_id`` always gets the result stored the first time (the browser resends
    after a timeout or a lost connection); the view also catches the unique-constraint race.
    """
    if not CLIENT_ID.match(client_id or ""):
        raise ChecklistError(_("The submission has no valid identifier."))
    existing = stored_submission_of(response, client_id)
    if existing is not None:
        return existing.result
    response = _lock(response)
    existing = stored_submission_of(response, client_id)
    if existing is not None:
        return existing.result
    check_visit_day(response.inspection)
    save_answers(response, version, answers, user)
    missing = missing_answers(response)
    if missing:
        raise ChecklistError(_("Answer every item before submitting; missing: %(codes)s.", codes=", ".join(missing)))
    below_one = score_response(response)
    _raise_findings(response, below_one)
    response.inspection.move_to(InspectionStatus.SUBMITTED)
    response.submitted_at = utcnow()
    response.submitted_by_id = user.id
    result = {
        "status": "submitted",
        "response": response.id,
        "total": None if response.total_score is None else str(response.total_score),
        "sections": response.scores,
        "findings": len(below_one),
    }
    db.session.add(ChecklistSubmission(client_id=client_id, response_id=response.id, submitted_by_id=user.id,
                                       result=result))
    record_event(db.session, "submit", response.inspection, client_id=client_id, findings=len(below_one),
                 answers=submitted_answers(response))
    notices.record_submitted(response, client_id)
    return result


# --- the record ---------------------------------------------------------------------------------


def save_record(response: ChecklistResponse, version: object, conclusions: str, name: str,
                present: bool | None) -> None:
    """The lead inspector's conclusions and the unit representative's signature fields."""
    if response.inspection.status in (InspectionStatus.APPROVED, InspectionStatus.CANCELLED):
        raise ChecklistError(_("An approved record can no longer be changed."))
    check_version(response, version)
    response.conclusions = conclusions
    response.representative_name = name
    response.representative_present = present


def approve(response: ChecklistResponse, user: User, today: date) -> None:
    """The leader approves: the record is issued with the next record number of the year, the
    unit sees it, and each finding becomes a corrective action. Never before the day of the visit."""
    if response.inspection.date > today:
        raise ChecklistError(_("A record cannot be approved before the day of the visit (%(day)s).",
                               day=format_date(response.inspection.date, "dd/MM/yyyy")))
    response.inspection.move_to(InspectionStatus.APPROVED)
    response.reviewed_at = utcnow()
    response.reviewed_by_id = user.id
    numbering.issue_record(response, today)
    findings = db.session.scalars(select(Finding).where(Finding.response_id == response.id)).all()
    for finding in findings:
        db.session.add(CorrectiveAction(finding=finding, unit_id=finding.unit_id,
                                        due_date=today + timedelta(days=ACTION_DAYS)))
    record_event(db.session, "approve", response.inspection, actions=len(findings))
    notices.record_approved(response, len(findings))


def return_record(response: ChecklistResponse, user: User, comment: str) -> None:
    if not comment.strip():
        raise ChecklistError(_("Say why the record is returned."))
    response.inspection.move_to(InspectionStatus.RETURNED)
    response.reviewed_at = utcnow()
    response.reviewed_by_id = user.id
    response.review_comment = comment.strip()
    record_event(db.session, "return", response.inspection, note=comment.strip())


# --- corrective actions -------------------------------------------------------------------------


def answer_action(action: CorrectiveAction, version: object, text: str, evidence: Upload | None,
                  user: User) -> None:
    check_version(action, version)
    if not text.strip():
        raise ChecklistError(_("Say what was done."))
    action.move_to(ActionStatus.ANSWERED)
    action.unit_answer = text.strip()
    if evidence is not None:
        action.evidence = uploads.store(evidence, FilePurpose.EVIDENCE, user)
    action.answered_at = utcnow()


def verify_action(action: CorrectiveAction, version: object, user: User, comment: str) -> None:
    check_version(action, version)
    action.move_to(ActionStatus.VERIFIED)
    action.verified_at = utcnow()
    action.verified_by_id = user.id
    action.verifier_comment = comment.strip()
    record_event(db.session, "verify", action, note=comment.strip())


def reopen_action(action: CorrectiveAction, version: object, user: User, comment: str) -> None:
    check_version(action, version)
    if not comment.strip():
        raise ChecklistError(_("Say what is still missing."))
    action.move_to(ActionStatus.REOPENED)
    action.verified_by_id = user.id
    action.verifier_comment = comment.strip()
    record_event(db.session, "reopen", action, note=comment.strip())



# --- templates (admin) --------------------------------------------------------------------------


def new_version(template: ChecklistTemplate) -> ChecklistTemplate:
    """A draft copy of the latest version of ``template``'s key, numbered after it."""
    versions = db.session.scalars(
        select(ChecklistTemplate).where(ChecklistTemplate.key == template.key).order_by(ChecklistTemplate.number)
    ).all()
    if any(v.status == TemplateStatus.DRAFT for v in versions):
        raise ChecklistError(_("A draft of this template already exists: edit it or publish it first."))
    latest = versions[-1]
    copy = ChecklistTemplate(key=latest.key, number=latest.number + 1, name_vi=latest.name_vi,
                             name_en=latest.name_en, status=TemplateStatus.DRAFT)
    for section in latest.sections:
        new_section = TemplateSection(position=section.position, code=section.code, title_vi=section.title_vi,
                                      title_en=section.title_en)
        for item in section.items:
            new_section.items.append(TemplateItem(**{column: getattr(item, column) for column in ITEM_COLUMNS},
                                                  position=item.position))
        copy.sections.append(new_section)
    db.session.add(copy)
    return copy


ITEM_COLUMNS = ("code", "text_vi", "text_en", "guidance_vi", "guidance_en", "answer_type", "target", "weight",
                "evidence_required")


def _check_draft(template: ChecklistTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ChecklistError(_("Only a draft can be edited: make a new version first."))


def save_item(section: TemplateSection, item: TemplateItem | None, values: dict) -> TemplateItem:
    _check_draft(section.template)
    if values["answer_type"] != AnswerType.PERCENT:
        values["target"] = None
    elif not values.get("target"):
        raise ChecklistError(_("A percentage item needs a target between 1 and 100."))
    taken = {i.code for i in section.items if i is not item}
    if values["code"] in taken:
        raise ChecklistError(_("Another item of this section has the code %(code)s.", code=values["code"]))
    if item is None:
        item = TemplateItem(position=len(section.items))
        section.items.append(item)
    for column in ITEM_COLUMNS:
        setattr(item, column, values[column])
    return item


def delete_item(item: TemplateItem) -> None:
    _check_draft(item.section.template)
    item.section.items.remove(item)


def add_section(template: ChecklistTemplate, code: str, title_vi: str, title_en: str) -> TemplateSection:
    _check_draft(template)
    if code in {s.code for s in template.sections}:
        raise ChecklistError(_("Another section has the code %(code)s.", code=code))
    section = TemplateSection(position=len(template.sections), code=code, title_vi=title_vi, title_en=title_en)
    template.sections.append(section)
    return section


def publish_template(template: ChecklistTemplate) -> None:
    """Publish a draft; the version published before it is retired. Checklists already started
    keep the version they began with."""
    if template.status != TemplateStatus.DRAFT:
        raise ChecklistError(_("Only a draft can be published."))
    if not template.items:
        raise ChecklistError(_("A template needs at least one item before it is published."))
    for previous in db.session.scalars(
        select(ChecklistTemplate).where(ChecklistTemplate.key == template.key,
                                        ChecklistTemplate.status == TemplateStatus.PUBLISHED)
    ):
        previous.retire()
    template.publish()
    record_event(db.session, "publish", template, number=template.number)
