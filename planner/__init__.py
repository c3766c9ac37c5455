"""Inspection planner: instance/plan schemas, the hard-rule checker and the CP-SAT planner.

Pure package: no web framework, no database. See docs/planner-format.md.
"""

from planner.check import CheckReport, Violation, check
from planner.schema import Instance, InstanceError, load_instance


def solve(data: dict, **options) -> dict:
    """Plan the inspections of an instance (:func:`planner.solver.solve`). OR-Tools, which is slow
    to import, is loaded on the first solve: checking and explaining plans do without it."""
    from planner.solver import solve as solve_with_cp_sat

    return solve_with_cp_sat(data, **options)


__all__ = ["CheckReport", "Instance", "InstanceError", "Violation", "check", "load_instance", "solve"]
