"""Who is busy when: the incremental state behind the constructive phases (draw, greedy, schedule).

Every `add` keeps the partial plan valid for hard rules 1 and 3-6, so anything built through
`Occupancy.team_for` + `add` only has to care about coverage, surprise count and budget.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cached_property

from planner.schema import SLOTS_FOR_DURATION, Inspection, Instance

Week = tuple[int, int]
HALF_BITS = {"AM": 1, "PM": 2, "DAY": 3}


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

    def present(self, day: dt.date) -> frozenset[str]:
        """Inspectors available on `day`."""
        return self._day_counts.get(day, (0, 0, frozenset()))[2]

    @cached_property
    def _open_days(self) -> list[dt.date]:
        """Days on which a unit that bars nobody could be inspected."""
        size = self.instance.rules.team_min
        return [d for d in self.days if self._day_counts[d][0] >= size and self._day_counts[d][1] >= 1]

    @cached_property
    def _open_index(self) -> dict[dt.date, int]:
        return {d: k for k, d in enumerate(self._open_days)}

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
        """Days on which `unit` could be inspected at all (rules 1, 3, 5 and the blackout of 6).
        Shared lists: callers copy before changing them."""
        if unit not in self._unit_days:
            days = self._open_days
            barred = self.ineligible.get(unit)
            if barred:  # only days with no margin for the barred people need a closer look
                size, counts = self.instance.rules.team_min, self._day_counts
                margin, lead_margin = size + len(barred), 1 + len(barred & self.leads)
                days = [d for d in days if counts[d][0] >= margin and counts[d][1] >= lead_margin
                        or self.staffable(unit, d)]
            blackout = self.instance.unit_by_id[unit].blackout
            if blackout and days is self._open_days:  # cut the few blackout days out by position
                cuts = sorted(self._open_index[d] for d in blackout if d in self._open_index)
                bounds = [-1, *cuts, len(days)]
                days = [d for a, b in itertools.pairwise(bounds) for d in days[a + 1:b]]
            elif blackout:
                days = [d for d in days if d not in blackout]
            self._unit_days[unit] = days
        return self._unit_days[unit]

    def nearest_days(self, unit: str, day: dt.date) -> list[dt.date]:
        """The unit's possible days, nearest to `day` first (the earlier one on a tie)."""
        return sorted(self.unit_days(unit), key=lambda d: (abs((d - day).days), d))


