"""Routes of the checklists domain: filling on site, the record, its review and what follows."""

from __future__ import annotations

import json

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspection import clock, uploads
from inspection.checklists import bp, operations, queries
from inspection.checklists.files import PDF, UploadError, check_evidence, check_photo
from inspection.checklists.forms import (
    ActionAnswerForm,
    ActionReviewForm,
    ApproveForm,
    RecordForm,
    ReturnForm,
    SectionForm,
    TemplateItemForm,
    checklist_form_class,
    item_text,
)
from inspection.checklists.operations import ChecklistError
from inspection.concurrency import CONFLICTS, MESSAGE, conflict_response, wants_json
from inspection.config import PROJECT_ROOT
from inspection.security import public, roles_required, visible_inspection_or_404
from models.base import TransitionError, db
from models.checklists import (
    Answer,
    ChecklistResponse,
    ChecklistTemplate,
    CorrectiveAction,
    Photo,
    TemplateItem,
    TemplateSection,
)
from models.planning import Inspection, InspectionStatus
from models.users import Role, User

EDITABLE = InspectionStatus.IN_PROGRESS


# --- loading (404 / 403 decided here) -----------------------------------------------------------


def _team_inspection(inspection_id: int) -> Inspection:
    """Only the assigned team fills a checklist; a surprise visit stays hidden from others."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None:
        abort(404)
    if not inspection.has_member(current_user) or inspection.published_at is None:
        abort(404 if inspection.is_surprise or inspection.published_at is None else 403)
    return inspection


def _team_response(response_id: int) -> ChecklistResponse:
    response = db.session.get(ChecklistResponse, response_id)
    if response is None:
        abort(404)
    _team_inspection(response.inspection_id)
    return response


def _readable_response(response_id: int) -> ChecklistResponse:
    """The record: the team, leaders and planners; the unit only once it is approved."""
    response = db.session.get(ChecklistResponse, response_id)
    if response is None:
        abort(404)
    if current_user.role == Role.INSPECTOR:
        _team_inspection(response.inspection_id)
        return response
    inspection = visible_inspection_or_404(current_user, response.inspection_id, clock.today())
    if current_user.role == Role.UNIT and inspection.status != InspectionStatus.APPROVED:
        abort(404)
    return response


def _is_lead(inspection: Inspection) -> bool:
    return current_user.inspector is not None and inspection.lead_id == current_user.inspector.id


# --- my inspections -----------------------------------------------------------------------------


@bp.route("/mine")
@roles_required(Role.INSPECTOR)
def my_inspections():
    inspections = queries.my_inspections(current_user, clock.today())
    return render_template("checklists/mine.html", inspections=inspections, today=clock.today())


@bp.route("/inspections/<int:inspection_id>/start", methods=["POST"])
@roles_required(Role.INSPECTOR)
def start(inspection_id: int):
    inspection = _team_inspection(inspection_id)
    try:
        operations.start_checklist(inspection)
        db.session.commit()
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("checklists.my_inspections"))
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


def _state(response: ChecklistResponse) -> dict:
    return {
        "response": response.id,
        "version": response.version,
        "answers": {str(a.item_id): answer_state(a) for a in response.answers},
    }


@bp.route("/inspections/<int:inspection_id>")
@roles_required(Role.INSPECTOR)
def fill(inspection_id: int):
    inspection = _team_inspection(inspection_id)
    response = operations.response_of(inspection)
    if response is not None and inspection.status in (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED):
        return redirect(url_for("checklists.record", response_id=response.id))
    if response is None or inspection.status != EDITABLE:
        return render_template("checklists/start.html", inspection=inspection, response=response)
    form = checklist_form_class(response.template)(data=_form_data(response))
    return render_template(
        "checklists/fill.html", inspection=inspection, response=response, form=form,
        state=_state(response), item_text=item_text,
    )


def _form_data(response: ChecklistResponse) -> dict:
    data = {}
    for answer in response.answers:
        value = answer.choice.value if answer.choice else answer.number
        data[f"item_{answer.item_id}"] = value
        data[f"note_{answer.item_id}"] = answer.note
    return data


def _payload() -> dict:
    """JSON from the page's script; a plain form post counts as an empty save."""
    payload = request.get_json(silent=True)
    if isinstance(payload, dict):
        return payload
    form = request.form.to_dict()
    form["answers"] = json.loads(form["answers"]) if form.get("answers", "").startswith("{") else {}
    return form


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


