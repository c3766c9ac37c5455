"""What changed from one plan to the next, inspection by inspection, and why.

Plans are the contract's dicts (docs/planner-format.md). An inspection of the new plan is the
same visit as one of the old plan when it is identical, else when it has the same unit, kind,
date and slot (its team changed), else the same unit and kind (it moved: the nearest date wins),
else the same unit (its kind changed). The application keeps a visit's row, and so its id,
links and calendar event, along the same pairs (:func:`pair`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from inspection.planning.clashes import Cause

#: The aspects of a visit a change may touch, in the order the change list names them.
ASPECTS = ("date", "slot", "kind", "team", "lead")


def _team(entry: dict) -> frozenset[str]:
    return frozenset(entry["inspectors"]) | ({entry["lead"]} if entry.get("lead") else set())


def same(a: dict, b: dict) -> bool:
    """Rule 8 equality: same unit, date, slot, kind, lead and set of inspectors."""
    keys = ("unit", "date", "slot", "kind", "lead")
    return all(a.get(k) == b.get(k) for k in keys) and _team(a) == _team(b)


def find(entries: list[dict], entry: dict) -> int | None:
    """Where ``entry`` stands in ``entries``, or None."""
    return next((index for index, item in enumerate(entries) if same(item, entry)), None)


def _distance(a: dict, b: dict) -> int:
    return abs((date.fromisoformat(a["date"]) - date.fromisoformat(b["date"])).days)


#: The tests that make two entries the same visit, strictest first.
_STAGES: tuple[Callable[[dict, dict], bool], ...] = (
    same,
    lambda a, b: (a["unit"], a["kind"], a["date"], a["slot"]) == (b["unit"], b["kind"], b["date"], b["slot"]),
    lambda a, b: (a["unit"], a["kind"]) == (b["unit"], b["kind"]),
    lambda a, b: a["unit"] == b["unit"],
)


def pair(old: Sequence[dict], new: Sequence[dict], first: Sequence[tuple[int, int]] = (),
         in_place: bool = False) -> list[tuple[int | None, int | None]]:
    """Indexes (old, new) of the same visits; (i, None) was dropped, (None, j) added. ``first``
    are pairs known beforehand (a visit moved by hand); ``in_place`` pairs only visits on the
    same date and slot (a visit that has begun cannot move)."""
    pairs: list[tuple[int | None, int | None]] = list(first)
    free_old = [i for i in range(len(old)) if all(i != a for a, _ in first)]
    free_new = [j for j in range(len(new)) if all(j != b for _, b in first)]
    for matches in _STAGES[:2] if in_place else _STAGES:
        for i in list(free_old):
            candidates = [j for j in free_new if matches(old[i], new[j])]
            if candidates:
                j = min(candidates, key=lambda j: (_distance(old[i], new[j]), new[j]["date"], j))
                pairs.append((i, j))
                free_old.remove(i)
                free_new.remove(j)
    return pairs + [(i, None) for i in free_old] + [(None, j) for j in free_new]


def aspects(before: dict, after: dict) -> list[str]:
    """What differs between two entries of one visit (see :data:`ASPECTS`)."""
    changed = [key for key in ("date", "slot", "kind", "lead") if before.get(key) != after.get(key)]
    if _team(before) != _team(after):
        changed.append("team")
    return [a for a in ASPECTS if a in changed]


@dataclass(frozen=True)
class Change:
    """What happened to one visit between two plans: ``before`` None means added, ``after``
    None dropped; ``aspects`` says what differs; ``cause`` why it had to change."""

    unit: str
    kind: str
    before: dict | None
    after: dict | None
    aspects: tuple[str, ...]
    cause: Cause

    @property
    def what(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "moved" if {"date", "slot"} & set(self.aspects) else "team"


@dataclass(frozen=True)
class ChangeList:
    """The changes from one plan to the next, grouped by cause, and how many visits kept
    everything (date, slot, kind, team, lead)."""

    groups: list[tuple[Cause, list[Change]]]
    untouched: int

    @property
    def changes(self) -> list[Change]:
        return [change for _cause, group in self.groups for change in group]

    def __bool__(self) -> bool:
        return bool(self.groups)


#: The order of the change list's groups.
CAUSE_ORDER = (Cause.LEAVE, Cause.BLACKOUT, Cause.HOLIDAY, Cause.BUDGET, Cause.REQUEST, Cause.OTHER)


def _unavailable(instance: dict) -> dict[str, set[str]]:
    return {i["id"]: set(i.get("unavailable", [])) for i in instance.get("inspectors", [])}


def _blackout(instance: dict) -> dict[str, set[str]]:
    return {u["id"]: set(u.get("blackout", [])) for u in instance.get("units", [])}


def cause_of(before: dict | None, old: dict, new: dict, by_hand: bool) -> Cause:
    """Why the visit ``before`` (in the old plan; None for an added visit) had to change, read
    from the instances the two plans were made for (``old``, ``new``): its day became a
    holiday, a team member's leave or the unit's blackout, the budget shrank, or a planner
    changed it by hand (a unit's request, most often)."""
    if by_hand:
        return Cause.REQUEST
    if before is not None:
        day = before["date"]
        if day in set(new.get("holidays", [])) - set(old.get("holidays", [])):
            return Cause.HOLIDAY
        unavailable = _unavailable(new)
        if any(day in unavailable.get(i, set()) for i in _team(before)):
            return Cause.LEAVE
        if day in _blackout(new).get(before["unit"], set()):
            return Cause.BLACKOUT
    if _budget(new) < _budget(old):
        return Cause.BUDGET
    return Cause.OTHER


def _budget(instance: dict) -> float:
    limit = (instance.get("rules") or {}).get("max_inspections")
    return float("inf") if limit is None else limit


def compare(old_plan: dict, new_plan: dict, old_instance: dict | None = None, new_instance: dict | None = None,
            by_hand: bool = False) -> ChangeList:
    """Every change from ``old_plan`` to ``new_plan`` (team and lead changes included), grouped
    by cause when the instances are given, and how many visits are untouched."""
    old, new = old_plan.get("inspections", []), new_plan.get("inspections", [])
    old_instance, new_instance = old_instance or {}, new_instance or {}
    found: dict[Cause, list[Change]] = {}
    untouched = 0
    for i, j in pair(old, new):
        before, after = (old[i] if i is not None else None), (new[j] if j is not None else None)
        changed = tuple(aspects(before, after)) if before is not None and after is not None else ()
        if before is not None and after is not None and not changed:
            untouched += 1
            continue
        entry = before or after
        cause = cause_of(before, old_instance, new_instance, by_hand)
        found.setdefault(cause, []).append(Change(entry["unit"], entry["kind"], before, after, changed, cause))
    groups = [(cause, sorted(found[cause], key=_order)) for cause in CAUSE_ORDER if cause in found]
    return ChangeList(groups, untouched)


def _order(change: Change) -> tuple:
    return (change.before or change.after)["date"], change.unit, change.kind
