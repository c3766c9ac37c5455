"""The figures a unit reports each month: their labels, and the rules no real month can break."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models.indicators import BOUNDED_BY, COUNT_FIELDS

#: Yes/no figures, after the counts.
FLAG_FIELDS = ("surveys_published", "complaints_published")

#: Every figure in the order the form, the table and the import file present them.
ALL_FIELDS = (
    *COUNT_FIELDS[:13],
    "surveys_published",
    *COUNT_FIELDS[13:],
    "complaints_published",
)

LABELS = {
    "dossiers_received": _l("Dossiers received"),
    "dossiers_on_time": _l("Dossiers handled on time"),
    "dossiers_late": _l("Dossiers handled late"),
    "apology_letters": _l("Apology letters sent for late dossiers"),
    "online_dossiers": _l("Dossiers of level-3 online procedures"),
    "online_handled": _l("Of which handled online"),
    "postal_procedures": _l("Procedures offered through the public postal service"),
    "postal_procedures_used": _l("Of which with dossiers sent by post"),
    "postal_received": _l("Dossiers received by post"),
    "postal_returned": _l("Results returned by post"),
    "surveys_held": _l("Satisfaction surveys held"),
    "survey_responses": _l("Survey responses"),
    "survey_satisfied": _l("Satisfied responses"),
    "surveys_published": _l("Survey results published"),
    "complaints_received": _l("Complaints and petitions received"),
    "complaints_on_time": _l("Complaints and petitions handled on time"),
    "complaints_published": _l("Complaint handling results published"),
}

#: Fieldsets of the monthly form.
GROUPS = (
    (_l("Administrative procedure dossiers"), ("dossiers_received", "dossiers_on_time", "dossiers_late",
                                                 "apology_letters")),
    (_l("Online and postal service"), ("online_dossiers", "online_handled", "postal_procedures",
                                         "postal_procedures_used", "postal_received", "postal_returned")),
    (_l("Satisfaction surveys"), ("surveys_held", "survey_responses", "survey_satisfied", "surveys_published")),
    (_l("Complaints and petitions"), ("complaints_received", "complaints_on_time", "complaints_published")),
)


def figure_errors(values: dict[str, object]) -> dict[str, str]:
    """The impossible figures of one month, as {field: message}; the same rules as the database's
    check constraints, so a form or an import row is refused before the database would."""
    errors: dict[str, str] = {}
    for name in COUNT_FIELDS:
        value = values.get(name)
        if isinstance(value, int) and value < 0:
            errors[name] = _("Cannot be negative.")
    for smaller, larger, _constraint in BOUNDED_BY:
        a, b = values.get(smaller), values.get(larger)
        if smaller in errors or not isinstance(a, int) or not isinstance(b, int):
            continue
        if a > b:
            errors[smaller] = _("Cannot be more than “%(other)s” (%(value)s).", other=LABELS[larger], value=b)
    return errors
