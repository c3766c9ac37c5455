"""Corrective actions: the unit answers a finding, the lead verifies or reopens it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspection import clock, uploads
from inspection.checklists import bp, operations, queries
from inspection.checklists.files import PDF, UploadError, check_evidence
from inspection.checklists.forms import ActionAnswerForm, ActionReviewForm, item_text
from inspection.checklists.operations import ChecklistError
from inspection.checklists.views.access import is_lead, readable_action_or_404
from inspection.concurrency import CONFLICTS, conflict_response
from inspection.security import roles_required
from models.base import TransitionError, db
from models.checklists import CorrectiveAction
from models.users import Role


@bp.route("/actions")
@roles_required(Role.UNIT, Role.INSPECTOR, Role.LEADER, Role.PLANNER)
def actions():
    today = clock.today()
    return render_template("checklists/actions.html", actions=queries.actions_for(current_user, today), today=today,
                           item_text=item_text)


def _action(action_id: int) -> CorrectiveAction:
    return readable_action_or_404(action_id)


@bp.route("/actions/<int:action_id>")
@roles_required(Role.UNIT, Role.INSPECTOR, Role.LEADER, Role.PLANNER)
def action(action_id: int):
    action = _action(action_id)
    version = {"version": action.version}
    return render_template(
        "checklists/action.html", action=action, today=clock.today(), item_text=item_text,
        answer_form=ActionAnswerForm(data=version), review_form=ActionReviewForm(data=version),
        is_lead=is_lead(action.finding.inspection),
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
    if not is_lead(action.finding.inspection):
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
