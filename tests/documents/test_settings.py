"""Admins edit the documents' header, signer and recipients; every change is audited."""

from __future__ import annotations

from sqlalchemy import select

from inspection.extensions import db
from models import AuditEntry, Role, Setting

FORM = {
    "governing_body": "Ủy ban nhân dân\r\nTỉnh Bình Dương  ",
    "agency": "Sở Nông nghiệp và\r\nPhát triển nông thôn",
    "abbreviation": "SNNPTNT",
    "place": "Bình Dương",
    "signer_title": "KT. Giám đốc\r\nPhó Giám đốc",
    "signer_name": "Nguyễn Văn Bình",
    "plan_recipients": "Ban Giám đốc Sở;\r\n\r\nLưu: VT.",
    "report_recipients": "Lưu: VT.",
}


def test_the_admin_s_settings_head_every_document(client_as, planner_client, make_programme):
    admin = client_as(Role.ADMIN)
    assert admin.post("/admin/documents/", data=FORM).status_code == 302

    stored = db.session.get(Setting, "documents").value
    assert stored["governing_body"] == "Ủy ban nhân dân\nTỉnh Bình Dương"
    assert stored["plan_recipients"] == "Ban Giám đốc Sở;\nLưu: VT."
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "settings"))
    assert audit.after["value"]["place"] == "Bình Dương"

    programme = make_programme()
    html = planner_client.get(f"/schedule/programmes/{programme.id}/print").get_data(as_text=True)
    for text in ("TỈNH BÌNH DƯƠNG", "/KH-SNNPTNT", "Bình Dương, ngày", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
                 "Nguyễn Văn Bình", "<li>Lưu: VT.</li>"):
        assert text in html


def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_saved(client_as):
    admin = client_as(Role.ADMIN)
    page = admin.post("/admin/documents/", data=dict(FORM, agency="", abbreviation="SNN/2"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("invalid-feedback") == 2
    assert db.session.get(Setting, "documents") is None


def test_the_form_shows_the_defaults_before_anything_is_saved(client_as, app):
    html = client_as(Role.ADMIN).get("/admin/documents/").get_data(as_text=True)
    assert app.config["AGENCY_NAME"] in html and "Thành phố Hồ Chí Minh" in html
