"""The dashboard's figures, read straight from the other domains' tables.

Every function takes the day it is computed for (``today``), so a figure is the same in the
page, in the Excel export and in a test that fixes the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from inspection import clock
from inspection.checklists.queries import OPEN_ACTION
from inspection.extensions import db
from inspection.initiatives.queries import Compliance, compliance, units_without_recognised_initiative
from inspection.orgs.queries import active_unit_count
from inspection.security import inspections_seen_by, records_read_by
from models import (
    ActionStatus,
    Answer,
    ChecklistResponse,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionStatus,
    Programme,
    TemplateSection,
    Unit,
    User,
)
from planner.schema import coverage_needed

#: An inspection whose checklist is in: it counts as done.
DONE = (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)
#: Not done and not cancelled: still to happen, or late when its date has passed.
PENDING = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS, InspectionStatus.RETURNED)


def programme_for(year: int) -> Programme | None:
    """The year's current programme: the one created last."""
    return db.session.scalar(
        select(Programme).where(Programme.year == year).order_by(Programme.created_at.desc(), Programme.id.desc())
    )


def programme_years(today: date) -> list[int]:
    years = set(db.session.scalars(select(Programme.year).distinct())) | {today.year}
    return sorted(years, reverse=True)


def default_year(today: date) -> int:
    years = set(db.session.scalars(select(Programme.year).distinct()))
    if today.year in years or not years:
        return today.year
    return max(years)


# Coverage ------------------------------------------------------------------------------------


def _unit_ids(programme: Programme, *conditions) -> Select:
    return (
        select(Inspection.unit_id)
        .join(Unit, Unit.id == Inspection.unit_id)
        .where(Inspection.programme_id == programme.id, Unit.active.is_(True), *conditions)
        .distinct()
    )


def _done():
    """SQL condition: the checklist is in, for a visit whose day has come (a record dated in the
    future is not an inspection made, whatever its status says)."""
    return Inspection.status.in_(DONE) & (Inspection.date <= clock.today())


def inspected_ids(programme: Programme) -> Select:
    """Active units whose inspection is done (checklist submitted or approved on or after its day)."""
    return _unit_ids(programme, _done())


def planned_ids(programme: Programme) -> Select:
    """Active units the published plan covers by the window's end: done, or published and not cancelled."""
    published = Inspection.published_at.is_not(None) & (Inspection.status != InspectionStatus.CANCELLED)
    return _unit_ids(programme, or_(Inspection.status.in_(DONE), published))


def _count(ids: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(ids.subquery())) or 0


@dataclass(frozen=True)
class Coverage:
    active: int
    inspected: int
    planned: int
    #: Covered units must be strictly more than this share of the active units.
    fraction: Decimal
    window_end: date

    @property
    def needed(self) -> int:
        """The fewest units that make "strictly more than the fraction" (none without active units)."""
        return coverage_needed(self.fraction, self.active) if self.active else 0

    @property
    def met(self) -> bool:
        return self.active > 0 and self.inspected >= self.needed

    @property
    def projected_met(self) -> bool:
        return self.active > 0 and self.planned >= self.needed

    def percent(self, count: int) -> float:
        return round(100 * count / self.active, 1) if self.active else 0.0


def coverage(programme: Programme) -> Coverage:
    return Coverage(
        active=active_unit_count(),
        inspected=_count(inspected_ids(programme)),
        planned=_count(planned_ids(programme)),
        fraction=Decimal(programme.coverage_fraction),
        window_end=programme.window_end,
    )


def coverage_units(programme: Programme, which: str) -> list[Unit]:
    """The units behind a coverage figure: inspected, planned, or not in the plan at all."""
    if which == "not_planned":
        condition = Unit.id.not_in(planned_ids(programme))
    else:
        condition = Unit.id.in_(inspected_ids(programme) if which == "inspected" else planned_ids(programme))
    return list(db.session.scalars(select(Unit).where(Unit.active.is_(True), condition).order_by(Unit.code)))


def export_rows(year: int, reader: User, today: date) -> int:
    """The longest tables of the year's Excel file: a row per active unit (service targets) and
    per done checklist the reader may read."""
    programme = programme_for(year)
    done = _count(_done_responses(programme, reader, today).with_only_columns(ChecklistResponse.id)) if programme \
        else 0
    return active_unit_count() + done


# Inspections by month ------------------------------------------------------------------------


def inspection_state(status: InspectionStatus, day: date, today: date) -> str | None:
    """done, overdue, planned, or None for a cancelled inspection."""
    if status in DONE and day <= today:
        return "done"
    if status == InspectionStatus.CANCELLED:
        return None
    return "overdue" if day < today else "planned"


@dataclass
class MonthRow:
    month: int
    done: int = 0
    planned: int = 0
    overdue: int = 0


