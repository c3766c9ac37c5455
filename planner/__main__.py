"""Command line: `python -m planner solve|check ...` (see docs/planner-format.md)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from planner.check import check
from planner.schema import InstanceError
from planner.solver import solve


class BadInput(Exception):
    """Input the CLI cannot use: reported on one line, exit code 2."""


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadInput(f"{path} is not valid JSON: {error}") from None


def _solve(args: argparse.Namespace) -> int:
    plan = solve(_read_json(args.instance), time_limit=args.time_limit, seed=args.seed)
    text = json.dumps(plan, ensure_ascii=False, indent=1)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    print(f"{plan['status']} score={plan['score']} bound={plan['bound']}", file=sys.stderr)
    for line in plan["explanation"]:
        print(f"  {line}", file=sys.stderr)
    return 0 if plan["status"] in ("OPTIMAL", "FEASIBLE") else 1


def _check(args: argparse.Namespace) -> int:
    report = check(_read_json(args.instance), _read_json(args.plan))
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="compute a plan for an instance")
    solve_cmd.add_argument("instance")
    solve_cmd.add_argument("-o", "--output", help="write the plan here instead of stdout")
    solve_cmd.add_argument("--time-limit", type=float, default=30.0)
    solve_cmd.add_argument("--seed", type=int, default=None, help="overrides rules.seed")
    check_cmd = commands.add_parser("check", help="check a plan against the hard rules")
    check_cmd.add_argument("instance")
    check_cmd.add_argument("plan")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _solve(args) if args.command == "solve" else _check(args)
    except InstanceError as error:
        print(f"error: {error}", file=sys.stderr)
    except BadInput as error:
        print(f"error: {error}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
