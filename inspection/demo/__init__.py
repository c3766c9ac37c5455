"""`flask demo load`: the demo organisation, for trying the service out on an empty database."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app

LOGINS_FILE = "demo-logins.txt"


@click.group("demo")
def demo_cli() -> None:
    """Demo data."""


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has units.")
@click.option("--size", type=click.Choice(["demo", "town", "province"]), default="demo", show_default=True,
              help="demo: the demo department; town (300 units, 40 inspectors) or province (3,000 units, "
                   "200 inspectors): an organisation for load tests, its plan solved and published.")
def load_command(if_empty: bool, size: str) -> None:
    """Load the demo organisation, users, programme and figures into an empty database."""
    from inspection.demo.loader import database_has_units, load_demo
    from inspection.demo.province import SIZES, load_province

    if database_has_units():
        if if_empty:
            click.echo("The database already has units: demo data not loaded.")
            _show_saved_logins()
            return
        raise click.ClickException("The database already has units; the demo data goes into an empty database.")
    table = _logins_table(load_demo() if size == "demo" else load_province(SIZES[size]))
    path = _write_logins(table)
    click.echo(f"Demo data loaded. Logins (shown once; also kept in {path}):\n")
    click.echo(table)


def _show_saved_logins() -> None:
    path = Path(current_app.instance_path) / LOGINS_FILE
    if path.exists():
        click.echo(f"{path}:\n")
        click.echo(path.read_text(encoding="utf-8"))


def _logins_table(logins) -> str:
    rows = [("username", "password", "role", "name")]
    rows += [(login.username, login.password, login.role.value, login.full_name) for login in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def _write_logins(table: str) -> Path:
    """Readable by the owner only: it holds passwords."""
    path = Path(current_app.instance_path) / LOGINS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("Demo logins\n\n" + table)
    return path
