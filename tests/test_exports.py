"""A province's export is made in the background: its page shows the progress, then a link to the
file, for the person who asked for it only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from benchmarks.organisation import build
from benchmarks.pages import logged_in
from inspection.extensions import db
from models import ExportJob, JobStatus, Role
from tests.workbooks import opened


@pytest.fixture
def org(app, monkeypatch):
    monkeypatch.setattr("inspection.exports.operations.BACKGROUND_ROWS", 10)
    return build(30)


@pytest.mark.parametrize("role, url", [
    (Role.LEADER, "/dashboard/export.xlsx?year={year}"),
    (Role.LEADER, "/initiatives/export.xlsx?year={year}"),
    (Role.PLANNER, "/schedule/programmes/{programme}/plan.xlsx"),
])
def test_a_large_export_is_made_in_the_background_with_a_link(app, org, role, url):
    client = logged_in(app, org.users[role])
    response = client.get(url.format(year=org.year, programme=org.programme_id))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="export-download" href="(/exports/\d+/file)"', page).group(1)
    book = opened(client.get(link))
    assert max(sheet.max_row for sheet in book.worksheets) > 10
    job = db.session.scalars(select(ExportJob)).one()
    assert (job.status, job.progress, job.user_id) == (JobStatus.DONE, 100, org.users[role])


def test_only_the_requester_may_follow_or_download_an_export(app, org):
    leader = logged_in(app, org.users[Role.LEADER])
    page = leader.get(f"/dashboard/export.xlsx?year={org.year}").headers["Location"]
    planner = logged_in(app, org.users[Role.PLANNER])
    assert planner.get(page).status_code == 404
    assert planner.get(page + "/file").status_code == 404


def test_a_small_export_comes_at_once(app, org, monkeypatch):
    monkeypatch.setattr("inspection.exports.operations.BACKGROUND_ROWS", 100_000)
    response = logged_in(app, org.users[Role.LEADER]).get(f"/dashboard/export.xlsx?year={org.year}")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")


@pytest.mark.parametrize("role, url", [
    (Role.PLANNER, "/schedule/programmes/{programme}/plan.pdf"),
    (Role.LEADER, "/dashboard/report.pdf?year={year}"),
])
def test_a_long_document_is_laid_out_in_the_background_with_a_link_to_its_pdf(app, org, role, url, monkeypatch):
    monkeypatch.setattr("inspection.exports.operations.PDF_BACKGROUND_ROWS", 10)
    client = logged_in(app, org.users[role])
    response = client.get(url.format(year=org.year, programme=org.programme_id))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="export-download" href="(/exports/\d+/file)"', page).group(1)
    document = client.get(link)
    assert document.mimetype == "application/pdf" and document.data.startswith(b"%PDF")
    assert re.search(r'filename\*?=.*\.pdf', document.headers["Content-Disposition"])


def test_a_short_document_comes_at_once(app, org):
    response = logged_in(app, org.users[Role.PLANNER]).get(f"/schedule/programmes/{org.programme_id}/plan.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
