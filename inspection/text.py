"""Matching what people type against codes, names and column headers, with or without
Vietnamese diacritics."""

from __future__ import annotations

import re
import unicodedata


def fold(text: object) -> str:
    """Lower case without diacritics and with single spaces: "Đơn vị  cấp trên" → "don vi cap tren"."""
    decomposed = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().replace("_", " ").split())


def natural_key(text: object) -> tuple:
    """Sort key that orders the numbers inside a text by value: A1, A2, …, A10 (not A1, A10, A2)."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", fold(text)))
