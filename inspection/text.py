"""Text as people type it, and finding it again.

Vietnamese can reach the service in two Unicode forms that look the same: composed (NFC, what
most keyboards send) and decomposed (NFD: Unikey's "Unicode tổ hợp", macOS file names). Stored as
typed, "Kiểm lâm" typed one way never finds "Kiểm lâm" typed the other, and two user names could
look identical. So every text that comes in (form fields, imported files) goes through
:func:`clean` before it is checked, and every search compares :func:`fold`-ed text with its
LIKE wildcards escaped by :func:`contains`.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement

#: Control characters that are really spacing: a space in one-line text.
_SPACING = {"\t", "\n", "\r", "\v", "\f"}
LIKE_ESCAPE = "\\"


def _invisible(char: str) -> bool:
    """Control (NUL, escape …) and invisible format characters (zero-width space, bidi marks, BOM)."""
    return unicodedata.category(char) in ("Cc", "Cf")


def clean(text: str, multiline: bool = False) -> str:
    """``text`` in NFC without control or invisible characters; line breaks and tabs are kept in
    ``multiline`` text (as "\\n" and "\\t"), and become spaces in one-line text. Anything but a
    string (a form field's empty or numeric value) is returned as it is."""
    if not isinstance(text, str):
        return text
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        kept = "".join(c for c in text if c in ("\n", "\t") or not _invisible(c))
    else:
        kept = "".join(" " if c in _SPACING else c for c in text if c in _SPACING or not _invisible(c))
    return unicodedata.normalize("NFC", kept)


def fold(text: object) -> str:
    """For search: lower case, no diacritics, single spaces: "Đơn vị  cấp Trên" → "don vi cap tren".

    "đ" is a letter of its own, not a "d" with a mark, so it is replaced before the marks go.
    """
    decomposed = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def fold_label(text: object) -> str:
    """A column header or a listed word of an imported file, as the imports compare them: folded,
    with "_" as a space, so that "Mã đơn vị", "ma_don_vi" and "MA DON VI" are one header."""
    return fold(str(text or "").replace("_", " "))


def contains(column: ColumnElement, text: str) -> ColumnElement:
    """``column LIKE '%text%'`` with "%", "_" and "\\" in ``text`` taken literally."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape=LIKE_ESCAPE)
