"""Reading back what a PDF download is, without a PDF library: its pages' sizes."""

from __future__ import annotations

import re
import zlib

A4 = (595.3, 841.9)


def _streams(data: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (object streams hold the pages)."""
    found = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            found.append(zlib.decompress(data[match.end():end]))
        except zlib.error:
            continue
    return b"\n".join(found)


def page_sizes(data: bytes) -> list[str]:
    """"portrait" or "landscape" per A4 page, in order; anything else fails."""
    assert data.startswith(b"%PDF-"), "a PDF"
    sizes = []
    for box in re.findall(rb"/MediaBox \[([^\]]*)\]", _streams(data)):
        width, height = (round(float(v), 1) for v in box.split()[2:4])
        assert (width, height) in (A4, A4[::-1]), f"A4, not {width} x {height}"
        sizes.append("portrait" if width < height else "landscape")
    return sizes


def image_count(data: bytes) -> int:
    """How many pictures the PDF embeds."""
    return len(re.findall(rb"/Subtype\s*/Image", _streams(data)))
