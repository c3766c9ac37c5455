"""The inspection record as an administrative document: header, number, date line, every
signature; the same document as a PDF."""

from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import select

from inspection.extensions import db
from models import ChecklistResponse, CorrectiveAction, InspectionMember, Role
from tests.checklists.conftest import answers_for, item_id
from tests.pdfs import image_count, page_sizes


def _submitted(inspector_client, started, template) -> ChecklistResponse:
    answers = answers_for(template, B1={"choice": "N", "note": "Không đeo thẻ"})
    body = {"client_id": "document-0000-0000-0001", "version": started.version, "answers": answers}
    assert inspector_client.post(f"/checklists/responses/{started.id}/submit", json=body).status_code == 200
    return db.session.get(ChecklistResponse, started.id)


def _document(html: str) -> str:
    return html[html.index('<article class="document'):html.index("</article>")]


def test_the_record_has_the_header_block_and_a_signature_for_every_team_member(
        inspector_client, started, default_template, team_inspection, make_inspector):
    third = make_inspector(full_name="Trần Thị Bích Ngọc", can_lead=False)
    team_inspection.members.append(InspectionMember(inspector=third))
    db.session.commit()
    response = _submitted(inspector_client, started, default_template)

    document = _document(inspector_client.get(f"/checklists/records/{response.id}/print").get_data(as_text=True))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document
    assert "<span>Độc lập - Tự do - Hạnh phúc</span>" in document  # hyphens; the span is underlined
    assert "ỦY BAN NHÂN DÂN" in document and "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" in document
    assert re.search(r"Số: \s+/BB-SNN", document), "not numbered before a leader approves it"
    day = team_inspection.date
    assert f"Thành phố Hồ Chí Minh, ngày {day.day:02d} tháng" in document
    signatures = re.findall(r'class="doc-sign-name">([^<]*)<', document)
    team = {i.full_name for i in team_inspection.inspectors}
    assert team <= set(signatures) and len(signatures) == len(team) + 1  # and the unit's representative
    assert "Trưởng đoàn kiểm tra" in document and document.count("Thành viên đoàn kiểm tra") == 2


def test_approving_numbers_the_record_once(inspector_client, started, default_template, client_as):
    response = _submitted(inspector_client, started, default_template)
    leader = client_as(Role.LEADER)

    assert leader.post(f"/checklists/records/{response.id}/approve").status_code == 302

    page = leader.get(f"/checklists/records/{response.id}").get_data(as_text=True)
    assert "Số: 01/BB-SNN" in page
    actions = db.session.scalars(select(CorrectiveAction)).all()
    assert actions and all(f"/checklists/actions/{a.id}" in page for a in actions)  # beside the document
    leader.post(f"/checklists/records/{response.id}/approve")  # a second click changes nothing
    assert "Số: 01/BB-SNN" in leader.get(f"/checklists/records/{response.id}/print").get_data(as_text=True)


def test_the_record_downloads_as_an_a4_pdf_with_its_photos(inspector_client, started, default_template):
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(photo, "JPEG")
    inspector_client.post(f"/checklists/responses/{started.id}/items/{item_id(default_template, 'B1')}/photos",
                          data={"photo": (io.BytesIO(photo.getvalue()), "IMG_0001.jpg")},
                          headers={"Accept": "application/json"}, content_type="multipart/form-data")
    response = _submitted(inspector_client, started, default_template)

    download = inspector_client.get(f"/checklists/records/{response.id}/record.pdf")

    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    sizes = page_sizes(download.data)
    assert len(sizes) >= 2 and set(sizes) == {"portrait"}
    assert image_count(download.data) == 1
