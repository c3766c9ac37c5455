"""Forms of the checklists domain. The checklist form itself is generated per template version."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from inspection.forms import FlaskForm
from inspection.labels import choices
from models.checklists import AnswerType, ChecklistTemplate, Choice, TemplateItem


class ChoiceAnswerField(RadioField):
    """Compliant / partly / not compliant / not applicable, shown as large toggle buttons."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, choices=choices(Choice), validators=[Optional()], **kwargs)


class PercentAnswerField(DecimalField):
    """A percentage 0–100, scored against the item's target."""

    def __init__(self, label=None, **kwargs):
        render_kw = {"inputmode": "decimal", "min": 0, "max": 100, "step": "any", "type": "number"}
        super().__init__(label, places=None, validators=[Optional(), NumberRange(0, 100)], render_kw=render_kw,
                         **kwargs)


class CountAnswerField(IntegerField):
    """A count, recorded but not scored."""

    def __init__(self, label=None, **kwargs):
        render_kw = {"inputmode": "numeric", "min": 0, "step": 1, "type": "number"}
        super().__init__(label, validators=[Optional(), NumberRange(min=0)], render_kw=render_kw, **kwargs)


FIELD_FOR_TYPE: dict[AnswerType, type] = {
    AnswerType.CHOICE: ChoiceAnswerField,
    AnswerType.PERCENT: PercentAnswerField,
    AnswerType.COUNT: CountAnswerField,
}


def item_text(item: TemplateItem) -> str:
    return item.text_en if str(get_locale()) == "en" else item.text_vi


def checklist_form_class(template: ChecklistTemplate) -> type[FlaskForm]:
    """A form class for one template version: an answer field and a note per item."""
    fields: dict[str, object] = {}
    for item in template.items:
        fields[f"item_{item.id}"] = FIELD_FOR_TYPE[item.answer_type](f"{item.code}. {item_text(item)}")
        fields[f"note_{item.id}"] = TextAreaField(_l("Note"), validators=[Length(max=5000)],
                                                  render_kw={"rows": 2})
    return type(f"ChecklistForm{template.id}", (FlaskForm,), fields)


class RecordForm(FlaskForm):
    version = HiddenField()
    conclusions = TextAreaField(_l("Conclusions of the inspection team"), validators=[Length(max=20000)],
                                render_kw={"rows": 6})
    representative_name = StringField(_l("Unit representative"), validators=[Length(max=200)])
    representative_present = RadioField(
        _l("The representative was"),
        choices=[("1", _l("Present")), ("0", _l("Absent"))],
        validators=[Optional()],
    )


class ApproveForm(FlaskForm):
    pass


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("Why is it returned?"), validators=[DataRequired(), Length(max=5000)],
                            render_kw={"rows": 3})


class ActionAnswerForm(FlaskForm):
    version = HiddenField()
    answer = TextAreaField(_l("What was done"), validators=[DataRequired(), Length(max=10000)],
                           render_kw={"rows": 4})
    evidence = FileField(_l("Evidence (photo or PDF, optional)"))


class ActionReviewForm(FlaskForm):
    version = HiddenField()
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000)], render_kw={"rows": 2})


class SectionForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)])
    title_vi = StringField(_l("Title (Vietnamese)"), validators=[DataRequired(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])


class TemplateItemForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)])
    text_vi = TextAreaField(_l("Text (Vietnamese)"), validators=[DataRequired(), Length(max=2000)],
                            render_kw={"rows": 2})
    text_en = TextAreaField(_l("Text (English)"), validators=[DataRequired(), Length(max=2000)],
                            render_kw={"rows": 2})
    guidance_vi = TextAreaField(_l("Guidance for inspectors (Vietnamese)"), validators=[Length(max=5000)],
                                render_kw={"rows": 2})
    guidance_en = TextAreaField(_l("Guidance for inspectors (English)"), validators=[Length(max=5000)],
                                render_kw={"rows": 2})
    answer_type = SelectField(_l("Answer type"), choices=choices(AnswerType), validators=[DataRequired()])
    target = DecimalField(_l("Target (%) for a percentage"), places=None,
                          validators=[Optional(), NumberRange(min=Decimal("0.01"), max=100)])
    weight = DecimalField(_l("Weight"), places=None, default=Decimal(1),
                          validators=[DataRequired(), NumberRange(min=0, max=100)])
    evidence_required = BooleanField(_l("A note or photo is required when not compliant"))

    def values(self) -> dict:
        return {
            "code": self.code.data.strip(),
            "text_vi": self.text_vi.data.strip(),
            "text_en": self.text_en.data.strip(),
            "guidance_vi": (self.guidance_vi.data or "").strip(),
            "guidance_en": (self.guidance_en.data or "").strip(),
            "answer_type": AnswerType(self.answer_type.data),
            "target": self.target.data,
            "weight": self.weight.data,
            "evidence_required": bool(self.evidence_required.data),
        }
