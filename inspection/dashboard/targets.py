"""The reform plan's service targets per unit, each coloured green, amber or red.

A share meets its target (green) when it reaches it; it is amber when it falls short by no more
than a tenth of the target (e.g. 90–99.9% for a 100% target, 63–69.9% for 70%); red below that.
Satisfaction must also be above the unit's previous year: reaching 98% without beating last
year is amber. A unit with nothing to measure (no dossiers, no surveys ...) gets no colour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Row, Select, case, func, select, true

from inspection.cache import remembered
from inspection.extensions import db
from inspection.orgs.queries import active_unit_names
from models import ServiceIndicator
from models.indicators import COUNT_FIELDS

GREEN, AMBER, RED, NO_DATA = "green", "amber", "red", "none"
COLOURS = (GREEN, AMBER, RED, NO_DATA)
COLOUR_LABELS = {
    GREEN: _l("Target met"),
    AMBER: _l("Close: within a tenth of the target"),
    RED: _l("Far from the target"),
    NO_DATA: _l("Nothing to measure"),
}

#: Each colour repeated as a symbol, for those who do not see colours (and for print).
SYMBOLS = {GREEN: "✓", AMBER: "~", RED: "✗", NO_DATA: "–"}


@dataclass
class YearFigures:
    """A unit's months of one year, summed; plus how many months did what."""

    months: int = 0
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_FIELDS, 0))
    months_with_survey: int = 0
    months_survey_published: int = 0
    months_with_complaints: int = 0
    months_complaints_published: int = 0

    def add(self, record: ServiceIndicator) -> None:
        self.months += 1
        for name in COUNT_FIELDS:
            self.sums[name] += getattr(record, name)
        held = record.surveys_held > 0
        self.months_with_survey += held
        self.months_survey_published += held and record.surveys_published
        complaints = record.complaints_received > 0
        self.months_with_complaints += complaints
        self.months_complaints_published += complaints and record.complaints_published


def _months_where(condition) -> ColumnElement:
    return func.sum(case((condition, 1), else_=0))


def _year_sums(year: int, month: int | None = None) -> Select:
    """One row per unit: its months in ``year`` (or only ``month``), each figure summed, and the
    months that held a survey or had complaints (published or not)."""
    held = ServiceIndicator.surveys_held > 0
    complaints = ServiceIndicator.complaints_received > 0
    return (
        select(
            ServiceIndicator.unit_id,
            func.count(),
            _months_where(held),
            _months_where(held & ServiceIndicator.surveys_published.is_(True)),
            _months_where(complaints),
            _months_where(complaints & ServiceIndicator.complaints_published.is_(True)),
            *(func.sum(getattr(ServiceIndicator, name)) for name in COUNT_FIELDS),
        )
        .where(ServiceIndicator.year == year, true() if month is None else ServiceIndicator.month == month)
        .group_by(ServiceIndicator.unit_id)
    )


@dataclass(frozen=True)
class Target:
    key: str
    label: object
    #: The target share, in percent.
    percent: int
    share: Callable[[YearFigures], tuple[int, int]]


TARGETS = (
    Target("on_time", _l("Dossiers handled on time"), 100,
           lambda f: (f.sums["dossiers_on_time"], f.sums["dossiers_received"])),
    Target("online", _l("Level-3 online dossiers handled online"), 70,
           lambda f: (f.sums["online_handled"], f.sums["online_dossiers"])),
    Target("postal_procedures", _l("Postal-service procedures with postal dossiers"), 50,
           lambda f: (f.sums["postal_procedures_used"], f.sums["postal_procedures"])),
    Target("postal_received", _l("Dossiers received by post"), 10,
           lambda f: (f.sums["postal_received"], f.sums["dossiers_received"])),
    Target("postal_returned", _l("Results returned by post"), 10,
           lambda f: (f.sums["postal_returned"], f.sums["dossiers_received"])),
    Target("apologies", _l("Late dossiers with an apology letter"), 100,
           lambda f: (f.sums["apology_letters"], f.sums["dossiers_late"])),
    Target("surveys_monthly", _l("Months with a satisfaction survey"), 100,
           lambda f: (f.months_with_survey, f.months)),
    Target("surveys_published", _l("Survey months with results published"), 100,
           lambda f: (f.months_survey_published, f.months_with_survey)),
    Target("satisfaction", _l("Satisfaction (and above last year)"), 98,
           lambda f: (f.sums["survey_satisfied"], f.sums["survey_responses"])),
    Target("complaints_on_time", _l("Complaints handled on time"), 100,
           lambda f: (f.sums["complaints_on_time"], f.sums["complaints_received"])),
    Target("complaints_published", _l("Complaint months with results published"), 100,
           lambda f: (f.months_complaints_published, f.months_with_complaints)),
)
TARGETS_BY_KEY = {t.key: t for t in TARGETS}


