"""Forms of the planning pages. Choices from the database are filled by the views."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from inspection.forms import FlaskForm
from inspection.planning.risk import DEFAULT_COEFFICIENTS
from models.planning import MAX_SEED

TIME_LIMITS = (10, 30, 60, 120)
NON_NEGATIVE = _l("Must be 0 or more.")


def _optional_id(value) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


def default_window(year: int) -> tuple[date, date]:
    """The reform plan's usual window: 16 March to 31 October."""
    return date(year, 3, 16), date(year, 10, 31)


class ProgrammeForm(FlaskForm):
    version = HiddenField()
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    window_start = DateField(_l("Window start"), validators=[InputRequired()])
    window_end = DateField(_l("Window end"), validators=[InputRequired()],
                           description=_l("All reform tasks must be finished by 31 October."))
    coverage_percent = DecimalField(
        _l("Coverage target: more than (%)"), places=2, validators=[InputRequired()],
        description=_l("Strictly more than this share of the active units must be inspected."),
    )
    surprise_count = IntegerField(_l("Surprise inspections"),
                                  validators=[InputRequired(), NumberRange(min=0, message=NON_NEGATIVE)])
    team_min = IntegerField(_l("Smallest team"),
                            validators=[InputRequired(), NumberRange(min=1, message=_l("At least 1."))])
    team_max = IntegerField(_l("Largest team"),
                            validators=[InputRequired(), NumberRange(min=1, message=_l("At least 1."))])
    min_gap_days = IntegerField(_l("Minimum days between two visits of a unit"),
                                validators=[InputRequired(), NumberRange(min=0, message=NON_NEGATIVE)])
    max_inspections = IntegerField(_l("Most inspections in the year"),
                                   validators=[Optional(), NumberRange(min=0, message=NON_NEGATIVE)],
                                   description=_l("The budget of visits; leave empty for no limit."))
    template_id = SelectField(_l("Checklist template"), coerce=_optional_id, validators=[Optional()])
    mandatory_units = SelectMultipleField(_l("Units that must be inspected"), coerce=int, validators=[Optional()])
    follow_up_units = SelectMultipleField(
        _l("Follow-up visits proposed as mandatory"), coerce=int, validators=[Optional()],
        description=_l("Units with a corrective action still unanswered more than 60 days after its due date. "
                       "Untick one to leave it to the planner's choice."))
    full_day_units = SelectMultipleField(_l("Units visited for a full day"), coerce=int, validators=[Optional()],
                                         description=_l("Other units are visited for a morning or an afternoon."))
    balance_weight = IntegerField(_l("Weight of a balanced workload"),
                                  validators=[InputRequired(), NumberRange(min=0, message=NON_NEGATIVE)],
                                  description=_l("Points lost per inspection of the busiest inspector."))
    stability_weight = IntegerField(_l("Weight of stability when re-planning"),
                                    validators=[InputRequired(), NumberRange(min=0, message=NON_NEGATIVE)],
                                    description=_l("Points lost per inspection of the previous plan that moves."))
    seed = IntegerField(_l("Seed of the surprise draw"),
                        validators=[InputRequired(), NumberRange(min=0, max=MAX_SEED, message=NON_NEGATIVE)],
                        description=_l("Another seed draws other surprise inspections. Keep it confidential."))
    submit = SubmitField(_l("Save"))

    def validate_window_start(self, field) -> None:
        if field.data and self.year.data and field.data.year != self.year.data:
            raise ValidationError(_l("The window must lie within the programme's year."))

    def validate_window_end(self, field) -> None:
        if field.data and self.year.data and field.data.year != self.year.data:
            raise ValidationError(_l("The window must lie within the programme's year."))
        if field.data and self.window_start.data and field.data < self.window_start.data:
            raise ValidationError(_l("The window cannot end before it starts."))

    def validate_coverage_percent(self, field) -> None:
        if field.data is not None and not Decimal(0) <= field.data < Decimal(100):
            raise ValidationError(_l("Enter a percentage from 0 to less than 100."))

    def validate_team_max(self, field) -> None:
        if field.data and self.team_min.data and self.team_min.data > field.data:
            raise ValidationError(_l("The largest team cannot be smaller than the smallest team."))


class WeightOverrideForm(FlaskForm):
    weight = IntegerField(_l("Weight set by hand"),
                          validators=[InputRequired(), NumberRange(min=0, max=10_000, message=NON_NEGATIVE)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(message=_l("Say why the weight is changed.")),
                                                     Length(max=2000)])
    submit = SubmitField(_l("Set the weight"))


class ClearOverrideForm(FlaskForm):
    submit = SubmitField(_l("Use the computed weight"))


class SolveForm(FlaskForm):
    time_limit = SelectField(_l("Time limit"), coerce=int, default=30,
                             choices=[(t, _l("%(seconds)d seconds", seconds=t)) for t in TIME_LIMITS])
    submit = SubmitField(_l("Plan"))


class ReplanForm(FlaskForm):
    replan_from = DateField(_l("Re-plan from"), validators=[InputRequired()],
                            description=_l("Inspections done, started or pinned stay; the rest is planned again."))
    time_limit = SelectField(_l("Time limit"), coerce=int, default=30,
                             choices=[(t, _l("%(seconds)d seconds", seconds=t)) for t in TIME_LIMITS])
    submit = SubmitField(_l("Re-plan"))


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Cancel the solve"))


class ImportPlanForm(FlaskForm):
    plan = FileField(_l("Plan file (JSON)"), validators=[
        FileRequired(message=_l("Choose a file.")),
        FileAllowed(["json"], message=_l("Only .json files.")),
    ])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Check and import"))


COEFFICIENT_LABELS = {
    "base": _l("Base weight of every unit"),
    "late": _l("Late dossiers (share of dossiers received)"),
    "dissatisfied": _l("Dissatisfaction (share of survey responses)"),
    "complaints": _l("Complaints not handled on time (share)"),
    "no_initiative": _l("No recognised initiative this year"),
    "months_since": _l("Time since the last inspection"),
    "overdue": _l("Overdue corrective actions"),
    "months_cap": _l("Months after which time since the last inspection counts in full"),
    "overdue_cap": _l("Overdue actions that count in full"),
}


class RiskCoefficientsForm(FlaskForm):
    submit = SubmitField(_l("Save"))


def _coefficient_field(key: str) -> IntegerField:
    low = 1 if key.endswith("_cap") else 0
    return IntegerField(COEFFICIENT_LABELS[key], default=DEFAULT_COEFFICIENTS[key], validators=[
        InputRequired(), NumberRange(min=low, max=1000, message=_l("Between %(min)d and %(max)d.", min=low, max=1000))])


for _key in DEFAULT_COEFFICIENTS:
    setattr(RiskCoefficientsForm, _key, _coefficient_field(_key))
