"""`python -m planner.bench [--sizes S,M,L,XL] [--time-limit S]`: one child process per size, so
each peak memory (ru_maxrss of that child) is measured on its own."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from planner.bench.generate import SIZES

TIME_LIMITS = {"S": 10.0, "M": 30.0, "L": 60.0, "XL": 300.0}


def run_one(size: str, time_limit: float) -> dict:
    """Runs in the child: generate, greedy, solve, check."""
    from planner import check, solve
    from planner.bench.generate import generate
    from planner.bench.greedy import greedy_score

    data = generate(size)
    greedy, greedy_ok = greedy_score(data)
    started = time.monotonic()
    plan = solve(data, time_limit=time_limit)
    wall = time.monotonic() - started
    report = check(data, plan)
    return {"size": size, "status": plan["status"], "score": plan["score"], "bound": plan["bound"],
            "bound_any_draw": plan["stats"].get("bound_any_draw"),
            "greedy": greedy, "greedy_valid": greedy_ok, "valid": report.ok, "wall": wall}


def measure(size: str, time_limit: float) -> dict:
    child = subprocess.Popen([sys.executable, "-m", "planner.bench", "--child", size,
                              "--time-limit", str(time_limit)], stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    row = json.loads(out) if child.returncode == 0 else {"size": size, "status": "CRASH"}
    row["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return row


def _ratio(score, bound) -> str:
    return f"{score / bound:.4f}" if score is not None and bound else "-"


def _fmt(row: dict) -> str:
    score, bound, any_draw = row.get("score"), row.get("bound"), row.get("bound_any_draw")
    greedy = f"{row['greedy']}{'' if row.get('greedy_valid') else '!'}" if "greedy" in row else "-"
    return (f"{row['size']:<5}{row['status']:<10}{score!s:>9}{bound!s:>9}{_ratio(score, bound):>8}"
            f"{any_draw!s:>10}{_ratio(score, any_draw):>8}{greedy:>9}{row.get('wall', 0):>8.1f}"
            f"{row['peak_mb']:>9.0f}  {'valid' if row.get('valid') else 'INVALID'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.bench")
    parser.add_argument("--sizes", default="S,M,L,XL")
    parser.add_argument("--time-limit", type=float, default=None, help="overrides every size's limit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.child, args.time_limit)))
        return 0
    print(f"{'size':<5}{'status':<10}{'score':>9}{'bound':>9}{'ratio':>8}{'any-draw':>10}{'ratio':>8}"
          f"{'greedy':>9}{'wall s':>8}{'peak MB':>9}")
    for size in args.sizes.split(","):
        if size not in SIZES:
            parser.error(f"unknown size {size!r}; choose from {','.join(SIZES)}")
        print(_fmt(measure(size, args.time_limit or TIME_LIMITS[size])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
