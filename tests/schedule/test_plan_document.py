"""The plan as the document a leader signs: numbered when first published, the periodic visits
in a landscape annex, surprise visits counted but never listed."""

from __future__ import annotations

import re

from tests.pdfs import page_sizes


def _document(client, programme) -> str:
    html = client.get(f"/schedule/programmes/{programme.id}/print").get_data(as_text=True)
    return html[html.index('<article class="document'):html.index("</article>")]


def test_the_plan_reads_as_one_title_and_lists_only_periodic_visits(planned, as_user):
    document = _document(as_user(planned["planner"]), planned["programme"])

    assert '<h1 class="doc-kind">Kế hoạch</h1>' in document
    assert '<p class="doc-subject">Kiểm tra 2030</p>' in document  # the programme is "Kế hoạch 2030"
    assert "Kế hoạch kiểm tra: Kế hoạch" not in document
    assert [d for d in ("01/04/2030", "02/04/2030", "03/04/2030", "04/04/2030") if d in document] == [
        "01/04/2030", "02/04/2030", "03/04/2030", "04/04/2030"]
    assert "06/05/2030" not in document  # the surprise visit
    assert "4 cuộc kiểm tra định kỳ" in document and "1 cuộc kiểm tra đột xuất" in document
    assert "Nơi nhận:" in document and "GIÁM ĐỐC" in document


def test_publishing_issues_the_plan_with_its_number_kept(planned, as_user):
    client = as_user(planned["planner"])
    programme = planned["programme"]
    assert re.search(r"Số: \s+/KH-SNN", _document(client, programme))

    client.post(f"/schedule/programmes/{programme.id}/publish")
    client.post(f"/schedule/programmes/{programme.id}/publish")

    document = _document(client, programme)
    assert "Số: 01/KH-SNN" in document and "Kèm theo Kế hoạch số 01/KH-SNN ngày" in document


def test_the_plan_pdf_has_its_annex_in_landscape(planned, as_user):
    download = as_user(planned["planner"]).get(f"/schedule/programmes/{planned['programme'].id}/plan.pdf")

    assert download.status_code == 200 and download.mimetype == "application/pdf"
    sizes = page_sizes(download.data)
    assert sizes[0] == "portrait" and sizes[-1] == "landscape"
