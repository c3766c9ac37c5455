"""Who is busy when: the incremental state behind the constructive phases (draw, greedy, schedule).

Every `add` keeps the partial plan valid for hard rules 1 and 3-6, so anything built through
`Occupancy.team_for` + `add` only has to care about coverage, surprise count and budget.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from functools import cached_property

from planner.schema import HALVES, SLOTS_FOR_DURATION, Inspection, Instance

Week = tuple[int, int]


class Calendar:
    """Per-instance lookups shared by all phases: working days, weeks, who is available when."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.days: tuple[dt.date, ...] = instance.working_days
        self.week: dict[dt.date, Week] = {d: d.isocalendar()[:2] for d in self.days}
        self.available: dict[dt.date, list[str]] = {
            d: [i.id for i in instance.inspectors if d not in i.unavailable] for d in self.days}
        self._unit_days: dict[str, list[dt.date]] = {}
        self.max_per_week = {i.id: i.max_per_week for i in instance.inspectors}
        self.ineligible: dict[str, set[str]] = defaultdict(set)  # unit -> inspectors barred (rule 5)
        for person in instance.inspectors:
            if person.home_unit:
                self.ineligible[person.home_unit].add(person.id)
        for inspector, unit in instance.conflicts:
            self.ineligible[unit].add(inspector)

    @cached_property
    def leads(self) -> frozenset[str]:
        return frozenset(i.id for i in self.instance.inspectors if i.lead)

    @cached_property
    def _day_counts(self) -> dict[dt.date, tuple[int, int, frozenset[str]]]:
        return {d: (len(people), sum(p in self.leads for p in people), frozenset(people))
                for d, people in self.available.items()}

    def staffable(self, unit: str, day: dt.date) -> bool:
        """Necessary condition for any inspection of `unit` on `day`: enough free eligible people
        and an eligible lead, ignoring every other inspection."""
        people, leads, present = self._day_counts.get(day, (0, 0, frozenset()))
        barred = self.ineligible.get(unit)
        if barred:
            absent = barred & present
            people -= len(absent)
            leads -= len(absent & self.leads)
        return people >= self.instance.rules.team_min and leads >= 1

    def unit_days(self, unit: str) -> list[dt.date]:
        """Days on which `unit` could be inspected at all (rules 1, 3, 5 and the blackout of 6)."""
        if unit not in self._unit_days:
            blackout = self.instance.unit_by_id[unit].blackout
            self._unit_days[unit] = [d for d in self.days if d not in blackout and self.staffable(unit, d)]
        return self._unit_days[unit]


class Occupancy:
    """A partial plan plus the per-inspector and per-unit bookkeeping to extend it validly."""

    def __init__(self, calendar: Calendar):
        self.cal = calendar
        self.instance = calendar.instance
        self.inspections: list[Inspection] = []
        self.busy: set[tuple[str, dt.date, str]] = set()
        self.day_area: dict[tuple[str, dt.date], str] = {}
        self.week_count: Counter[tuple[str, Week]] = Counter()
        self.load: Counter[str] = Counter()
        self.unit_dates: dict[str, list[dt.date]] = defaultdict(list)
        self.periodic_units: set[str] = set()
        # (day, slot, area) where not even an unrestricted unit found a team without a load cap;
        # bookings only ever take people away, so such a slot stays full
        self.full: set[tuple[dt.date, str, str]] = set()

    def add(self, ins: Inspection) -> None:
        area = self.instance.unit_by_id[ins.unit].area
        week = ins.date.isocalendar()[:2]
        for person in ins.inspectors:
            for half in HALVES[ins.slot]:
                self.busy.add((person, ins.date, half))
            self.day_area[(person, ins.date)] = area
            self.week_count[(person, week)] += 1
            self.load[person] += 1
        self.unit_dates[ins.unit].append(ins.date)
        if ins.kind == "periodic":
            self.periodic_units.add(ins.unit)
        self.inspections.append(ins)

    def unit_free(self, unit: str, day: dt.date) -> bool:
        """Hard rule 6 gap: `day` is at least min_gap_days from the unit's other inspections."""
        gap = self.instance.rules.min_gap_days
        return all(abs((day - other).days) >= gap for other in self.unit_dates.get(unit, ()))

    def free_people(self, unit: str, day: dt.date, slot: str, cap: int | None) -> list[str]:
        """Inspectors who may join an inspection of `unit` on (day, slot) without breaking a rule."""
        area = self.instance.unit_by_id[unit].area
        week = self.cal.week[day]
        barred = self.cal.ineligible.get(unit, ())
        limit = self.cal.max_per_week
        busy, load, day_area, week_count = self.busy, self.load, self.day_area, self.week_count
        halves = HALVES[slot]
        out = []
        for person in self.cal.available.get(day, ()):
            if person in barred or (cap is not None and load[person] >= cap):
                continue
            if (person, day, halves[0]) in busy or (person, day, halves[-1]) in busy:
                continue  # rule 4: one inspection per half day
            if day_area.get((person, day), area) != area or week_count[(person, week)] >= limit[person]:
                continue  # rule 4: one area per day, weekly limit
            out.append(person)
        return out

    def team_for(self, unit: str, day: dt.date, slot: str, cap: int | None,
                 order=None) -> tuple[tuple[str, ...], str] | None:
        """A team of team_min with a lead, least-loaded first (or in `order` if given)."""
        people = self.free_people(unit, day, slot, cap)
        size = self.instance.rules.team_min
        if len(people) < size:
            return None
        key = order or (lambda p: (self.load[p], p))
        people.sort(key=key)
        lead = next((p for p in people if p in self.cal.leads), None)
        if lead is None:
            return None
        # leads are the scarce resource (every team needs one): fill the team with others first
        rest = [p for p in people if p != lead]
        if order is None:
            rest.sort(key=lambda p: p in self.cal.leads)  # stable: keeps the load order within each
        return (lead, *rest[: size - 1]), lead

    def try_place(self, unit: str, kind: str, days, cap: int | None, order=None) -> Inspection | None:
        """Place `unit` on the first of `days` (and a matching slot) where a team is free."""
        if kind == "periodic" and unit in self.periodic_units:
            return None
        slots = SLOTS_FOR_DURATION[self.instance.unit_by_id[unit].duration]
        blackout = self.instance.unit_by_id[unit].blackout
        area = self.instance.unit_by_id[unit].area
        unrestricted = cap is None and not self.cal.ineligible.get(unit)
        for day in days:
            if day in blackout or day not in self.cal.week or not self.unit_free(unit, day):
                continue
            for slot in slots:
                if cap is None and (day, slot, area) in self.full:
                    continue
                found = self.team_for(unit, day, slot, cap, order)
                if not found and unrestricted:
                    self.full.add((day, slot, area))
                if found:
                    ins = Inspection(unit, day, slot, kind, found[0], found[1])
                    self.add(ins)
                    return ins
        return None
