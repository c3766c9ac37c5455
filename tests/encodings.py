"""Files as Vietnamese Excel saves them, for the import tests."""

from __future__ import annotations

import unicodedata

#: The tone marks Windows-1258 keeps apart from their letter.
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as Excel's plain "CSV (Comma delimited)" writes it on a Vietnamese Windows: code
    page 1258, the letter (with its breve, circumflex or horn) then the tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += letter.encode("cp1258") + "".join(c for c in decomposed if c in TONES).encode("cp1258")
    return bytes(out)
