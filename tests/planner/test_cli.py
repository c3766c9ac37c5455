"""The command line and instance validation: exit codes, one clear message, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from planner import InstanceError, load_instance
from planner.__main__ import main
from tests.planner.conftest import base_instance, inspection, valid_plan


def write(tmp_path, name, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_check_exit_codes(tmp_path, capsys):
    instance = write(tmp_path, "i.json", base_instance())
    assert main(["check", instance, write(tmp_path, "p.json", valid_plan())]) == 0
    broken = valid_plan()
    broken["inspections"].pop()
    assert main(["check", instance, write(tmp_path, "b.json", broken)]) == 1
    assert "rule 2" in capsys.readouterr().out
    assert main(["check", instance, write(tmp_path, "u.json", {"status": "UNKNOWN"})]) == 1


def test_solve_then_check(tmp_path):
    instance = write(tmp_path, "i.json", base_instance())
    plan = str(tmp_path / "plan.json")
    assert main(["solve", instance, "-o", plan, "--time-limit", "5", "--seed", "3"]) == 0
    assert main(["check", instance, plan]) == 0


@pytest.mark.parametrize("content", ["{not json", None])
def test_unreadable_or_bad_json_exit_2(tmp_path, capsys, content):
    path = write(tmp_path, "i.json", content) if content else str(tmp_path / "missing.json")
    assert main(["solve", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_cli_subprocess_never_prints_traceback(tmp_path):
    data = base_instance()
    data["units"][0]["weight"] = "heavy"
    path = write(tmp_path, "i.json", data)
    run = subprocess.run([sys.executable, "-m", "planner", "check", path, path],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "units[0].weight" in run.stderr and "'heavy'" in run.stderr and "Traceback" not in run.stderr


def broken(path: str, value) -> dict:
    data = base_instance()
    target = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(("path", "value", "field"), [
    ("units.0.weight", -1, "units[0].weight"),
    ("units.1.id", "U1", "units[1].id"),
    ("inspectors.0.lead", "yes", "inspectors[0].lead"),
    ("inspectors.0.home_unit", "U9", "inspectors[0].home_unit"),
    ("rules.team_min", 4, "rules.team_min"),
    ("units.2.duration", 3, "units[2].duration"),
    ("horizon.start", "2020-13-01", "horizon.start"),
    ("conflicts", [{"inspector": "I9", "unit": "U1"}], "conflicts[0].inspector"),
    ("previous", [inspection("U1", "2021-01-04")], "previous[0].date"),
    ("pinned", [inspection("U7", "2020-03-16")], "pinned[0].unit"),
    ("pinned", [inspection("U1", "2020-03-16", team=("I2", "I4"))], "pinned[0]"),
    ("pinned", [inspection("U1", "2020-03-21")], "pinned[0]"),
])
def test_malformed_instances_name_field_and_value(path, value, field):
    with pytest.raises(InstanceError) as error:
        load_instance(broken(path, value))
    assert error.value.field == field
    assert field in str(error.value)


def test_dates_outside_horizon_allowed_for_holidays_and_leave():
    data = base_instance()
    data["holidays"] = ["2019-01-01", "2021-01-01"]
    data["inspectors"][0]["unavailable"] = ["2019-05-05"]
    data["units"][0]["blackout"] = ["2025-05-05"]
    load_instance(data)
