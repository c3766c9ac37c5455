"""Re-planning scenarios: a plan is made, something changes on day D, and the application re-plans
from D (`today` = D, the inspections before D pinned, the others passed as `previous`).

`scenario` builds the re-plan instance and counts the inspections the change touches directly;
`measure` compares the old and the new plan.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter

from planner.schema import load_instance, parse_inspection
from planner.stability import intact, replan_changes

SCENARIOS = ("leave", "move_visit", "budget_cut", "holiday")
LABELS = {"leave": "inspector on leave for a month", "move_visit": "unit asks to move one visit",
          "budget_cut": "budget cut by 10%", "holiday": "holiday added"}


def _on(ins: dict, day: dt.date) -> bool:
    return dt.date.fromisoformat(ins["date"]) == day


def scenario(data: dict, plan: dict, name: str, replan_from: dt.date) -> tuple[dict, int]:
    """The re-plan instance of scenario `name` from day `replan_from`, and how many inspections
    the change touches directly."""
    new = copy.deepcopy(data)
    old = plan["inspections"]
    day = replan_from.isoformat()
    new["today"] = day
    new["pinned"] = [i for i in old if i["date"] < day]
    new["previous"] = [i for i in old if i["date"] >= day]
    ahead = new["previous"]
    if name == "leave":  # the busiest inspector of the next month is away that month
        month_end = (replan_from + dt.timedelta(30)).isoformat()
        month = [i for i in ahead if i["date"] <= month_end]
        person = Counter(p for i in month for p in i["inspectors"]).most_common(1)[0][0]
        inspector = next(p for p in new["inspectors"] if p["id"] == person)
        days = {(replan_from + dt.timedelta(k)).isoformat() for k in range(31)}
        inspector["unavailable"] = sorted(set(inspector["unavailable"]) | days)
        return new, sum(person in i["inspectors"] for i in month)
    if name == "move_visit":  # a unit cannot receive its periodic visit two weeks ahead or later
        target = next(i for i in ahead if i["kind"] == "periodic"
                      and i["date"] >= (replan_from + dt.timedelta(14)).isoformat())
        unit = next(u for u in new["units"] if u["id"] == target["unit"])
        unit["blackout"] = sorted(set(unit.get("blackout", [])) | {target["date"]})
        return new, 1
    if name == "budget_cut":  # a tenth of the yearly budget of visits is withdrawn
        budget = new["rules"].get("max_inspections") or len(old)
        new["rules"]["max_inspections"] = round(budget * 0.9)
        return new, max(0, len(old) - new["rules"]["max_inspections"])
    if name == "holiday":  # the busiest working day of the next two weeks becomes a holiday
        fortnight = (replan_from + dt.timedelta(14)).isoformat()
        busiest = Counter(i["date"] for i in ahead if i["date"] <= fortnight).most_common(1)[0][0]
        new["holidays"] = sorted(set(new.get("holidays", [])) | {busiest})
        return new, sum(i["date"] == busiest for i in ahead)
    raise ValueError(f"unknown scenario {name!r}")


def measure(data: dict, old_plan: dict, new_plan: dict, replan_from: dt.date) -> dict:
    """Changes of the re-plan: all of them (`replan_changes`), those before D, and re-staffed
    inspections among those kept whose old team is still allowed."""
    instance = load_instance(data)
    units, people = set(instance.unit_by_id), set(instance.inspector_by_id)
    new = [parse_inspection(i, "plan.", units, people) for i in new_plan["inspections"]]
    old = [parse_inspection(i, "plan.", units, people) for i in old_plan["inspections"]]
    counts = replan_changes(instance, new)
    before = sum(not any(o.same_as(n) for n in new) for o in old if o.date < replan_from)
    by_key = {n.key(): n for n in new}
    restaffed = sum(o.key() in by_key and not o.same_as(by_key[o.key()]) and intact(instance, o)
                    for o in old if o.date >= replan_from)
    changed = counts["team_changed"] + counts["moved"] + counts["dropped"] + counts["added"]
    return {"changed": changed, "before": before, "restaffed": restaffed, **counts}
