"""The inspection record (biên bản): the lead's conclusions, the list of records, the leader's review."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspection import clock
from inspection.checklists import bp, operations, queries, record_document
from inspection.checklists.forms import ApproveForm, RecordForm, ReturnForm, item_text
from inspection.checklists.operations import ChecklistError
from inspection.checklists.views.access import is_lead, readable_response_or_404, team_response_or_404
from inspection.concurrency import CONFLICTS, conflict_response
from inspection.documents import layout
from inspection.security import roles_required
from models.base import TransitionError, db
from models.planning import InspectionStatus
from models.users import Role


@bp.route("/records/<int:response_id>")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def record(response_id: int):
    response = readable_response_or_404(response_id)
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
    return render_template(
        "checklists/record.html",
        response=response,
        inspection=inspection,
        findings=queries.findings_of(response),
        item_text=item_text,
        record_form=record_form,
        approve_form=ApproveForm(),
        return_form=ReturnForm(),
        is_lead=is_lead(inspection),
        document=record_document.body(response),
        today=clock.today(),
    )


@bp.route("/records/<int:response_id>/print")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def record_print(response_id: int):
    response = readable_response_or_404(response_id)
    return layout.print_view(record_document.body(response), record_document.title(response),
                             pdf_url=url_for("checklists.record_pdf", response_id=response.id),
                             back_url=url_for("checklists.record", response_id=response.id))


@bp.route("/records/<int:response_id>/record.pdf")
@roles_required(Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT)
def record_pdf(response_id: int):
    response = readable_response_or_404(response_id)
    return layout.pdf_response(record_document.body(response), record_document.title(response),
                               record_document.filename(response), record_document.photos(response))


@bp.route("/records/<int:response_id>/conclusions", methods=["POST"])
@roles_required(Role.INSPECTOR)
def save_conclusions(response_id: int):
    response = team_response_or_404(response_id)
    if not is_lead(response.inspection):
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


def _review(response_id: int, decide: Callable[[], None], done: str, refused: str):
    """Carry out the leader's decision on a record, then back to the record saying how it went."""
    back = url_for("checklists.record", response_id=response_id)
    try:
        decide()
        db.session.commit()
        flash(done, "success")
    except TransitionError:
        db.session.rollback()
        flash(refused, "error")
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
    except CONFLICTS:
        return conflict_response(back)
    return redirect(back)


@bp.route("/records/<int:response_id>/approve", methods=["POST"])
@roles_required(Role.LEADER)
def approve(response_id: int):
    response = readable_response_or_404(response_id)
    if not ApproveForm().validate_on_submit():
        return redirect(url_for("checklists.record", response_id=response_id))
    return _review(response_id, lambda: operations.approve(response, current_user, clock.today()),
                   _("The record was approved; the unit can now see it."),
                   _("Only a submitted record can be approved."))


@bp.route("/records/<int:response_id>/return", methods=["POST"])
@roles_required(Role.LEADER)
def return_record(response_id: int):
    response = readable_response_or_404(response_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        flash(_("Say why the record is returned."), "error")
        return redirect(url_for("checklists.record", response_id=response_id))
    return _review(response_id, lambda: operations.return_record(response, current_user, form.comment.data),
                   _("The record was returned to the inspection team."),
                   _("Only a submitted record can be returned."))