def _refused(message: str, status: int = 400) -> tuple[Response, int]:
    db.session.rollback()
    return jsonify({"error": "refused", "message": message}), status


@bp.route("/responses/<int:response_id>/draft", methods=["POST"])
@roles_required(Role.INSPECTOR)
def save_draft(response_id: int):
    response = _team_response(response_id)
    payload = _payload()
    try:
        answers = operations.parse_answers(response.template, payload.get("answers") or {})
        operations.save_answers(response, payload.get("version"), answers, current_user)
        db.session.commit()
    except ChecklistError as error:
        return _refused(str(error), 409 if response.inspection.status != EDITABLE else 400)
    except CONFLICTS:
        return _stale(response, answers)
    return jsonify(_state(response))


@bp.route("/responses/<int:response_id>/submit", methods=["POST"])
@roles_required(Role.INSPECTOR)
def submit(response_id: int):
    response = _team_response(response_id)
    payload = _payload()
    client_id = str(payload.get("client_id") or "")
    try:
        answers = operations.parse_answers(response.template, payload.get("answers") or {})
        result = operations.submit(response, client_id, payload.get("version"), answers, current_user)
        db.session.commit()
    except ChecklistError as error:
        closed = db.session.get(Inspection, response.inspection_id).status != EDITABLE
        return _already_stored(client_id) or _refused(str(error), 409 if closed else 400)
    except (*CONFLICTS, IntegrityError, TransitionError):
        # A concurrent resend of the same submission got there first: answer what it stored.
        return _already_stored(client_id) or _stale(response, answers)
    return jsonify(dict(result, record_url=url_for("checklists.record", response_id=response_id)))


def _already_stored(client_id: str):
    db.session.rollback()
    stored = operations.stored_submission(client_id) if client_id else None
    if stored is None:
        return None
    return jsonify(dict(stored.result, record_url=url_for("checklists.record", response_id=stored.response_id)))


@bp.route("/responses/<int:response_id>/items/<int:item_id>/photos", methods=["POST"])
@roles_required(Role.INSPECTOR)
def upload_photo(response_id: int, item_id: int):
    response = _team_response(response_id)
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
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        abort(404)
    _readable_response(photo.answer.response_id)
    return uploads.send(photo.display_file or photo.file, max_age=3600)


@bp.route("/sw.js")
@public
def service_worker():
    """Served from /checklists/ so that its scope covers the checklist pages."""
    return send_file(PROJECT_ROOT / "static" / "js" / "checklist-sw.js", mimetype="text/javascript", max_age=0)


# --- the record ---------------------------------------------------------------------------------


@bp.route("/records/<int:response_id>")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def record(response_id: int):
    response = _readable_response(response_id)
    inspection = response.inspection
    record_form = RecordForm(
        data={
            "version": response.version,
            "conclusions": response.conclusions,
            "representative_name": response.representative_name,
            "representative_present": None
            if response.representative_present is None
            else ("1" if response.representative_present else "0"),
        }
    )
    answers = {a.item_id: a for a in response.answers}
    return render_template(
        "checklists/record.html",
        response=response,
        inspection=inspection,
        answers=answers,
        findings=queries.findings_of(response),
        record_form=record_form,
        approve_form=ApproveForm(),
        return_form=ReturnForm(),
        is_lead=_is_lead(inspection),
        agency=current_app.config["AGENCY_NAME"],
        item_text=item_text,
        today=clock.today(),
    )


@bp.route("/records/<int:response_id>/conclusions", methods=["POST"])
@roles_required(Role.INSPECTOR)
def save_conclusions(response_id: int):
    response = _team_response(response_id)
    if not _is_lead(response.inspection):
        abort(403)
    form = RecordForm()
    if form.validate_on_submit():
        present = {"1": True, "0": False}.get(form.representative_present.data or "")
        try:
            operations.save_record(response, form.version.data, form.conclusions.data or "",
                                   (form.representative_name.data or "").strip(), present)
            db.session.commit()
            flash(_("The record was saved."), "success")
        except ChecklistError as error:
            db.session.rollback()
            flash(str(error), "error")
        except CONFLICTS:
            return conflict_response(url_for("checklists.record", response_id=response_id))
    else:
        flash(_("The record could not be saved: check the fields."), "error")
    return redirect(url_for("checklists.record", response_id=response_id))


