"""The Vietnamese catalogues are complete: every message the code uses has a translation."""

from __future__ import annotations

import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from inspection.config import PROJECT_ROOT
from inspection.i18n import EXTRACT_KEYWORDS, catalogue_dirs, catalogue_sources

CATALOGUES = catalogue_dirs()


def _catalogue(directory):
    with open(directory / "vi" / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale="vi")


def _extracted(directory, tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(PROJECT_ROOT / "babel.cfg"),
         *EXTRACT_KEYWORDS, "-o", str(pot), *map(str, catalogue_sources(directory))],
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("directory", CATALOGUES, ids=[str(d.relative_to(PROJECT_ROOT)) for d in CATALOGUES])
def test_every_message_has_a_vietnamese_translation(directory):
    untranslated = [
        m.id for m in _catalogue(directory)
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, f"untranslated in {directory}: {untranslated}"


@pytest.mark.parametrize("directory", CATALOGUES, ids=[str(d.relative_to(PROJECT_ROOT)) for d in CATALOGUES])
def test_every_message_in_the_code_is_in_the_catalogue(directory, tmp_path):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(directory) if m.id}
    missing = sorted(_extracted(directory, tmp_path) - known)
    assert not missing, f"run `flask translate update` and translate: {missing}"

