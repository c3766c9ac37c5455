"""Languages: Vietnamese by default, English on request; dates as dd/mm/yyyy."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import click
from flask import Flask, current_app, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from inspection.config import PROJECT_ROOT

#: Marker functions the extraction looks for besides gettext's own.
EXTRACT_KEYWORDS = ("-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def catalogue_dirs() -> list[Path]:
    """The project's catalogue plus one per domain package that has its own ``translations/``."""
    dirs = [PROJECT_ROOT / "translations"]
    dirs += sorted(p for p in (PROJECT_ROOT / "inspection").glob("*/translations") if p.is_dir())
    return dirs


def catalogue_sources(directory: Path) -> list[Path]:
    """What each catalogue is extracted from: a domain package's own code and templates; the
    project catalogue takes everything outside those domain packages."""
    if directory != PROJECT_ROOT / "translations":
        return [directory.parent]
    owned = {d.parent for d in catalogue_dirs()[1:]}
    shared = [p for p in (PROJECT_ROOT / "inspection").iterdir() if p not in owned and p.name != "__pycache__"]
    return [PROJECT_ROOT / "models", PROJECT_ROOT / "templates", *shared]


def day_text(value: date | datetime | None, with_time: bool = False) -> str:
    """A day as people read it here: dd/mm/yyyy (with the time when asked), in the agency's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "dd/MM/yyyy HH:mm" if with_time else "dd/MM/yyyy")
    return format_date(value, "dd/MM/yyyy")


def _datetime(value: datetime | None) -> str:
    return day_text(value, with_time=True)


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)


@click.group("translate")
def translate_cli() -> None:
    """Extract, update and compile the message catalogues."""


@translate_cli.command("update")
@click.argument("domain", required=False)
def update_catalogues(domain: str | None) -> None:
    """Extract messages from the code and merge them into the catalogues (vi).

    DOMAIN limits it to one catalogue: "core" (translations/) or a domain package such as
    "planning" (inspection/planning/translations/, created on first use).
    """
    if domain in (None, "core"):
        directories = catalogue_dirs() if domain is None else catalogue_dirs()[:1]
    else:
        package = PROJECT_ROOT / "inspection" / domain
        if not package.is_dir():
            raise click.BadParameter(f"no package inspection/{domain}", param_hint="DOMAIN")
        directories = [package / "translations"]
    for directory in directories:
        directory.mkdir(parents=True, exist_ok=True)
        pot = directory / "messages.pot"
        sources = [str(p) for p in catalogue_sources(directory)]
        _pybabel("extract", "-F", str(PROJECT_ROOT / "babel.cfg"), *EXTRACT_KEYWORDS,
                 "--no-location", "--sort-output", "-o", str(pot), *sources)
        po = directory / "vi" / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(pot), "-d", str(directory), "-l", "vi", "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(pot), "-d", str(directory), "-l", "vi")
        pot.unlink()


@translate_cli.command("compile")
def compile_catalogues() -> None:
    """Compile every catalogue to .mo files (done by `make run` and `make test`)."""
    for directory in catalogue_dirs():
        _pybabel("--quiet", "compile", "-d", str(directory))


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(d) for d in catalogue_dirs())
    app.jinja_env.filters["date"] = day_text
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.cli.add_command(translate_cli)
