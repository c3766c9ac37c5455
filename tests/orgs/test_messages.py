"""Form messages are Vietnamese, including WTForms' own ones."""

from tests.orgs.conftest import error_beside


def test_required_and_invalid_values_are_explained_in_vietnamese(admin_client):
    page = admin_client.post("/admin/inspectors/new", data={"full_name": "", "max_per_week": "nhiều"})
    html = page.get_data(as_text=True)
    assert error_beside(html, "full_name") == "Bắt buộc nhập trường này."
    assert error_beside(html, "max_per_week").startswith("Hãy nhập một số nguyên.")
    page = admin_client.post("/admin/holidays/new", data={"date": "31/02/2020", "name": "x" * 201})
    html = page.get_data(as_text=True)
    assert error_beside(html, "date") == "Ngày không hợp lệ."
    assert error_beside(html, "name") == "Tối đa 200 ký tự."
