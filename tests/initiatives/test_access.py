"""A unit sees and edits only its own unit's initiatives, and never reviews."""

from __future__ import annotations

import io

import pytest

from inspection.extensions import db
from models import Initiative, InitiativeStatus, Role
from tests.initiatives.conftest import PDF


@pytest.fixture
def theirs(make_initiative):
    return make_initiative(InitiativeStatus.SUBMITTED, title="Sáng kiến của đơn vị bạn")


def test_another_units_initiative_is_hidden(unit_client, theirs):
    assert unit_client.get(f"/initiatives/{theirs.id}").status_code == 404
    assert unit_client.get(f"/initiatives/{theirs.id}/edit").status_code == 404
    response = unit_client.post(f"/initiatives/{theirs.id}/edit", data={
        "year": 2026, "title": "Sửa trộm", "description": "x", "category": "other", "version": theirs.version})
    assert response.status_code == 404
    assert db.session.get(Initiative, theirs.id).title == "Sáng kiến của đơn vị bạn"


def test_another_units_initiative_is_not_listed(unit_client, make_initiative, theirs):
    make_initiative(unit=unit_client.user.unit, title="Sáng kiến của chúng tôi")
    html = unit_client.get("/initiatives/mine").get_data(as_text=True)
    assert "Sáng kiến của chúng tôi" in html
    assert "Sáng kiến của đơn vị bạn" not in html


@pytest.mark.parametrize("own", [True, False], ids=["own", "other"])
def test_a_unit_cannot_review(unit_client, make_initiative, own):
    unit = unit_client.user.unit if own else None
    initiative = make_initiative(InitiativeStatus.SUBMITTED, unit=unit)
    start = unit_client.post(f"/initiatives/{initiative.id}/review/start", data={"version": initiative.version})
    initiative_id = initiative.id
    assert start.status_code == 403
    db.session.get(Initiative, initiative_id).status = InitiativeStatus.UNDER_REVIEW
    db.session.commit()
    decide = unit_client.post(f"/initiatives/{initiative_id}/review", data={"decision": "recognised", "version": 2})
    assert decide.status_code == 403
    assert db.session.get(Initiative, initiative_id).status == InitiativeStatus.UNDER_REVIEW


def test_a_unit_sees_no_review_buttons(unit_client, make_initiative):
    initiative = make_initiative(InitiativeStatus.SUBMITTED, unit=unit_client.user.unit)
    html = unit_client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)
    assert "/review" not in html


@pytest.mark.parametrize("role", [Role.PLANNER, Role.ADMIN, Role.INSPECTOR])
def test_only_leaders_review(client_as, make_initiative, role):
    initiative = make_initiative(InitiativeStatus.SUBMITTED)
    client = client_as(role)
    assert client.post(f"/initiatives/{initiative.id}/review/start", data={"version": 1}).status_code == 403
    assert db.session.get(Initiative, initiative.id).status == InitiativeStatus.SUBMITTED


def test_attachments_are_downloadable_only_by_who_may_see_the_initiative(client_as, make_unit):
    own_unit = make_unit()
    owner = client_as(Role.UNIT, unit=own_unit)
    owner.post("/initiatives/new", data={
        "year": 2026, "title": "Có tệp", "description": "x", "category": "other",
        "files": [(io.BytesIO(PDF), "báo cáo.pdf")],
    }, content_type="multipart/form-data")
    initiative = db.session.scalar(db.select(Initiative))
    url = f"/initiatives/{initiative.id}/attachments/{initiative.attachments[0].id}"

    downloaded = owner.get(url)
    assert downloaded.status_code == 200 and downloaded.data == PDF
    assert client_as(Role.LEADER).get(url).data == PDF
    assert client_as(Role.UNIT).get(url).status_code == 404
    assert client_as(Role.INSPECTOR).get(url).status_code == 403


def test_an_attachment_is_only_reachable_through_its_own_initiative(leader_client, unit_client, make_initiative):
    unit_client.post("/initiatives/new", data={
        "year": 2026, "title": "Có tệp", "description": "x", "category": "other",
        "files": [(io.BytesIO(PDF), "a.pdf")],
    }, content_type="multipart/form-data")
    attachment_id = db.session.scalar(db.select(Initiative)).attachments[0].id
    elsewhere = make_initiative()
    assert leader_client.get(f"/initiatives/{elsewhere.id}/attachments/{attachment_id}").status_code == 404


@pytest.mark.parametrize(("role", "entry", "href"), [
    (Role.LEADER, "Sáng kiến, giải pháp", "/initiatives/"),
    (Role.PLANNER, "Sáng kiến, giải pháp", "/initiatives/"),
    (Role.ADMIN, "Sáng kiến, giải pháp", "/initiatives/"),
    (Role.UNIT, "Sáng kiến của đơn vị", "/initiatives/mine"),
])
def test_navigation_entry(client_as, role, entry, href):
    html = client_as(role).get("/initiatives/mine" if role == Role.UNIT else "/initiatives/").get_data(as_text=True)
    nav = html.split('id="main-nav"')[1].split("</ul>")[0]
    assert f'href="{href}">{entry}</a>' in nav


def test_no_initiative_entry_for_inspectors(inspector_client):
    html = inspector_client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'id="main-nav"' in html
    assert "/initiatives" not in html