class Occupancy:
    """A partial plan plus the per-inspector and per-unit bookkeeping to extend it validly."""

    def __init__(self, calendar: Calendar):
        self.cal = calendar
        self.instance = calendar.instance
        self.inspections: list[Inspection] = []
        self.blocks: list[Inspection] = []  # inspections whose people are busy, their unit unseen
        # per day: inspector -> half days taken (bits of HALF_BITS), area of the day, inspections
        self.halves: dict[dt.date, dict[str, int]] = defaultdict(dict)
        self.areas: dict[dt.date, dict[str, str]] = defaultdict(dict)
        self.jobs: dict[dt.date, Counter[str]] = defaultdict(Counter)
        self.weeks: dict[Week, Counter[str]] = defaultdict(Counter)  # per ISO week: inspections
        self.load: Counter[str] = Counter()
        # leads and the others, by load, each level sorted: the least-loaded free are found first
        self.by_load: dict[bool, dict[int, list[str]]] = {
            is_lead: {0: sorted(i.id for i in self.instance.inspectors if i.lead == is_lead)}
            for is_lead in (True, False)}
        self.unit_dates: dict[str, list[dt.date]] = defaultdict(list)
        self.periodic_count: Counter[str] = Counter()
        # (day, slot, area) -> the largest load cap (inf: none) under which not even a unit that
        # bars nobody found a team; bookings only take people away and loads only grow, so the
        # slot stays full under that cap until something is removed
        self.full: dict[tuple[dt.date, str, str], float] = {}
        self.dead: set[dt.date] = set()  # days on which no lead can take one more inspection

    @property
    def periodic_units(self) -> set[str]:
        return {u for u, n in self.periodic_count.items() if n}

    def is_busy(self, person: str, day: dt.date, half: str) -> bool:
        return bool(self.halves.get(day, {}).get(person, 0) & HALF_BITS[half])

    def area_of(self, person: str, day: dt.date) -> str | None:
        """The area `person` works in on `day`, None if free all day."""
        return self.areas.get(day, {}).get(person)

    def week_jobs(self, person: str, week: Week) -> int:
        return self.weeks.get(week, {}).get(person, 0)

    def copy(self) -> Occupancy:
        other = Occupancy.__new__(Occupancy)
        other.cal, other.instance = self.cal, self.instance
        other.inspections, other.blocks = list(self.inspections), list(self.blocks)
        other.halves = defaultdict(dict, {d: dict(v) for d, v in self.halves.items()})
        other.areas = defaultdict(dict, {d: dict(v) for d, v in self.areas.items()})
        other.jobs = defaultdict(Counter, {d: Counter(v) for d, v in self.jobs.items()})
        other.weeks = defaultdict(Counter, {w: Counter(v) for w, v in self.weeks.items()})
        other.load, other.full, other.dead = Counter(self.load), dict(self.full), set(self.dead)
        other.by_load = {kind: {level: list(ids) for level, ids in levels.items()}
                         for kind, levels in self.by_load.items()}
        other.unit_dates = defaultdict(list, {u: list(d) for u, d in self.unit_dates.items()})
        other.periodic_count = Counter(self.periodic_count)
        return other

    def _move_load(self, person: str, step: int) -> None:
        levels = self.by_load[person in self.cal.leads]
        level = self.load[person]
        bucket = levels[level]
        bucket.remove(person)
        if not bucket:
            del levels[level]
        self.load[person] = level + step
        bisect.insort(levels.setdefault(level + step, []), person)

    def _least_loaded_of(self, leads: bool, may_join: Callable[[str], bool], cap: int | None, count: int):
        """The first `count` of the leads (or of the others) who may join, least loaded first."""
        found: list[str] = []
        levels = self.by_load[leads]
        for level in sorted(levels):
            if cap is not None and level >= cap:
                break
            for person in levels[level]:
                if may_join(person):
                    found.append(person)
                    if len(found) >= count:
                        return found
        return found

    def add(self, ins: Inspection) -> None:
        self._book(ins, +1)
        self.unit_dates[ins.unit].append(ins.date)
        if ins.kind == "periodic":
            self.periodic_count[ins.unit] += 1
        self.inspections.append(ins)

    def remove(self, ins: Inspection) -> None:
        """Undo `add` (repair drops periodic inspections to make room)."""
        self._book(ins, -1)
        self.unit_dates[ins.unit].remove(ins.date)
        if ins.kind == "periodic":
            self.periodic_count[ins.unit] -= 1
        self.inspections.remove(ins)

    def block(self, ins: Inspection) -> bool:
        """Book the people of `ins` without the visit to its unit, if they are free; the
        periodic plan sees previous surprise inspections this way (who is busy, not where)."""
        if not self.fits(ins):
            return False
        self._book(ins, +1)
        self.blocks.append(ins)
        return True

    def unblock(self) -> list[Inspection]:
        blocks, self.blocks = self.blocks, []
        for ins in blocks:
            self._book(ins, -1)
        return blocks

    def fits(self, ins: Inspection) -> bool:
        """Whether `ins` could be added as it is without breaking rules 1 and 3 to 5 (its unit's
        own rules, gap and blackout, are not looked at)."""
        rules, slots = self.instance.rules, SLOTS_FOR_DURATION[self.instance.unit_by_id[ins.unit].duration]
        if ins.date not in self.cal.week or ins.slot not in slots or ins.lead not in self.cal.leads:
            return False
        team = set(ins.inspectors)
        may_join = self._joiners(ins.unit, ins.date, ins.slot)
        return (ins.lead in team and rules.team_min <= len(team) == len(ins.inspectors) <= rules.team_max
                and all(may_join(p) for p in team))

    def _book(self, ins: Inspection, step: int) -> None:
        area = self.instance.unit_by_id[ins.unit].area
        bits = HALF_BITS[ins.slot]
        halves, areas, jobs = self.halves[ins.date], self.areas[ins.date], self.jobs[ins.date]
        week = self.weeks[ins.date.isocalendar()[:2]]
        for person in ins.inspectors:
            if step > 0:
                halves[person] = halves.get(person, 0) | bits
                areas[person] = area
            else:
                halves[person] &= ~bits
            jobs[person] += step
            if not jobs[person]:
                del jobs[person], areas[person], halves[person]
            week[person] += step
            self._move_load(person, step)
        if step < 0:  # the day has room again, and so have the other days of its week
            week_of = self.cal.week
            self.full = {key: cap for key, cap in self.full.items() if week_of[key[0]] != week_of[ins.date]}
            self.dead = {day for day in self.dead if week_of[day] != week_of[ins.date]}

    def unit_free(self, unit: str, day: dt.date) -> bool:
        """Hard rule 6 gap: `day` is at least min_gap_days from the unit's other inspections."""
        gap = self.instance.rules.min_gap_days
        return all(abs((day - other).days) >= gap for other in self.unit_dates.get(unit, ()))

    def _joiners(self, unit: str, day: dt.date, slot: str) -> Callable[[str], bool]:
        """Rule 4 and 5 for one more inspection of `unit` on (day, slot): who may join."""
        bits, area = HALF_BITS[slot], self.instance.unit_by_id[unit].area
        halves, areas = self.halves.get(day, {}), self.areas.get(day, {})
        week, limit = self.weeks.get(self.cal.week[day], {}), self.cal.max_per_week
        barred = self.cal.ineligible.get(unit, ())
        present = self.cal.present(day)

        def may_join(person: str) -> bool:
            return (person in present and person not in barred and not halves.get(person, 0) & bits
                    and areas.get(person, area) == area and week.get(person, 0) < limit[person])
        return may_join

    def free_people(self, unit: str, day: dt.date, slot: str, cap: int | None) -> list[str]:
        """Inspectors who may join an inspection of `unit` on (day, slot) without breaking a rule."""
        may_join = self._joiners(unit, day, slot)
        return [person for person in self.cal.available.get(day, ())
                if (cap is None or self.load[person] < cap) and may_join(person)]

    def team_for(self, unit: str, day: dt.date, slot: str, cap: int | None, order=None,
                 prefer: Inspection | None = None) -> tuple[tuple[str, ...], str] | None:
        """A team of team_min with a lead, least-loaded first (or in `order` if given); with
        `prefer` (the previous inspection of the unit) its lead and members wherever free."""
        if prefer is not None:
            return self._team_like(unit, day, slot, cap, prefer)
        if order is not None:
            people = sorted(self.free_people(unit, day, slot, cap), key=order)
            return self._pick(people)
        return self._least_loaded(unit, day, slot, cap)

    def _pick(self, people: list[str]) -> tuple[tuple[str, ...], str] | None:
        size = self.instance.rules.team_min
        lead = next((p for p in people if p in self.cal.leads), None)
        if lead is None or len(people) < size:
            return None
        return (lead, *[p for p in people if p != lead][: size - 1]), lead

    def _least_loaded(self, unit: str, day: dt.date, slot: str, cap: int | None):
        """The least-loaded lead who may join and the team_min − 1 least-loaded others; leads are
        the scarce resource (every team needs one), so the others are non-leads when there are
        enough of them."""
        size = self.instance.rules.team_min
        may_join = self._joiners(unit, day, slot)
        leads = self._least_loaded_of(True, may_join, cap, 1)
        if not leads:
            return None
        others = self._least_loaded_of(False, may_join, cap, size - 1)
        if len(others) < size - 1:
            others += self._least_loaded_of(True, may_join, cap, size - len(others))[1:]
        if len(others) < size - 1:
            return None
        return (leads[0], *others[: size - 1]), leads[0]

    def _team_like(self, unit: str, day: dt.date, slot: str, cap: int | None, prefer: Inspection):
        """The previous team as far as its people are free (whatever their load: keeping a team
        beats balancing it): its lead (else a previous member who may lead, else the least-loaded
        lead), its other members up to team_max, completed to team_min with the least loaded
        under `cap`."""
        may_join = self._joiners(unit, day, slot)
        previous = [p for p in dict.fromkeys(prefer.inspectors) if may_join(p)]
        people = sorted(set(previous) | set(self.free_people(unit, day, slot, cap)),
                        key=lambda p: (self.load[p], p))
        free = set(people)
        leads = self.cal.leads
        lead = prefer.lead if prefer.lead in free and prefer.lead in leads else next(
            (p for p in previous if p in leads), next((p for p in people if p in leads), None))
        if lead is None:
            return None
        rules = self.instance.rules
        team = [lead] + [p for p in previous if p != lead][: rules.team_max - 1]
        others = sorted((p for p in people if p not in team), key=lambda p: p in leads)
        team += others[: max(0, rules.team_min - len(team))]
        return (tuple(team), lead) if len(team) >= rules.team_min else None

    def _no_lead_left(self, day: dt.date) -> bool:
        """No lead present on `day` has a free half day and room in their week: every inspection
        needs a lead, so nothing more can happen that day (bookings only take room away)."""
        halves, week, limit = self.halves.get(day, {}), self.weeks.get(self.cal.week[day], {}), self.cal.max_per_week
        present = self.cal.present(day)
        return not any(halves.get(p, 0) != 3 and week.get(p, 0) < limit[p]
                       for p in self.cal.leads if p in present)

    def try_place(self, unit: str, kind: str, days, cap: int | None, order=None,
                  prefer: Inspection | None = None) -> Inspection | None:
        """Place `unit` on the first of `days` (and a matching slot) where a team is free."""
        if kind == "periodic" and self.periodic_count[unit]:
            return None
        slots = SLOTS_FOR_DURATION[self.instance.unit_by_id[unit].duration]
        if prefer is not None and prefer.slot in slots:
            slots = (prefer.slot, *(s for s in slots if s != prefer.slot))
        blackout = self.instance.unit_by_id[unit].blackout
        area = self.instance.unit_by_id[unit].area
        unrestricted = not self.cal.ineligible.get(unit)
        limit = math.inf if cap is None else cap
        full = self.full
        dead = self.dead
        for day in days:
            if day in dead or day in blackout or day not in self.cal.week or not self.unit_free(unit, day):
                continue
            for slot in slots:
                if full.get((day, slot, area), 0) >= limit:
                    continue
                found = self.team_for(unit, day, slot, cap, order, prefer)
                if not found:
                    if unrestricted:
                        full[(day, slot, area)] = max(limit, full.get((day, slot, area), 0))
                    if self._no_lead_left(day):
                        dead.add(day)
                        break
                if found:
                    ins = Inspection(unit, day, slot, kind, found[0], found[1])
                    self.add(ins)
                    return ins
        return None