@bp.route("/records")
@roles_required(Role.LEADER, Role.PLANNER, Role.UNIT)
def records():
    status = request.args.get("status", InspectionStatus.SUBMITTED.value)
    chosen = InspectionStatus(status) if status in {s.value for s in InspectionStatus} else None
    return render_template("checklists/records.html", records=queries.records(current_user, clock.today(), chosen),
                           status=chosen.value if chosen else "")


def _reviewed(response_id: int) -> ChecklistResponse:
    response = db.session.get(ChecklistResponse, response_id)
    if response is None:
        abort(404)
    return response


@bp.route("/records/<int:response_id>/approve", methods=["POST"])
@roles_required(Role.LEADER)
def approve(response_id: int):
    response = _reviewed(response_id)
    if ApproveForm().validate_on_submit():
        try:
            operations.approve(response, current_user, clock.today())
            db.session.commit()
            flash(_("The record was approved; the unit can now see it."), "success")
        except TransitionError:
            db.session.rollback()
            flash(_("Only a submitted record can be approved."), "error")
        except CONFLICTS:
            return conflict_response(url_for("checklists.record", response_id=response_id))
    return redirect(url_for("checklists.record", response_id=response_id))


@bp.route("/records/<int:response_id>/return", methods=["POST"])
@roles_required(Role.LEADER)
def return_record(response_id: int):
    response = _reviewed(response_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        flash(_("Say why the record is returned."), "error")
        return redirect(url_for("checklists.record", response_id=response_id))
    try:
        operations.return_record(response, current_user, form.comment.data)
        db.session.commit()
        flash(_("The record was returned to the inspection team."), "success")
    except TransitionError:
        db.session.rollback()
        flash(_("Only a submitted record can be returned."), "error")
    except CONFLICTS:
        return conflict_response(url_for("checklists.record", response_id=response_id))
    return redirect(url_for("checklists.record", response_id=response_id))


# --- corrective actions -------------------------------------------------------------------------


@bp.route("/actions")
@roles_required(Role.UNIT, Role.INSPECTOR, Role.LEADER, Role.PLANNER)
def actions():
    return render_template("checklists/actions.html", actions=queries.actions_for(current_user), today=clock.today(),
                           item_text=item_text)


def _action(action_id: int) -> CorrectiveAction:
    action = db.session.get(CorrectiveAction, action_id)
    if action is None:
        abort(404)
    _readable_response(action.finding.response_id)
    if action.finding.inspection.status != InspectionStatus.APPROVED:
        abort(404)
    return action


@bp.route("/actions/<int:action_id>")
@roles_required(Role.UNIT, Role.INSPECTOR, Role.LEADER, Role.PLANNER)
def action(action_id: int):
    action = _action(action_id)
    version = {"version": action.version}
    return render_template(
        "checklists/action.html", action=action, today=clock.today(), item_text=item_text,
        answer_form=ActionAnswerForm(data=version), review_form=ActionReviewForm(data=version),
        is_lead=_is_lead(action.finding.inspection),
    )


@bp.route("/actions/<int:action_id>/answer", methods=["POST"])
@roles_required(Role.UNIT)
def answer_action(action_id: int):
    action = _action(action_id)
    form = ActionAnswerForm()
    if not form.validate_on_submit():
        flash(_("Say what was done."), "error")
        return redirect(url_for("checklists.action", action_id=action_id))
    try:
        upload = form.evidence.data
        evidence = check_evidence(upload.stream, upload.filename) if upload and upload.filename else None
        operations.answer_action(action, form.version.data, form.answer.data, evidence, current_user)
        db.session.commit()
        flash(_("Your answer was sent to the inspection team."), "success")
    except (UploadError, ChecklistError, TransitionError) as error:
        db.session.rollback()
        flash(str(error) if not isinstance(error, TransitionError) else _("This action was already answered."),
              "error")
    except CONFLICTS:
        return conflict_response(url_for("checklists.action", action_id=action_id))
    return redirect(url_for("checklists.action", action_id=action_id))


def _review_action(action_id: int, operation, done: str):
    action = _action(action_id)
    if not _is_lead(action.finding.inspection):
        abort(403)
    form = ActionReviewForm()
    if form.validate_on_submit():
        try:
            operation(action, form.version.data, current_user, form.comment.data or "")
            db.session.commit()
            flash(done, "success")
        except ChecklistError as error:
            db.session.rollback()
            flash(str(error), "error")
        except TransitionError:
            db.session.rollback()
            flash(_("Only an answered action can be verified or reopened."), "error")
        except CONFLICTS:
            return conflict_response(url_for("checklists.action", action_id=action_id))
    return redirect(url_for("checklists.action", action_id=action_id))


@bp.route("/actions/<int:action_id>/verify", methods=["POST"])
@roles_required(Role.INSPECTOR)
def verify_action(action_id: int):
    return _review_action(action_id, operations.verify_action, _("The action is verified."))


@bp.route("/actions/<int:action_id>/reopen", methods=["POST"])
@roles_required(Role.INSPECTOR)
def reopen_action(action_id: int):
    return _review_action(action_id, operations.reopen_action, _("The action was reopened."))


@bp.route("/actions/<int:action_id>/evidence")
@roles_required(Role.UNIT, Role.INSPECTOR, Role.LEADER, Role.PLANNER)
def action_evidence(action_id: int):
    evidence = _action(action_id).evidence
    return uploads.send(evidence, as_attachment=evidence is not None and evidence.content_type == PDF)


# --- templates (admin) --------------------------------------------------------------------------


def _template(template_id: int) -> ChecklistTemplate:
    template = db.session.get(ChecklistTemplate, template_id)
    if template is None:
        abort(404)
    return template


def _template_page(template: ChecklistTemplate):
    return redirect(url_for("checklists.template", template_id=template.id))


@bp.route("/templates")
@roles_required(Role.ADMIN)
def templates():
    versions = db.session.scalars(
        select(ChecklistTemplate).order_by(ChecklistTemplate.key, ChecklistTemplate.number.desc())
    ).all()
    return render_template("checklists/templates.html", versions=versions)


@bp.route("/templates/<int:template_id>")
@roles_required(Role.ADMIN)
def template(template_id: int):
    return render_template("checklists/template.html", template=_template(template_id), section_form=SectionForm(),
                           item_text=item_text)


@bp.route("/templates/<int:template_id>/new-version", methods=["POST"])
@roles_required(Role.ADMIN)
def new_version(template_id: int):
    template = _template(template_id)
    try:
        draft = operations.new_version(template)
        db.session.commit()
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _template_page(template)
    flash(_("Version %(n)s was created as a draft.", n=draft.number), "success")
    return _template_page(draft)


@bp.route("/templates/<int:template_id>/sections", methods=["POST"])
@roles_required(Role.ADMIN)
def add_section(template_id: int):
    template = _template(template_id)
    form = SectionForm()
    if not form.validate_on_submit():
        flash(_("The section could not be added: fill in the code and both titles."), "error")
        return _template_page(template)
    try:
        operations.add_section(template, form.code.data.strip(), form.title_vi.data.strip(),
                               form.title_en.data.strip())
        db.session.commit()
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
    return _template_page(template)


def _section(template: ChecklistTemplate, section_id: int) -> TemplateSection:
    section = next((s for s in template.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section


def _edit_item(template: ChecklistTemplate, section: TemplateSection, item: TemplateItem | None):
    form = TemplateItemForm(obj=item)
    if form.validate_on_submit():
        try:
            operations.save_item(section, item, form.values())
            db.session.commit()
            flash(_("The item was saved."), "success")
            return _template_page(template)
        except ChecklistError as error:
            db.session.rollback()
            form.code.errors.append(str(error))
    return render_template("checklists/item_form.html", form=form, template=template, section=section, item=item)


@bp.route("/templates/<int:template_id>/sections/<int:section_id>/items/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_item(template_id: int, section_id: int):
    template = _template(template_id)
    return _edit_item(template, _section(template, section_id), None)


def _item(template: ChecklistTemplate, item_id: int) -> TemplateItem:
    item = next((i for i in template.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


@bp.route("/templates/<int:template_id>/items/<int:item_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_item(template_id: int, item_id: int):
    template = _template(template_id)
    item = _item(template, item_id)
    return _edit_item(template, item.section, item)


@bp.route("/templates/<int:template_id>/items/<int:item_id>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def delete_item(template_id: int, item_id: int):
    template = _template(template_id)
    try:
        operations.delete_item(_item(template, item_id))
        db.session.commit()
        flash(_("The item was removed."), "success")
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
    return _template_page(template)


@bp.route("/templates/<int:template_id>/publish", methods=["POST"])
@roles_required(Role.ADMIN)
def publish_template(template_id: int):
    template = _template(template_id)
    try:
        operations.publish_template(template)
        db.session.commit()
        flash(_("Version %(n)s is published; checklists already started keep their version.", n=template.number),
              "success")
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
    return _template_page(template)