def by_month(programme: Programme, today: date) -> list[MonthRow]:
    """Published inspections per month of the window, by state; months outside it only when used."""
    rows = {m: MonthRow(m) for m in range(programme.window_start.month, programme.window_end.month + 1)}
    found = db.session.execute(
        select(Inspection.date, Inspection.status).where(
            Inspection.programme_id == programme.id,
            or_(Inspection.published_at.is_not(None), Inspection.status.in_(DONE)),
        )
    )
    for day, status in found:
        state = inspection_state(status, day, today)
        if state is not None:
            row = rows.setdefault(day.month, MonthRow(day.month))
            setattr(row, state, getattr(row, state) + 1)
    return [rows[m] for m in sorted(rows)]


def inspections(programme: Programme, today: date, state: str | None = None, month: int | None = None,
                unit_id: int | None = None) -> Select:
    """The published (or done) inspections of the programme behind a by-month or per-unit figure."""
    stmt = select(Inspection).where(
        Inspection.programme_id == programme.id,
        or_(Inspection.published_at.is_not(None), Inspection.status.in_(DONE)),
    )
    if state == "done":
        stmt = stmt.where(_done())
    elif state == "overdue":
        stmt = stmt.where(Inspection.status.in_(PENDING), Inspection.date < today)
    elif state == "planned":
        stmt = stmt.where(or_(Inspection.status.in_(PENDING) & (Inspection.date >= today),
                              Inspection.status.in_(DONE) & (Inspection.date > today)))
    if month is not None:
        month_of = func.extract("month", Inspection.date)
        stmt = stmt.where(month_of == month)
    if unit_id is not None:
        stmt = stmt.where(Inspection.unit_id == unit_id)
    return stmt.order_by(Inspection.date, Inspection.id)


# Checklist results ---------------------------------------------------------------------------


@dataclass
class GridItem:
    section: str
    code: str
    text_vi: str
    text_en: str
    #: Answers scored below 1 (not compliant, partly, or a percentage under its target).
    not_compliant: int = 0


@dataclass
class ResultRow:
    inspection: Inspection
    sections: dict[str, Decimal | None]
    total: Decimal | None
    #: (section code, item code) → the answer given.
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)


@dataclass
class ChecklistResults:
    #: (code, Vietnamese title, English title) of every section met, in template order.
    sections: list[tuple[str, str, str]]
    rows: list[ResultRow]
    #: Items, most often not compliant first.
    items: list[GridItem]
    #: Done checklists in all (``rows`` may hold only some of them).
    count: int = 0


def _done_responses(programme: Programme, reader: User, today: date) -> Select:
    """The done checklists whose record ``reader`` may read (:mod:`inspection.security`)."""
    return (
        select(ChecklistResponse)
        .join(Inspection, Inspection.id == ChecklistResponse.inspection_id)
        .join(Unit, Unit.id == Inspection.unit_id)
        .where(Inspection.programme_id == programme.id, _done(), records_read_by(reader, today))
    )


def _result_items(done: Select) -> tuple[list[tuple[str, str, str]], dict[int, tuple[str, str]],
                                                 dict[tuple[str, str], GridItem]]:
    """The sections and items of the templates the done checklists were filled against:
    (sections in order, item id → (section code, item code), items by key in template order)."""
    used = done.with_only_columns(ChecklistResponse.template_id).distinct()
    templates = db.session.scalars(
        select(ChecklistTemplate).where(ChecklistTemplate.id.in_(used))
        .options(selectinload(ChecklistTemplate.sections).selectinload(TemplateSection.items))
        .order_by(ChecklistTemplate.id)
    )
    sections: dict[str, tuple[int, str, str]] = {}
    keys: dict[int, tuple[str, str]] = {}
    found: dict[tuple[str, str], tuple[tuple[int, int], GridItem]] = {}
    for template in templates:
        for section in template.sections:
            sections.setdefault(section.code, (section.position, section.title_vi, section.title_en))
            for item in section.items:
                key = keys[item.id] = (section.code, item.code)
                found.setdefault(key, ((section.position, item.position),
                                       GridItem(section.code, item.code, item.text_vi, item.text_en)))
    ordered = [(code, vi, en) for code, (_p, vi, en) in sorted(sections.items(), key=lambda s: s[1][0])]
    return ordered, keys, {key: grid for key, (_o, grid) in sorted(found.items(), key=lambda f: f[1][0])}


def _not_compliant_counts(done: Select) -> dict[int, int]:
    """Item id → answers of the ``done`` checklists scored below 1."""
    rows = db.session.execute(
        select(Answer.item_id, func.count())
        .where(Answer.response_id.in_(done.with_only_columns(ChecklistResponse.id)), Answer.score < 1)
        .group_by(Answer.item_id)
    )
    return dict(rows.all())


