"""Filling a checklist on site: the inspector's visits, starting, drafts, submitting, photos."""

from __future__ import annotations

from flask import Response, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspection import clock, uploads
from inspection.checklists import bp, operations, queries
from inspection.checklists.files import UploadError, check_photo
from inspection.checklists.forms import checklist_form_class, item_text
from inspection.checklists.operations import ChecklistError, SubmissionOfAnotherChecklist
from inspection.checklists.views.access import (
    readable_photo_or_404,
    team_inspection_or_404,
    team_response_or_404,
)
from inspection.concurrency import CONFLICTS, MESSAGE, wants_json
from inspection.config import PROJECT_ROOT
from inspection.security import public, roles_required
from models.base import TransitionError, db
from models.checklists import Answer, ChecklistResponse, ChecklistSubmission
from models.planning import Inspection, InspectionStatus
from models.users import Role, User

EDITABLE = InspectionStatus.IN_PROGRESS
#: Statuses whose checklist page can be filled (a planned or returned one is started by the first save).
FILLABLE = (InspectionStatus.PLANNED, InspectionStatus.RETURNED, InspectionStatus.IN_PROGRESS)


@bp.route("/mine")
@roles_required(Role.INSPECTOR)
def my_inspections():
    inspections = queries.my_inspections(current_user, clock.today())
    return render_template("checklists/mine.html", inspections=inspections, today=clock.today())


@bp.route("/inspections/<int:inspection_id>/start", methods=["POST"])
@roles_required(Role.INSPECTOR)
def start(inspection_id: int):
    """Start (or continue a returned) checklist. The page's script starts it this way before its
    first save, and gets the checklist's state and addresses as JSON."""
    inspection = team_inspection_or_404(inspection_id)
    try:
        response = operations.start_checklist(inspection)
        db.session.commit()
    except ChecklistError as error:
        db.session.rollback()
        if wants_json():
            return _refused(str(error), 400, "not_started")
        flash(str(error), "error")
        return redirect(url_for("checklists.my_inspections"))
    if wants_json():
        return jsonify(dict(_state(response), **_addresses(response)))
    return redirect(url_for("checklists.fill", inspection_id=inspection.id))


# --- filling ------------------------------------------------------------------------------------


def answer_state(answer: Answer) -> dict:
    return {
        "choice": answer.choice.value if answer.choice else None,
        "number": None if answer.number is None else format(answer.number.normalize(), "f"),
        "note": answer.note or "",
        "at": answer.updated_at.isoformat() if answer.updated_at else None,
        "by": _user_name(answer.updated_by_id),
        "photos": [{"id": p.id, "url": url_for("checklists.photo", photo_id=p.id)} for p in answer.photos],
    }


