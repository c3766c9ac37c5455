"""Everything one dashboard page (or its Excel export) shows for a year, computed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flask_babel import gettext as _

from inspection.dashboard import queries
from inspection.dashboard.charts import Chart, Row, Series, bar_chart
from inspection.dashboard.targets import (
    AMBER,
    COLOUR_LABELS,
    COLOURS,
    RED,
    TARGETS,
    UnitTargets,
    colour_counts,
    service_targets,
)
from inspection.initiatives.queries import Compliance
from inspection.text import natural_key
from models import PLAN_READERS, Programme, User

#: The page shows at most this many rows in each table of units or inspections, the ones that most
#: need attention first; the Excel file and the printed report have them all.
PAGE_ROWS = 25


@dataclass
class Dashboard:
    year: int
    today: date
    programme: Programme | None
    coverage: queries.Coverage | None
    months: list[queries.MonthRow]
    results: queries.ChecklistResults | None
    actions: list[queries.ActionRow]
    initiatives: Compliance
    targets: list[UnitTargets]
    target_counts: dict[str, dict[str, int]]
    #: The reader sees the inspections themselves (their results and actions), not only counts.
    shows_inspections: bool
    #: At most this many rows per table (the page), or all of them (None: files and reports).
    rows: int | None = None

    @cached_property
    def shown_actions(self) -> list[queries.ActionRow]:
        """Units with corrective actions, the most overdue (then the most open) first when cut."""
        if self.rows is None:
            return self.actions
        return sorted(self.actions, key=lambda a: (-a.overdue, -a.open, a.unit.code))[: self.rows]

    @cached_property
    def shown_targets(self) -> list[UnitTargets]:
        """Units' service targets, those with the most targets far from met (red) first when cut."""
        if self.rows is None:
            return self.targets
        return sorted(self.targets, key=_distance_to_targets)[: self.rows]


def _distance_to_targets(row: UnitTargets) -> tuple:
    colours = [r.colour for r in row.results.values()]
    return -colours.count(RED), -colours.count(AMBER), row.unit.code


def build(year: int, today: date, reader: User, rows: int | None = None) -> Dashboard:
    """The year's dashboard as of ``today``; with ``rows``, its tables cut to that many rows.
    Counts that name no unit are the whole programme's; the rows that name a unit (checklist
    results, corrective actions per unit) are those ``reader`` may see (:mod:`inspection.security`)."""
    programme = queries.programme_for(year)
    targets = service_targets(year)
    return Dashboard(
        year=year,
        today=today,
        rows=rows,
        programme=programme,
        coverage=queries.coverage(programme) if programme else None,
        months=queries.by_month(programme, today) if programme else [],
        results=queries.checklist_results(programme, reader, today, rows) if programme else None,
        actions=queries.corrective_actions(programme, today, reader) if programme else [],
        initiatives=queries.initiatives(year, today),
        targets=targets,
        target_counts=colour_counts(targets),
        shows_inspections=reader.role in PLAN_READERS,
    )


def items_in_template_order(results: queries.ChecklistResults) -> list[queries.GridItem]:
    """Items by section, then by code as people count: A1, A2, …, A10 (the page ranks them by
    how often they were not compliant; files and printed reports list them in order)."""
    sections = {code: position for position, (code, _vi, _en) in enumerate(results.sections)}
    return sorted(results.items, key=lambda i: (sections.get(i.section, len(sections)), natural_key(i.code)))


def month_label(month: int, year: int) -> str:
    return f"{month:02d}/{year}"


def charts(board: Dashboard) -> dict[str, Chart]:
    """One chart per panel (the panels without data have none)."""
    found: dict[str, Chart] = {}
    if board.coverage:
        c = board.coverage
        found["coverage"] = bar_chart(
            _("Units covered"),
            [Series("units", _("Units"), "bar-primary")],
            [Row(_("Inspected so far"), {"units": c.inspected}), Row(_("Planned by the window's end"),
             {"units": c.planned}), Row(_("Active units"), {"units": c.active})],
            maximum=max(c.active, 1),
            marker=(c.needed, _("Target: %(count)s units", count=c.needed)),
        )
    if board.months:
        found["months"] = bar_chart(
            _("Inspections by month"),
            [Series("done", _("Inspected"), "bar-done"), Series("planned", _("Scheduled"), "bar-planned"),
             Series("overdue", _("Overdue"), "bar-overdue")],
            [Row(month_label(m.month, board.year), {"done": m.done, "planned": m.planned, "overdue": m.overdue})
             for m in board.months],
            stacked=True,
        )
    if board.results and board.results.rows:
        found["results"] = bar_chart(
            _("Total checklist score"),
            [Series("total", _("Score"), "bar-primary")],
            [Row(f"{r.inspection.unit.code} {r.inspection.date:%d/%m}",
                 {"total": round(float(r.total or 0) * 100, 1)}) for r in board.results.rows],
            maximum=100, suffix="%",
        )
    if board.actions:
        found["actions"] = bar_chart(
            _("Corrective actions per unit"),
            [Series("open", _("Still open"), "bar-planned"), Series("overdue", _("Overdue"), "bar-overdue"),
             Series("verified", _("Verified"), "bar-done")],
            [Row(a.unit.code, {"open": a.open, "overdue": a.overdue, "verified": a.verified})
             for a in board.shown_actions],
        )
    i = board.initiatives
    found["initiatives"] = bar_chart(
        _("Units with a recognised initiative"),
        [Series("units", _("Units"), "bar-done")],
        [Row(_("Recognised"), {"units": i.recognised_units}), Row(_("Active units"), {"units": i.active_units})],
        maximum=max(i.active_units, 1),
    )
    found["targets"] = bar_chart(
        _("Units per target and colour"),
        [Series(c, str(COLOUR_LABELS[c]), f"bar-{c}") for c in COLOURS],
        [Row(str(t.label), board.target_counts[t.key]) for t in TARGETS],
        stacked=True,
    )
    return found
