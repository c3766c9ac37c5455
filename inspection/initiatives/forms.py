from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from inspection.forms import FlaskForm
from inspection.initiatives.attachments import KINDS, AttachmentError, check
from inspection.initiatives.operations import DECISIONS, Details
from inspection.labels import choices
from inspection.uploads import Upload
from models import InitiativeCategory, InitiativeStatus

#: Longest description a unit may give (a few pages); effects and comments are shorter.
MAX_DESCRIPTION = 10_000
MAX_COMMENT = 5_000


def _at_most(count: int) -> Length:
    return Length(max=count, message=_l("At most %(max)d characters."))


class InitiativeForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    title = StringField(_l("Title"), validators=[DataRequired(), _at_most(300)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), _at_most(MAX_DESCRIPTION)],
                                description=_l("What the unit does differently, and for whom."))
    category = SelectField(_l("Category"), choices=choices(InitiativeCategory), validators=[DataRequired()])
    expected_effect = TextAreaField(_l("Expected effect"), validators=[Optional(), _at_most(MAX_COMMENT)],
                                    description=_l("What should improve for citizens, and how it will be measured."))
    start_date = DateField(_l("Start date"), validators=[Optional()])
    files = MultipleFileField(_l("Attachments"),
                              render_kw={"accept": ",".join(f".{ext}" for ext in KINDS)})
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.files.description = _l(
            "PDF, Word (DOCX), Excel (XLSX) or JPEG, PNG, WebP images; at most %(mb)s MB each.",
            mb=current_app.config["MAX_UPLOAD_MB"],
        )
        self.checked_files: list[Upload] = []

    def validate_files(self, field) -> None:
        """Each file is checked by its content; every refused file is named beside the field."""
        max_mb = current_app.config["MAX_UPLOAD_MB"]
        errors = []
        for upload in field.data or []:
            if not getattr(upload, "filename", ""):
                continue
            try:
                self.checked_files.append(check(upload.filename, upload.read(), max_mb))
            except AttachmentError as error:
                errors.append(str(error))
        if errors:
            self.checked_files = []
            raise ValidationError(" ".join(errors))

    def details(self) -> Details:
        return Details(
            year=self.year.data,
            title=self.title.data,
            description=self.description.data,
            category=InitiativeCategory(self.category.data),
            expected_effect=self.expected_effect.data or "",
            start_date=self.start_date.data,
        )


class StartReviewForm(FlaskForm):
    version = HiddenField()


class ReviewForm(FlaskForm):
    #: Set by the button the leader pressed.
    decision = StringField(validators=[AnyOf([s.value for s in DECISIONS], message=_l("Not a valid choice."))])
    comment = TextAreaField(_l("Comment for the unit"), validators=[_at_most(MAX_COMMENT)],
                            description=_l("Required when returning or rejecting: the unit reads it."))
    measured_effect = TextAreaField(_l("Measured effect"), validators=[Optional(), _at_most(MAX_COMMENT)],
                                    description=_l("What the initiative actually changed, if it was measured."))
    version = HiddenField()

    def validate_comment(self, field) -> None:
        if self.decision.data == InitiativeStatus.RETURNED.value and not (field.data or "").strip():
            raise ValidationError(_l("Say what the unit should change."))
        if self.decision.data == InitiativeStatus.REJECTED.value and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason for rejecting it."))


def _optional_int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class RegistryFilterForm(FlaskForm):
    """The registry's filters, read from the query string."""

    class Meta(FlaskForm.Meta):
        csrf = False

    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=2000, max=2100)])
    unit = SelectField(_l("Unit"), coerce=_optional_int, validators=[Optional()])
    category = SelectField(_l("Category"), choices=[("", _l("All"))] + choices(InitiativeCategory),
                           validators=[Optional()])
    status = SelectField(_l("Status"), choices=[("", _l("All"))] + choices(InitiativeStatus), validators=[Optional()])
    q = StringField(_l("Search"), validators=[Optional(), _at_most(200)])


class DeadlineForm(FlaskForm):
    day = IntegerField(_l("Day"), validators=[InputRequired(), NumberRange(min=1, max=31)])
    month = IntegerField(_l("Month"), validators=[InputRequired(), NumberRange(min=1, max=12)])

    def validate_day(self, field) -> None:
        if field.data is None or self.month.data not in range(1, 13):
            return
        try:
            date(2001, self.month.data, field.data)
        except ValueError as error:
            raise ValidationError(_l("This day does not exist in every year.")) from error

    def month_day(self) -> str:
        return f"{self.month.data:02d}-{self.day.data:02d}"
