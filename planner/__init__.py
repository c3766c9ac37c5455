"""Inspection planner: instance/plan schemas, the hard-rule checker and the CP-SAT planner.

Pure package: no web framework, no database. See docs/planner-format.md.
"""

from planner.check import CheckReport, Violation, check
from planner.schema import Instance, InstanceError, load_instance
from planner.solver import solve

__all__ = ["CheckReport", "Instance", "InstanceError", "Violation", "check", "load_instance", "solve"]
