"""Forms of the schedule pages. Choices that come from the database are filled by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from inspection.forms import FlaskForm
from inspection.labels import choices
from models import InspectionKind, Slot

NONE_CHOICE = ("", "—")


def _optional_id(value) -> int | None:
    """SelectField coercion: "" (no choice) becomes None; garbage is refused by pre_validate."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class FilterForm(FlaskForm):
    """The filters of the inspection list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    programme = SelectField(_l("Programme"), coerce=_optional_id, validators=[Optional()])
    month = StringField(_l("Month"), validators=[Optional(), Regexp(r"^(19|20)\d\d-(0[1-9]|1[0-2])$",
                                                                    message=_l("Choose a month."))],
                        render_kw={"type": "month", "placeholder": "yyyy-mm"},
                        description=_l("Choose a month to see it as a calendar."))
    kind = SelectField(_l("Kind"), choices=[NONE_CHOICE, *choices(InspectionKind)], validators=[Optional()])
    unit = SelectField(_l("Unit"), coerce=_optional_id, validators=[Optional()])


class TeamMixin:
    date = DateField(_l("Date"), validators=[InputRequired(message=_l("Choose a date."))])
    slot = SelectField(_l("Slot"), choices=choices(Slot), validators=[DataRequired()])
    lead = SelectField(_l("Lead"), coerce=_optional_id, validators=[InputRequired()])
    team = SelectMultipleField(_l("Team"), coerce=int, validators=[DataRequired(message=_l("Choose the team."))],
                               description=_l("The lead is added to the team if you leave them out."),
                               widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    pinned = BooleanField(_l("Pinned: keep exactly as it is when re-planning"))
    note = TextAreaField(_l("Reason for the change"), validators=[Optional(), Length(max=500)])


class EditInspectionForm(TeamMixin, FlaskForm):
    #: The version of the inspection the form was loaded with (optimistic locking).
    version = HiddenField()
    submit = SubmitField(_l("Save the change"))
    cancel_inspection = SubmitField(_l("Cancel this inspection"))

    def validate_lead(self, field) -> None:
        if field.data is None and not self.cancel_inspection.data:
            raise ValidationError(_l("Choose the lead."))


class AddInspectionForm(TeamMixin, FlaskForm):
    unit = SelectField(_l("Unit"), coerce=_optional_id, validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=choices(InspectionKind), validators=[DataRequired()])
    submit = SubmitField(_l("Add the inspection"))

    def validate_unit(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose the unit."))

    def validate_lead(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose the lead."))


class ConfirmForm(FlaskForm):
    """A button that changes something: publish, restore, regenerate (CSRF only)."""

    submit = SubmitField(_l("Confirm"))
