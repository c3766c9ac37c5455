"""Forms of the admin pages. Choices that come from the database are filled by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from inspection import import_files
from inspection.forms import FlaskForm
from inspection.labels import choices
from inspection.orgs import unit_import
from models import Role, UnitKind

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _at_most(count: int) -> Length:
    return Length(max=count, message=_l("At most %(max)d characters."))


def _optional_id(value) -> int | None:
    """SelectField coercion: "" (no choice) becomes None."""
    if value in (None, "", "None"):
        return None
    return int(value)


class VersionedForm(FlaskForm):
    #: The version of the record the form was loaded with (optimistic locking).
    version = HiddenField()


class UserForm(VersionedForm):
    username = StringField(_l("Username"), validators=[DataRequired(), _at_most(80)])
    full_name = StringField(_l("Full name"), validators=[DataRequired(), _at_most(200)])
    email = StringField(_l("Email"), validators=[
        Optional(), _at_most(200), Regexp(EMAIL_PATTERN, message=_l("Not a valid email address."))])
    role = SelectField(_l("Role"), choices=choices(Role), validators=[DataRequired()])
    unit_id = SelectField(_l("Unit"), coerce=_optional_id, validators=[Optional()],
                          description=_l("Required for a unit focal point."))
    inspector_id = SelectField(_l("Inspector record"), coerce=_optional_id, validators=[Optional()],
                               description=_l("Only for the inspector role: the inspector this login belongs to."))
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(
        _l("Password"),
        description=_l("At least 12 characters, hard to guess, without the user's name. "
                       "Leave empty to keep the current password."),
    )
    submit = SubmitField(_l("Save"))


def _not_an_example_code(form, field) -> None:
    if unit_import.EXAMPLE_CODE.match(field.data or ""):
        raise ValidationError(_l("Codes VD-01, VD-02 … are kept for the example rows of the import template."))


class UnitForm(VersionedForm):
    code = StringField(_l("Code"), validators=[DataRequired(), _at_most(32), _not_an_example_code])
    name = StringField(_l("Name"), validators=[DataRequired(), _at_most(300)])
    kind = SelectField(_l("Kind"), choices=choices(UnitKind), validators=[DataRequired()])
    parent_id = SelectField(_l("Parent unit"), coerce=_optional_id, validators=[Optional()])
    head_name = StringField(_l("Head of the unit"), validators=[Optional(), _at_most(200)])
    address = StringField(_l("Address"), validators=[Optional(), _at_most(300)])
    area = StringField(_l("Area (district)"), validators=[Optional(), _at_most(100)],
                       description=_l("Used for travel: an inspector's two visits on one day stay in one area."))
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class InspectorForm(VersionedForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), _at_most(200)])
    user_id = SelectField(_l("Login"), coerce=_optional_id, validators=[Optional()],
                          description=_l("A user with the inspector role, if this inspector logs in."))
    home_unit_id = SelectField(_l("Home unit"), coerce=_optional_id, validators=[Optional()],
                               description=_l("The inspector never inspects their own unit."))
    can_lead = BooleanField(_l("Can lead a team"))
    max_per_week = IntegerField(_l("Inspections per week at most"), default=3,
                                validators=[InputRequired(), NumberRange(min=0, max=20)])
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class PeriodForm(FlaskForm):
    """From and to (inclusive), with a short reason."""

    start_date = DateField(_l("From"), validators=[InputRequired()])
    end_date = DateField(_l("To"), validators=[InputRequired()])
    note = StringField(_l("Reason"), validators=[Optional(), _at_most(200)])


class LeaveForm(PeriodForm):
    inspector_id = SelectField(_l("Inspector"), coerce=_optional_id, validators=[InputRequired()])
    submit = SubmitField(_l("Add leave"))


class BlackoutForm(PeriodForm):
    unit_id = SelectField(_l("Unit"), coerce=_optional_id, validators=[InputRequired()],
                          description=_l("No inspection of the unit is planned on these days."))
    submit = SubmitField(_l("Add the days"))


class ConflictForm(FlaskForm):
    unit_id = SelectField(_l("Unit"), coerce=_optional_id, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), _at_most(2000)])
    submit = SubmitField(_l("Declare conflict"))


class HolidayForm(FlaskForm):
    date = DateField(_l("Date"), validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), _at_most(200)])
    submit = SubmitField(_l("Save"))


class FillYearForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    submit = SubmitField(_l("Fill the year from the Vietnamese calendar"))


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(), FileAllowed(import_files.EXTENSIONS, _l("Choose an .xlsx or .csv file."))],
        description=import_files.FORMATS,
    )
    clear_blanks = BooleanField(_l("Empty cells clear the stored values"),
                                description=_l("Otherwise an empty cell leaves the unit's stored value as it is."))
    submit = SubmitField(_l("Preview"))


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
    #: "1" when the preview was made with empty cells clearing stored values.
    clear_blanks = HiddenField()
    submit = SubmitField(_l("Import"))


class DeleteForm(FlaskForm):
    """An empty form: only the CSRF token of a delete button."""


class UnitFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), _at_most(100)])
    kind = SelectField(_l("Kind"), choices=[("", _l("All kinds")), *choices(UnitKind)], validators=[Optional()])
    area = SelectField(_l("Area"), validators=[Optional()])
    active = SelectField(_l("Status"), validators=[Optional()],
                         choices=[("", _l("All")), ("1", _l("Active")), ("0", _l("Inactive"))])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    entity = SelectField(_l("Record type"), validators=[Optional()])
    entity_id = StringField(_l("Record id"), validators=[Optional(), _at_most(64)])
    username = SelectField(_l("User"), validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
