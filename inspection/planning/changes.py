"""What changed from one plan to another: the plan page's changes since the last revision, and
the comparison of any two revisions. Pure functions on the contract's dicts (docs/planner-format.md)."""

from __future__ import annotations

from dataclasses import dataclass


def same(a: dict, b: dict) -> bool:
    """Rule 8 equality: same unit, date, slot, kind, lead and set of inspectors."""
    keys = ("unit", "date", "slot", "kind", "lead")
    return all(a.get(k) == b.get(k) for k in keys) and sorted(a["inspectors"]) == sorted(b["inspectors"])


def find(entries: list[dict], entry: dict) -> int | None:
    """Where ``entry`` stands in ``entries``, or None."""
    return next((index for index, item in enumerate(entries) if same(item, entry)), None)


@dataclass(frozen=True)
class Change:
    """One line of a comparison: what happened to one inspection between two plans."""

    what: str  # "added", "removed", "moved", "team"
    unit: str
    kind: str
    before: dict | None
    after: dict | None


def _pair_key(entry: dict) -> tuple[str, str]:
    return entry["unit"], entry["kind"]


def compare(old: dict, new: dict) -> list[Change]:
    """What moved from plan ``old`` to plan ``new``: inspections added, removed, moved to another
    date or slot, or given another team or lead. Unchanged inspections are left out."""
    before = [e for e in old.get("inspections", []) if find(new.get("inspections", []), e) is None]
    after = [e for e in new.get("inspections", []) if find(old.get("inspections", []), e) is None]
    changes: list[Change] = []
    for entry in sorted(before, key=lambda e: e["date"]):
        partner = next((e for e in sorted(after, key=lambda e: e["date"]) if _pair_key(e) == _pair_key(entry)), None)
        if partner is None:
            changes.append(Change("removed", entry["unit"], entry["kind"], entry, None))
            continue
        after.remove(partner)
        moved = (entry["date"], entry["slot"]) != (partner["date"], partner["slot"])
        changes.append(Change("moved" if moved else "team", entry["unit"], entry["kind"], entry, partner))
    changes += [Change("added", e["unit"], e["kind"], None, e) for e in after]
    return sorted(changes, key=lambda c: ((c.before or c.after)["date"], c.unit))