def checklist_results(programme: Programme, reader: User, today: date, limit: int | None = None) -> ChecklistResults:
    """Scores of the done checklists whose record ``reader`` may read, each naming its unit and
    date, and the items most often not compliant (counted over all of them). Rows by unit and
    date; with ``limit``, only that many, the lowest totals first."""
    done = _done_responses(programme, reader, today)
    sections, keys, items = _result_items(done)
    for item_id, count in _not_compliant_counts(done).items():
        if item_id in keys:
            items[keys[item_id]].not_compliant += count
    stmt = done.options(
        contains_eager(ChecklistResponse.inspection).contains_eager(Inspection.unit),
        selectinload(ChecklistResponse.answers).noload(Answer.photos),  # scores only: no photos
    )
    if limit is None:
        stmt = stmt.order_by(Unit.code, Inspection.date, Inspection.id)
    else:
        stmt = stmt.order_by(ChecklistResponse.total_score.is_(None), ChecklistResponse.total_score, Unit.code,
                             Inspection.date, Inspection.id).limit(limit)
    rows = []
    for response in db.session.scalars(stmt):
        row = ResultRow(response.inspection, _section_scores(response.scores), response.total_score)
        row.answers = {keys[a.item_id]: a for a in response.answers if a.item_id in keys}
        rows.append(row)
    total = len(rows) if limit is None else _count(done.with_only_columns(ChecklistResponse.id))
    order = {key: n for n, key in enumerate(items)}
    ranked = sorted(items, key=lambda k: (-items[k].not_compliant, order[k]))
    return ChecklistResults(sections=sections, rows=rows, items=[items[k] for k in ranked], count=total)


def _section_scores(scores: dict | None) -> dict[str, Decimal | None]:
    return {code: None if value is None else Decimal(str(value)) for code, value in (scores or {}).items()}


def item_answers(programme: Programme, section: str, code: str, reader: User, today: date) -> list[ResultRow]:
    """The done inspections' answers to one item, worst first."""
    rows = [r for r in checklist_results(programme, reader, today).rows if (section, code) in r.answers]
    return sorted(rows, key=lambda r: (r.answers[(section, code)].score is None,
                                       r.answers[(section, code)].score or 0))


# Corrective actions --------------------------------------------------------------------------


@dataclass
class ActionRow:
    unit: Unit
    open: int = 0
    overdue: int = 0
    verified: int = 0


def _actions(programme: Programme, reader: User, today: date) -> Select:
    """The programme's corrective actions of the inspections ``reader`` may see (:mod:`inspection.security`)."""
    return (
        select(CorrectiveAction)
        .join(Finding, Finding.id == CorrectiveAction.finding_id)
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .where(Inspection.programme_id == programme.id, inspections_seen_by(reader, today))
    )


def action_states(action: CorrectiveAction, today: date) -> set[str]:
    """An action is verified, or open (not yet verified) and possibly also overdue."""
    if action.status == ActionStatus.VERIFIED:
        return {"verified"}
    return {"open", "overdue"} if action.is_overdue(today) else {"open"}


def corrective_actions(programme: Programme, today: date, reader: User) -> list[ActionRow]:
    """Per unit with corrective actions: how many are open, overdue and verified, by unit code."""
    verified = CorrectiveAction.status == ActionStatus.VERIFIED
    overdue = CorrectiveAction.status.in_(OPEN_ACTION) & (CorrectiveAction.due_date < today)
    counts = _actions(programme, reader, today).with_only_columns(
        CorrectiveAction.unit_id, _sum_where(~verified), _sum_where(overdue), _sum_where(verified)
    ).group_by(CorrectiveAction.unit_id).subquery()
    rows = db.session.execute(
        select(Unit, counts.c[1], counts.c[2], counts.c[3]).join(counts, counts.c.unit_id == Unit.id)
        .order_by(Unit.code)
    )
    return [ActionRow(unit, int(open_), int(late), int(done)) for unit, open_, late, done in rows]


def _sum_where(condition) -> ColumnElement:
    return func.sum(case((condition, 1), else_=0))


def actions_list(programme: Programme, today: date, reader: User, state: str | None,
                 unit_id: int | None) -> list[CorrectiveAction]:
    stmt = _actions(programme, reader, today).order_by(CorrectiveAction.due_date, CorrectiveAction.id)
    if unit_id is not None:
        stmt = stmt.where(CorrectiveAction.unit_id == unit_id)
    found = db.session.scalars(stmt)
    return [a for a in found if state is None or state in action_states(a, today)]


# Initiatives ---------------------------------------------------------------------------------


def initiatives(year: int, today: date) -> Compliance:
    """Active units with an initiative recognised for the year, and the days left to the deadline."""
    return compliance(year, today)


def initiative_units(year: int, which: str) -> list[Unit]:
    """Active units with a recognised initiative for the year, or ("missing") without one."""
    missing = units_without_recognised_initiative(year)
    condition = Unit.id.not_in(missing) if which == "recognised" else Unit.id.in_(missing)
    return list(db.session.scalars(select(Unit).where(Unit.active.is_(True), condition).order_by(Unit.code)))
