"""The monthly figures form and the import upload form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from inspection import import_files
from inspection.forms import FlaskForm
from inspection.indicators.fields import FLAG_FIELDS, LABELS, figure_errors
from models.indicators import COUNT_FIELDS


class IndicatorForm(FlaskForm):
    """One unit's figures for one month. ``version`` is the record's version when the form was
    loaded: saving over a newer version is refused instead of overwriting it."""

    version = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        values = {name: self[name].data for name in COUNT_FIELDS if not self[name].errors}
        for name, message in figure_errors(values).items():
            self[name].errors = [*self[name].errors, message]
            valid = False
        return valid

    @property
    def figures(self) -> dict[str, object]:
        return {name: self[name].data for name in (*COUNT_FIELDS, *FLAG_FIELDS)}


for _name in COUNT_FIELDS:
    setattr(
        IndicatorForm,
        _name,
        IntegerField(
            LABELS[_name],
            default=0,
            validators=[InputRequired(_l("Enter a whole number (0 if none).")),
                        NumberRange(min=0, message=_l("Cannot be negative."))],
            render_kw={"min": 0, "inputmode": "numeric"},
        ),
    )
for _name in FLAG_FIELDS:
    setattr(IndicatorForm, _name, BooleanField(LABELS[_name]))


class ImportForm(FlaskForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file.")),
                    FileAllowed(import_files.EXTENSIONS, _l("Choose an .xlsx or .csv file."))],
        description=import_files.FORMATS,
    )
    clear_blanks = BooleanField(_l("Empty cells clear the stored values"),
                                description=_l("Otherwise an empty cell leaves a month's stored figure as it is "
                                               "(in a new month it counts as 0)."))
