"""Instance generator of realistic shape for the benchmark.

Areas of uneven size, skewed weights (a few risky units, many quiet ones), about 5% mandatory
units, about 20% full-day units, leave blocks and single days off, home units, about 30% leads,
surprise inspections for about 10% of the units and a yearly budget of 65-75% of the units.
"""

from __future__ import annotations

import datetime as dt
import random

SIZES = {"S": (30, 8), "M": (300, 40), "L": (3000, 200), "XL": (12000, 600)}
START, END = dt.date(2020, 3, 16), dt.date(2020, 10, 30)
HOLIDAYS = ["2020-04-02", "2020-04-30", "2020-05-01", "2020-09-02", "2020-09-03"]


def _workdays() -> list[dt.date]:
    days = (START + dt.timedelta(d) for d in range((END - START).days + 1))
    return [d for d in days if d.isoweekday() <= 5 and d.isoformat() not in HOLIDAYS]


def _units(rng: random.Random, count: int) -> list[dict]:
    areas = [f"A{k:02d}" for k in range(max(2, count // 25))]
    area_weights = [rng.paretovariate(1.2) for _ in areas]  # some districts are much larger
    days = _workdays()
    units = []
    for k in range(count):
        units.append({
            "id": f"U{k:05d}", "name": f"Unit {k}", "area": rng.choices(areas, area_weights)[0],
            "weight": int(min(100, rng.lognormvariate(2.4, 0.9))),
            "mandatory": rng.random() < 0.05,
            "duration": 2 if rng.random() < 0.2 else 1,
            "blackout": sorted(d.isoformat() for d in rng.sample(days, rng.randint(0, 6))),
        })
    return units


def _leave(rng: random.Random) -> list[str]:
    days = _workdays()
    off: set[dt.date] = set()
    for _ in range(rng.randint(1, 2)):  # one or two leave blocks of one to two weeks
        start = rng.randrange(len(days))
        off.update(days[start:start + rng.randint(5, 10)])
    off.update(rng.sample(days, rng.randint(0, 5)))  # single days: training, sickness
    return sorted(d.isoformat() for d in off)


def _inspectors(rng: random.Random, count: int, units: list[dict]) -> list[dict]:
    leads = set(rng.sample(range(count), max(1, round(count * 0.3))))
    return [{
        "id": f"I{k:04d}", "name": f"Inspector {k}",
        "home_unit": rng.choice(units)["id"] if rng.random() < 0.6 else None,
        "lead": k in leads, "unavailable": _leave(rng),
        "max_per_week": rng.choices([2, 3, 4], [0.2, 0.6, 0.2])[0],
    } for k in range(count)]


def generate(size: str, seed: int = 2020) -> dict:
    """A benchmark instance of size S, M, L or XL."""
    n_units, n_inspectors = SIZES[size]
    rng = random.Random(f"{size}-{seed}")
    units = _units(rng, n_units)
    inspectors = _inspectors(rng, n_inspectors, units)
    conflicts = [{"inspector": rng.choice(inspectors)["id"], "unit": rng.choice(units)["id"]}
                 for _ in range(n_inspectors * 2)]
    return {
        "format": "inspection-instance/1",
        "horizon": {"start": START.isoformat(), "end": END.isoformat()},
        "today": START.isoformat(), "workdays": [1, 2, 3, 4, 5], "holidays": HOLIDAYS,
        "rules": {"coverage_fraction": 0.5, "team_min": 2, "team_max": 3, "min_gap_days": 30,
                  "surprise_count": max(1, round(n_units * 0.1)),
                  "max_inspections": round(n_units * rng.uniform(0.65, 0.75)), "seed": seed},
        "objective": {"balance": 10, "stability": 20},
        "units": units, "inspectors": inspectors, "conflicts": conflicts,
        "pinned": [], "previous": [],
    }
