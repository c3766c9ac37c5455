"""The admins' page of the documents' header, signer and recipients."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from inspection.documents import bp
from inspection.documents.forms import DocumentSettingsForm
from inspection.documents.settings import document_settings, save_document_settings
from inspection.security import roles_required
from models import Role, db


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():
    form = DocumentSettingsForm(data=asdict(document_settings()) if request.method == "GET" else None)
    if form.validate_on_submit():
        save_document_settings(form.data)
        db.session.commit()
        flash(_("The document header was saved."), "success")
        return redirect(url_for("documents.settings"))
    return render_template("documents/settings.html", form=form)