def _user_name(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return user.full_name if user else ""


def _state(response: ChecklistResponse | None) -> dict:
    """What the page's script starts from: the stored draft (none before the checklist is started)."""
    if response is None:
        return {"response": None, "version": None, "started": False, "answers": {}}
    return {
        "response": response.id,
        "version": response.version,
        "started": response.inspection.status == EDITABLE,
        "answers": {str(a.item_id): answer_state(a) for a in response.answers},
    }


def _addresses(response: ChecklistResponse) -> dict:
    return {"draft_url": url_for("checklists.save_draft", response_id=response.id),
            "submit_url": url_for("checklists.submit", response_id=response.id)}


@bp.route("/inspections/<int:inspection_id>")
@roles_required(Role.INSPECTOR)
def fill(inspection_id: int):
    """The checklist, ready to fill even before it is started (and so offline, once kept by the
    service worker): the script starts it on the server with its first save."""
    inspection = team_inspection_or_404(inspection_id)
    response = operations.response_of(inspection)
    if response is not None and inspection.status in (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED):
        return redirect(url_for("checklists.record", response_id=response.id))
    template = response.template if response is not None else operations.template_for(inspection)
    if template is None or inspection.status not in FILLABLE:
        return render_template("checklists/start.html", inspection=inspection, response=response)
    form = checklist_form_class(template)(data=_form_data(response))
    return render_template(
        "checklists/fill.html", inspection=inspection, response=response, template=template, form=form,
        state=dict(_state(response), **(_addresses(response) if response else {})), item_text=item_text,
        today=clock.today(),
    )


def _form_data(response: ChecklistResponse | None) -> dict:
    data = {}
    for answer in response.answers if response is not None else ():
        value = answer.choice.value if answer.choice else answer.number
        data[f"item_{answer.item_id}"] = value
        data[f"note_{answer.item_id}"] = answer.note
    return data


class BadBody(ValueError):
    """The request's body could not be read: a 400, never taken for a stale save."""


def _payload() -> dict:
    """JSON from the page's script, or a form post whose ``answers`` field holds the JSON (read
    with the app's bounded JSON: too deep a nesting is unreadable too)."""
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise BadBody
        return payload
    form = request.form.to_dict()
    try:
        form["answers"] = current_app.json.loads(form.get("answers") or "{}")
    except ValueError as error:
        raise BadBody from error
    return form


def _bad_body() -> tuple[Response, int]:
    return _refused(_("The request could not be read: it is not a valid checklist save."), 400, "bad_request")


def _stale(response: ChecklistResponse, answers: dict) -> Response:
    db.session.rollback()
    response = db.session.get(ChecklistResponse, response.id)
    items = {item.id: item for item in response.template.items}
    conflicts = [
        {
            "item": str(item_id),
            "code": items[item_id].code,
            "text": item_text(items[item_id]),
            "yours": {"choice": given.choice.value if given.choice else None,
                      "number": None if given.number is None else format(given.number.normalize(), "f"),
                      "note": given.note},
            "theirs": answer_state(stored),
        }
        for item_id, given, stored in operations.conflicts(response, answers)
    ]
    body = {"error": "stale", "message": str(MESSAGE), "conflicts": conflicts, **_state(response)}
    return jsonify(body), 409


def _refused(message: str, status: int = 400, error: str = "refused", **extra) -> tuple[Response, int]:
    db.session.rollback()
    return jsonify({"error": error, "message": message, **extra}), status


@bp.route("/responses/<int:response_id>/draft", methods=["POST"])
@roles_required(Role.INSPECTOR)
def save_draft(response_id: int):
    response = team_response_or_404(response_id)
    try:
        payload = _payload()
    except BadBody:
        return _bad_body()
    try:
        answers = operations.parse_answers(response.template, payload.get("answers") or {})
        operations.save_answers(response, payload.get("version"), answers, current_user)
        db.session.flush()
        state = _state(response)  # read before the commit expires it: nothing to load again
        db.session.commit()
    except ChecklistError as error:
        return _refused(str(error), 409 if response.inspection.status != EDITABLE else 400)
    except CONFLICTS:
        return _stale(response, answers)
    return jsonify(state)


@bp.route("/responses/<int:response_id>/submit", methods=["POST"])
@roles_required(Role.INSPECTOR)
def submit(response_id: int):
    response = team_response_or_404(response_id)
    try:
        payload = _payload()
    except BadBody:
        return _bad_body()
    client_id = str(payload.get("client_id") or "")
    try:
        answers = operations.parse_answers(response.template, payload.get("answers") or {})
        result = operations.submit(response, client_id, payload.get("version"), answers, current_user)
        db.session.commit()
    except SubmissionOfAnotherChecklist as error:
        return _refused(str(error), 409, "client_id_taken", client_id=client_id)
    except ChecklistError as error:
        closed = db.session.get(Inspection, response.inspection_id).status != EDITABLE
        return _already_stored(response, client_id) or _refused(str(error), 409 if closed else 400,
                                                                client_id=client_id)
    except (*CONFLICTS, IntegrityError, TransitionError):
        # A concurrent resend of the same submission got there first: answer what it stored.
        return _already_stored(response, client_id) or _stale(response, answers)
    return _submitted(client_id, result, response_id)


def _submitted(client_id: str, result: dict, response_id: int) -> Response:
    """The answer that lets the tablet drop its queued copy: it names the submission it stored."""
    return jsonify(dict(result, client_id=client_id,
                        record_url=url_for("checklists.record", response_id=response_id)))


def _already_stored(response: ChecklistResponse, client_id: str):
    db.session.rollback()
    stored = db.session.scalar(select(ChecklistSubmission).where(ChecklistSubmission.client_id == client_id,
                                                                 ChecklistSubmission.response_id == response.id))
    return None if stored is None else _submitted(client_id, stored.result, stored.response_id)


@bp.route("/responses/<int:response_id>/items/<int:item_id>/photos", methods=["POST"])
@roles_required(Role.INSPECTOR)
def upload_photo(response_id: int, item_id: int):
    response = team_response_or_404(response_id)
    upload = request.files.get("photo")
    try:
        if upload is None or not upload.filename:
            raise UploadError(_("Choose a photo first."))
        answer = operations.answer_for_photo(response, item_id, current_user)
        photo = operations.add_photo(answer, check_photo(upload.stream, upload.filename), current_user)
        db.session.commit()
    except (UploadError, ChecklistError) as error:
        db.session.rollback()
        if wants_json():
            return jsonify({"error": "photo", "item": str(item_id), "message": str(error)}), 422
        flash(str(error), "error")
        return redirect(url_for("checklists.fill", inspection_id=response.inspection_id))
    if wants_json():
        return jsonify({"item": str(item_id), "photos": answer_state(answer)["photos"], "id": photo.id})
    return redirect(url_for("checklists.fill", inspection_id=response.inspection_id))


@bp.route("/photos/<int:photo_id>")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def photo(photo_id: int):
    photo = readable_photo_or_404(photo_id)
    return uploads.send(photo.display_file or photo.file, max_age=3600)


@bp.route("/sw.js")
@public
def service_worker():
    """Served from /checklists/ so that its scope covers the checklist pages."""
    return send_file(PROJECT_ROOT / "static" / "js" / "checklist-sw.js", mimetype="text/javascript", max_age=0)
