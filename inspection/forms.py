"""The base form of every domain: typed text cleaned before it is checked, and WTForms' and
Flask-WTF's own messages in the user's language.

WTForms ships no Vietnamese translation, so its messages are listed here to be extracted into
the project's catalogue, and forms hand them to that catalogue instead of WTForms' own.
"""

from __future__ import annotations

from functools import partial

from flask import request
from flask_babel import get_translations, gettext, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm as _FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import PasswordField, StringField, TextAreaField

from inspection.input_limits import BadInput
from inspection.text import clean

#: The messages that WTForms' fields and validators, and Flask-WTF's CSRF and file checks, can show.
LIBRARY_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 1),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 1),
    lazy_ngettext("Field must be exactly %(max)d character long.",
                  "Field must be exactly %(max)d characters long.", 1),
    lazy_ngettext("Field must be between %(min)d and %(max)d characters long.",
                  "Field must be between %(min)d and %(max)d characters long.", 1),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF token has expired."),
    _l("File does not have an approved extension."),
)


class _CatalogueTranslations:
    """Hands WTForms' messages to the application's catalogues."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


def _json_fields(payload: object) -> list[tuple[str, str]]:
    if not isinstance(payload, dict):
        raise BadInput(gettext("The data sent is not a form."))
    fields = []
    for name, value in payload.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict | list):
                raise BadInput(gettext("The data sent is not a form."))
            fields.append((name, "" if item is None else str(item)))
    return fields


class FieldError(ValueError):
    """A rule broken by one field's value: an operation raises it, the view shows it beside the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class FlaskForm(_FlaskForm):
    """Use instead of Flask-WTF's: same behaviour, messages translated."""

    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

        def wrap_formdata(self, form, formdata):
            """A form posted as JSON must be an object of texts and numbers (or lists of them),
            as a posted form would be; anything else is refused with a message, not a crash."""
            if formdata is _Auto and form.is_submitted() and request.is_json and not request.files \
                    and not request.form:
                return ImmutableMultiDict(_json_fields(request.get_json()))
            return super().wrap_formdata(form, formdata)

        def bind_field(self, form, unbound_field, options):
            """Every text field (passwords aside: they are checked as they were set) is cleaned
            first (:func:`inspection.text.clean`), so validators and operations see NFC text."""
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                cleaner = partial(clean, multiline=issubclass(kind, TextAreaField))
                options["filters"] = (cleaner, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)

    def show_error(self, error: FieldError) -> None:
        """Put an operation's :class:`FieldError` beside its field."""
        field = self[error.field]
        field.errors = [*field.errors, error.message]
