"""The preferences form: one box per topic the person's role receives, and the mails' language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SubmitField

from inspection.forms import FlaskForm
from inspection.labels import label
from models import ASSIGNMENTS, Topic

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language of the e-mails"), choices=LANGUAGES)
    submit = SubmitField(_l("Save"))


def preferences_form(topics: tuple[Topic, ...], received: set[Topic], locale: str) -> FlaskForm:
    """The form for these ``topics``; an assignment's box is always ticked and cannot be cleared."""

    class Form(PreferencesForm):
        pass

    for topic in topics:
        render_kw = {"disabled": True} if topic in ASSIGNMENTS else {}
        setattr(Form, f"topic_{topic.value}", BooleanField(label(topic), default=topic in received,
                                                           render_kw=render_kw))
    return Form(locale=locale)


def chosen_topics(form, topics: tuple[Topic, ...]) -> set[Topic]:
    return {t for t in topics if t in ASSIGNMENTS or form[f"topic_{t.value}"].data}