@dataclass(frozen=True)
class Result:
    numerator: int
    denominator: int
    colour: str
    #: Last year's share, for satisfaction only.
    previous: float | None = None

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None


def colour(numerator: int, denominator: int, target: int) -> str:
    """Exact integer comparison: 97/99 is not rounded up to 98%."""
    if denominator == 0:
        return NO_DATA
    if 100 * numerator >= target * denominator:
        return GREEN
    if 1000 * numerator >= 9 * target * denominator:
        return AMBER
    return RED


def _satisfaction(numerator: int, denominator: int, previous: YearFigures | None) -> Result:
    shade = colour(numerator, denominator, 98)
    before = previous.sums if previous else None
    previous_share = None
    if before and before["survey_responses"]:
        previous_share = round(100 * before["survey_satisfied"] / before["survey_responses"], 1)
        not_better = numerator * before["survey_responses"] <= before["survey_satisfied"] * denominator
        if shade == GREEN and not_better:
            shade = AMBER
    return Result(numerator, denominator, shade, previous_share)


def figures_of(records: Iterable[ServiceIndicator]) -> YearFigures:
    """The ``records`` (months of one unit) summed."""
    figures = YearFigures()
    for record in records:
        figures.add(record)
    return figures


def results(figures: YearFigures, previous: YearFigures | None) -> dict[str, Result]:
    """Each target's share and colour for ``figures``; ``previous``: the unit's year before."""
    shares = {}
    for target in TARGETS:
        numerator, denominator = target.share(figures)
        if target.key == "satisfaction":
            shares[target.key] = _satisfaction(numerator, denominator, previous)
        else:
            shares[target.key] = Result(numerator, denominator, colour(numerator, denominator, target.percent))
    return shares


def unit_year(unit_id: int, year: int) -> YearFigures:
    """One unit's months of ``year``, summed."""
    return figures_of(db.session.scalars(
        select(ServiceIndicator).where(ServiceIndicator.unit_id == unit_id, ServiceIndicator.year == year)))


def _figures(year: int, month: int | None = None) -> dict[int, YearFigures]:
    """Unit id → its figures of ``year`` (or of that one ``month``), summed by the database."""
    figures = {}
    for unit_id, months, survey, survey_published, complaints, complaints_published, *sums in \
            db.session.execute(_year_sums(year, month)):
        figures[unit_id] = YearFigures(months, {name: int(value or 0) for name, value in zip(COUNT_FIELDS, sums,
                                                                                             strict=True)},
                                       int(survey or 0), int(survey_published or 0), int(complaints or 0),
                                       int(complaints_published or 0))
    return figures


@dataclass
class UnitTargets:
    #: The unit's ``id``, ``code`` and ``name``.
    unit: Row
    months: int
    results: dict[str, Result]


def service_targets(year: int, month: int | None = None) -> list[UnitTargets]:
    """Every active unit's results against each target over the months it reported in ``year``
    (or in that one ``month``); satisfaction is compared with the whole previous year. Kept in the
    cache until a unit or a month's figures change."""
    return remembered("service-targets", (year, month), lambda: _service_targets(year, month), group="targets")


def _service_targets(year: int, month: int | None) -> list[UnitTargets]:
    this_year, last_year = _figures(year, month), _figures(year - 1)
    rows = []
    for unit in active_unit_names():
        figures = this_year.get(unit.id, YearFigures())
        rows.append(UnitTargets(unit, figures.months, results(figures, last_year.get(unit.id))))
    return rows


def colour_counts(rows: list[UnitTargets]) -> dict[str, dict[str, int]]:
    """Target key → colour → number of units."""
    return {t.key: {c: sum(r.results[t.key].colour == c for r in rows) for c in COLOURS} for t in TARGETS}
