"""`python -m planner.bench [--parts sizes,deadline,hard,replan] [--sizes S,M,L,XL] [--time-limit S]`

- sizes: realistic instances of four sizes at their default time limits, against the greedy
  baseline; one child process per size, so each peak memory (ru_maxrss of that child) is its own;
- deadline: L and XL under a five-second limit (the limit kept within a second);
- hard: the hard families of `planner.bench.hard`, valid plans and time limit kept;
- replan: the re-planning scenarios of `planner.bench.replan` on the M instance.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import time

from planner.bench.generate import SIZES

TIME_LIMITS = {"S": 10.0, "M": 30.0, "L": 60.0, "XL": 300.0}
DEADLINES = {"L": 5.0, "XL": 5.0}
KEPT = 2.0  # seconds over the limit still counted as keeping it (the solve only, no start-up)
HARD_SIZES, HARD_SEEDS, HARD_LIMIT = ("S", "M"), (1, 2, 3), 10.0
REPLAN_FROM = dt.date(2020, 6, 15)


def run_one(size: str, time_limit: float, greedy: bool) -> dict:
    """Runs in the child: generate, greedy, solve, check."""
    from planner import check, solve
    from planner.bench.generate import generate
    from planner.bench.greedy import greedy_score

    data = generate(size)
    row = {"size": size, "limit": time_limit}
    if greedy:
        row["greedy"], row["greedy_valid"] = greedy_score(data)
    started = time.monotonic()
    plan = solve(data, time_limit=time_limit)
    row["wall"] = time.monotonic() - started
    return row | {"status": plan["status"], "score": plan["score"], "bound": plan["bound"],
                  "bound_any_draw": plan["stats"].get("bound_any_draw"), "valid": check(data, plan).ok,
                  "blind": plan["stats"].get("blind")}


def measure(size: str, time_limit: float, greedy: bool = True) -> dict:
    command = [sys.executable, "-m", "planner.bench", "--child", size, "--time-limit", str(time_limit)]
    child = subprocess.Popen(command + ([] if greedy else ["--no-greedy"]), stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    row = json.loads(out) if child.returncode == 0 else {"size": size, "status": "CRASH", "limit": time_limit}
    row["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return row


def _ratio(score, bound) -> str:
    return f"{score / bound:.4f}" if score is not None and bound else "-"


def _kept(row: dict) -> bool:
    return "wall" in row and row["wall"] <= row["limit"] + KEPT


def _size_row(row: dict) -> str:
    score, bound, any_draw = row.get("score"), row.get("bound"), row.get("bound_any_draw")
    greedy = f"{row['greedy']}{'' if row.get('greedy_valid') else '!'}" if "greedy" in row else "-"
    return (f"{row['size']:<5}{row['status']:<10}{score!s:>9}{bound!s:>9}{_ratio(score, bound):>8}"
            f"{any_draw!s:>10}{_ratio(score, any_draw):>8}{greedy:>9}{row.get('wall', 0):>8.1f}"
            f"{row['limit']:>7.0f}{'yes' if _kept(row) else 'NO':>6}{row['peak_mb']:>9.0f}"
            f"  {'valid' if row.get('valid') else 'INVALID'}{'' if row.get('blind', True) else ', not blind'}")


SIZE_HEADER = (f"{'size':<5}{'status':<10}{'score':>9}{'bound':>9}{'ratio':>8}{'any-draw':>10}{'ratio':>8}"
               f"{'greedy':>9}{'wall s':>8}{'limit':>7}{'kept':>6}{'peak MB':>9}")


def sizes_part(sizes: list[str], time_limit: float | None) -> None:
    print(SIZE_HEADER)
    for size in sizes:
        print(_size_row(measure(size, time_limit or TIME_LIMITS[size])), flush=True)


def deadline_part() -> None:
    print(f"\nshort time limits (the limit kept: wall ≤ limit + {KEPT:.0f} s, solve only)")
    print(SIZE_HEADER)
    for size, limit in DEADLINES.items():
        print(_size_row(measure(size, limit, greedy=False)), flush=True)


def hard_part(families: list[str]) -> None:
    from planner import check, solve
    from planner.bench.hard import hard_instance, witness_ok

    print(f"\nhard instances (sizes {','.join(HARD_SIZES)}, seeds {','.join(map(str, HARD_SEEDS))}, "
          f"limit {HARD_LIMIT:.0f} s)")
    print(f"{'family':<15}{'feasible':>9}{'valid':>7}{'blind':>7}{'kept':>6}{'min ratio':>11}"
          f"{'mean ratio':>12}{'max wall':>10}")
    for family in families:
        rows = []
        for size in HARD_SIZES:
            for seed in HARD_SEEDS:
                data = hard_instance(family, size, seed)
                started = time.monotonic()
                plan = solve(data, time_limit=HARD_LIMIT)
                wall = time.monotonic() - started
                found = plan["status"] in ("OPTIMAL", "FEASIBLE")
                rows.append({"feasible": witness_ok(data), "valid": found and check(data, plan).ok,
                             "blind": bool(plan["stats"].get("blind")), "wall": wall, "limit": HARD_LIMIT,
                             "ratio": plan["score"] / plan["bound"] if found and plan["bound"] else None})
        n = len(rows)
        ratios = [r["ratio"] for r in rows if r["ratio"] is not None]
        print(f"{family:<15}{sum(r['feasible'] for r in rows):>5}/{n:<3}{sum(r['valid'] for r in rows):>3}/{n:<3}"
              f"{sum(r['blind'] for r in rows):>3}/{n:<3}{sum(_kept(r) for r in rows):>2}/{n:<3}"
              f"{min(ratios, default=math.nan):>11.4f}{sum(ratios) / max(len(ratios), 1):>12.4f}"
              f"{max(r['wall'] for r in rows):>10.1f}", flush=True)


def replan_part(size: str = "M") -> None:
    from planner import check, solve
    from planner.bench.generate import generate
    from planner.bench.replan import LABELS, SCENARIOS, measure, scenario

    limit = TIME_LIMITS[size]
    data = generate(size)
    first = solve(data, time_limit=limit)
    print(f"\nre-planning from {REPLAN_FROM.isoformat()} ({size}: {len(data['units'])} units, "
          f"{len(first['inspections'])} inspections, limit {limit:.0f} s; goals: changed ≤ 1.2 × affected, "
          f"0 before D, 0 re-staffed where the old team is still allowed)")
    print(f"{'scenario':<32}{'status':<10}{'affected':>9}{'changed':>8}{'ratio':>7}{'before D':>9}"
          f"{'re-staffed':>11}{'moved':>6}{'dropped':>8}{'added':>6}{'wall s':>8}")
    for name in SCENARIOS:
        instance, affected = scenario(data, first, name, REPLAN_FROM)
        started = time.monotonic()
        plan = solve(instance, time_limit=limit)
        wall = time.monotonic() - started
        valid = plan["status"] in ("OPTIMAL", "FEASIBLE") and check(instance, plan).ok
        counts = measure(instance, first, plan, REPLAN_FROM)
        ratio = f"{counts['changed'] / affected:.2f}" if affected else "-"
        print(f"{LABELS[name]:<32}{plan['status'] if valid else 'INVALID':<10}{affected:>9}{counts['changed']:>8}"
              f"{ratio:>7}{counts['before']:>9}{counts['restaffed']:>11}{counts['moved']:>6}"
              f"{counts['dropped']:>8}{counts['added']:>6}{wall:>8.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    from planner.bench.hard import FAMILIES

    parser = argparse.ArgumentParser(prog="python -m planner.bench")
    parser.add_argument("--parts", default="sizes,deadline,hard,replan")
    parser.add_argument("--sizes", default="S,M,L,XL")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--time-limit", type=float, default=None, help="overrides every size's limit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--no-greedy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.child, args.time_limit, not args.no_greedy)))
        return 0
    parts = args.parts.split(",")
    sizes = args.sizes.split(",")
    for size in sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size!r}; choose from {','.join(SIZES)}")
    families = args.families.split(",")
    for family in families:
        if family not in FAMILIES:
            parser.error(f"unknown family {family!r}; choose from {','.join(FAMILIES)}")
    if "sizes" in parts:
        sizes_part(sizes, args.time_limit)
    if "deadline" in parts:
        deadline_part()
    if "hard" in parts:
        hard_part(families)
    if "replan" in parts:
        replan_part()
    return 0


if __name__ == "__main__":
    sys.exit(main())
