"""Checklist templates (admin): versions, sections, items, publishing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from inspection.checklists import bp, operations
from inspection.checklists.forms import SectionForm, TemplateItemForm, item_text
from inspection.checklists.operations import ChecklistError
from inspection.security import roles_required
from models.base import db
from models.checklists import ChecklistTemplate, TemplateItem, TemplateSection
from models.users import Role


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
    return render_template("checklists/template.html", template=db.get_or_404(ChecklistTemplate, template_id),
                           section_form=SectionForm(), item_text=item_text)


@bp.route("/templates/<int:template_id>/new-version", methods=["POST"])
@roles_required(Role.ADMIN)
def new_version(template_id: int):
    template = db.get_or_404(ChecklistTemplate, template_id)
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
    template = db.get_or_404(ChecklistTemplate, template_id)
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
    template = db.get_or_404(ChecklistTemplate, template_id)
    return _edit_item(template, _section(template, section_id), None)


def _item(template: ChecklistTemplate, item_id: int) -> TemplateItem:
    item = next((i for i in template.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


@bp.route("/templates/<int:template_id>/items/<int:item_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_item(template_id: int, item_id: int):
    template = db.get_or_404(ChecklistTemplate, template_id)
    item = _item(template, item_id)
    return _edit_item(template, item.section, item)


@bp.route("/templates/<int:template_id>/items/<int:item_id>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def delete_item(template_id: int, item_id: int):
    template = db.get_or_404(ChecklistTemplate, template_id)
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
    template = db.get_or_404(ChecklistTemplate, template_id)
    try:
        operations.publish_template(template)
        db.session.commit()
        flash(_("Version %(n)s is published; checklists already started keep their version.", n=template.number),
              "success")
    except ChecklistError as error:
        db.session.rollback()
        flash(str(error), "error")
    return _template_page(template)
