"""The Vietnamese catalogues are complete: every message the code uses has a translation."""

from __future__ import annotations

import enum
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

import models
from inspection.config import PROJECT_ROOT
from inspection.i18n import EXTRACT_KEYWORDS, catalogue_dirs, catalogue_sources
from inspection.labels import LABELS

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



def test_a_message_means_the_same_in_every_catalogue():
    """The catalogues are merged into one at run time, so a message id translated two ways would
    show one of them everywhere. Give a different meaning its own message id instead."""
    translations: dict[str, dict[str, str]] = {}
    for directory in CATALOGUES:
        for m in _catalogue(directory):
            if m.id:
                key = m.id if isinstance(m.id, str) else m.id[0]
                text = m.string if isinstance(m.string, str) else m.string[0]
                translations.setdefault(key, {})[str(directory.relative_to(PROJECT_ROOT))] = text
    clashes = {k: v for k, v in translations.items() if len(set(v.values())) > 1}
    assert not clashes, f"translated differently in different catalogues: {clashes}"


def test_every_status_and_code_of_the_models_has_words():
    """A page never shows an enum's stored value ("open", "OPTIMAL", "BB"): each has a label."""
    enums = [c for c in vars(models).values() if isinstance(c, type) and issubclass(c, enum.Enum)]
    unnamed = [f"{e.__name__}.{m.name}" for e in enums for m in e if m not in LABELS.get(e, {})]
    assert unnamed == []
