"""The schedule's filters: a value out of range is refused beside its field, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2030-13", "abcd-01"])
def test_a_month_out_of_range_is_refused_beside_the_field(planned, as_user, month):
    response = as_user(planned["planner"]).get(f"/schedule/inspections?month={month}")
    assert response.status_code == 200
    assert "Hãy chọn tháng." in response.get_data(as_text=True)
