"""Plans as data: apply a hand edit to a plan, check it, say what broke.

Pure functions on the contract's dicts (docs/planner-format.md); no database here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from inspection.planning.changes import find
from inspection.planning.instance import inspector_names
from planner import InstanceError, check
from planner.messages import render


def changed_plan(plan: dict, old: dict | None, new: dict | None) -> dict | None:
    """``plan`` with ``old`` replaced by ``new`` (either may be None: an addition, a removal).

    None when ``old`` is not in the plan: the rows and the plan disagree and the edit is refused.
    """
    result = copy.deepcopy(plan)
    entries = result.setdefault("inspections", [])
    if old is not None:
        index = find(entries, old)
        if index is None:
            return None
        del entries[index]
    if new is not None:
        entries.append(new)
    entries.sort(key=lambda e: (e["date"], e["slot"], e["unit"]))
    # A plan changed by hand is no longer the solver's proved optimum.
    result["status"] = "FEASIBLE"
    return result


@dataclass(frozen=True)
class Verdict:
    ok: bool
    score: int | None
    problems: list[str]


def names(instance: dict) -> dict[str, str]:
    """Unit and inspector ids of ``instance`` → how people call them."""
    units = {u["id"]: f'{u["id"]} — {u["name"]}' if u.get("name") else u["id"] for u in instance.get("units", [])}
    return {**units, **inspector_names(instance)}


def _readable(params: dict, names: dict[str, str]) -> dict:
    """Violation params with ids replaced by what people call them (slots and dates are put in
    words by the planner's messages)."""
    out = dict(params)
    for key in ("unit", "inspector", "lead"):
        if key in out:
            out[key] = names.get(out[key], out[key])
    return out


def refreshed(stored: dict, fresh: dict) -> dict:
    """``stored`` (the instance a revision was solved on) with ``fresh``'s today, leave,
    blackouts, conflicts and holidays: an edit is checked against the organisation as it is now
    and against the agency's real today, while units, rules and weights stay those of the plan
    being edited. Dates before today are left out, as :func:`build_instance` does."""
    today = fresh["today"]

    def ahead(*lists) -> list[str]:
        return sorted({d for days in lists for d in days if d >= today})

    unavailable = {i["id"]: i.get("unavailable", []) for i in fresh.get("inspectors", [])}
    inspectors = [{**i, "unavailable": ahead(i.get("unavailable", []), unavailable.get(i["id"], []))}
                  for i in stored.get("inspectors", [])]
    blackout = {u["id"]: u.get("blackout", []) for u in fresh.get("units", [])}
    units = [{**u, "blackout": ahead(u.get("blackout", []), blackout.get(u["id"], []))}
             for u in stored.get("units", [])]
    known = {(c["inspector"], c["unit"]) for c in stored.get("conflicts", [])}
    ids = {i["id"] for i in inspectors}, {u["id"] for u in units}
    added = [c for c in fresh.get("conflicts", [])
             if (c["inspector"], c["unit"]) not in known and c["inspector"] in ids[0] and c["unit"] in ids[1]]
    return {**stored, "today": today, "inspectors": inspectors, "units": units,
            "conflicts": [*stored.get("conflicts", []), *added],
            "holidays": ahead(stored.get("holidays", []), fresh.get("holidays", []))}


def _key(violation) -> tuple:
    """A violation without its position in the plan, which an edit shifts."""
    return violation.code, tuple(sorted((k, str(v)) for k, v in violation.params.items() if k != "index"))


def verdict(instance: dict, plan: dict, lang: str, before: dict | None = None,
            holidays: dict[str, str] | None = None) -> Verdict:
    """Check ``plan`` against every hard rule of ``instance``; problems in plain words in ``lang``.

    With ``before`` (the plan as it was), only the violations the change brings count: an edit
    is not blamed for a problem it did not cause. ``holidays`` (ISO date → how to name that
    holiday) says which holiday a day that is not a working day is."""
    try:
        report = check(instance, plan)
        known = {_key(v) for v in check(instance, before).violations} if before is not None else set()
    except InstanceError as error:
        return Verdict(False, None, [str(error)])
    fresh = [v for v in report.violations if _key(v) not in known]
    names_ = names(instance)
    problems = [_problem(v, names_, lang, holidays or {}) for v in fresh]
    return Verdict(not fresh, report.score, problems)


def _problem(violation, names_: dict[str, str], lang: str, holidays: dict[str, str]) -> str:
    text = render(violation.code, _readable(violation.params, names_), lang)
    holiday = holidays.get(violation.params.get("date")) if violation.code == "not_working_day" else None
    return f"{text} ({holiday})" if holiday else text
