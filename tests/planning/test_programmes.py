import re
from datetime import date
from decimal import Decimal

import pytest

from inspection import clock
from inspection.extensions import db
from models import ChecklistTemplate, Holiday, Programme, ProgrammeStatus, Role, TemplateStatus


def _form(**overrides) -> dict:
    data = {"year": "2021", "name": "Kế hoạch kiểm tra CCHC 2021", "window_start": "2021-03-16",
            "window_end": "2021-10-31", "coverage_percent": "50", "surprise_count": "4", "team_min": "2",
            "team_max": "3", "min_gap_days": "30", "max_inspections": "", "template_id": "",
            "balance_weight": "10", "stability_weight": "20", "seed": "2021"}
    data.update(overrides)
    return data


def test_new_programme_form_offers_the_reform_plan_defaults(planner_client):
    html = planner_client.get("/planning/programmes/new").get_data(as_text=True)
    year = clock.today().year
    assert f'value="{year}-03-16"' in html and f'value="{year}-10-31"' in html
    assert 'name="coverage_percent"' in html and 'value="50.00"' in html


def test_a_new_programme_draws_a_random_seed_nobody_can_guess(planner_client, make_programme):
    seeds = [re.search(r'<input[^>]*id="seed"[^>]*value="(\d+)"', planner_client.get("/planning/programmes/new")
                       .get_data(as_text=True)).group(1) for _ in range(3)]
    assert len(set(seeds)) == 3 and str(clock.today().year) not in seeds
    assert len({make_programme(year=2027).seed for _ in range(3)}) == 3


def test_planner_creates_a_programme_with_mandatory_units(planner_client, make_unit):
    unit, other = make_unit(), make_unit()
    template = ChecklistTemplate(key="default", number=2, name_vi="Mẫu", name_en="Template",
                                 status=TemplateStatus.PUBLISHED)
    db.session.add(template)
    db.session.commit()
    response = planner_client.post("/planning/programmes/new", data=_form(
        mandatory_units=[str(unit.id)], full_day_units=[str(other.id)], template_id=str(template.id),
        coverage_percent="57.5", max_inspections="20"))

    assert response.status_code == 302
    programme = db.session.scalars(db.select(Programme)).one()
    assert programme.status == ProgrammeStatus.DRAFT and programme.created_by_id == planner_client.user.id
    assert programme.coverage_fraction == Decimal("0.575") and programme.max_inspections == 20
    assert programme.template_id == template.id
    assert {(pu.unit_id, pu.mandatory, pu.duration) for pu in programme.units} == {(unit.id, True, 1),
                                                                                   (other.id, False, 2)}
    edit = planner_client.get(f"/planning/programmes/{programme.id}/edit").get_data(as_text=True)
    assert re.search(rf'id="full_day_units-{other.id}"\s+checked', edit)
    assert not re.search(rf'id="full_day_units-{unit.id}"\s+checked', edit)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("window_start", "2020-12-01", "The window must lie within the programme"),
    ("window_end", "2021-03-01", "The window cannot end before it starts."),
    ("team_max", "1", "The largest team cannot be smaller than the smallest team."),
    ("coverage_percent", "100", "Enter a percentage from 0 to less than 100."),
    ("coverage_percent", "-5", "Enter a percentage from 0 to less than 100."),
    ("surprise_count", "-1", "Must be 0 or more."),
    ("min_gap_days", "-3", "Must be 0 or more."),
    ("max_inspections", "-2", "Must be 0 or more."),
    ("year", "20x1", "Not a valid integer value."),
])
def test_bad_values_are_explained_beside_the_field(client_as, field, value, message):
    planner = client_as(Role.PLANNER, locale="en")
    response = planner.post("/planning/programmes/new", data=_form(**{field: value}))

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    control = re.search(rf'<input[^>]*id="{field}"[^>]*>', html).group(0)
    assert "is-invalid" in control
    assert db.session.scalar(db.select(db.func.count()).select_from(Programme)) == 0


def test_a_stale_edit_is_refused(planner_client, make_programme):
    programme = make_programme()
    stale = _form(year="2020", window_start="2020-03-16", window_end="2020-10-30", name="Tên mới",
                  version=str(programme.version))
    programme.name = "Đã sửa bởi người khác"
    db.session.commit()

    response = planner_client.post(f"/planning/programmes/{programme.id}/edit", data=stale, follow_redirects=True)

    assert "Người khác đã thay đổi nội dung này sau khi bạn mở trang" in response.get_data(as_text=True)
    db.session.refresh(programme)
    assert programme.name == "Đã sửa bởi người khác"

    fresh = dict(stale, version=str(programme.version))
    assert planner_client.post(f"/planning/programmes/{programme.id}/edit", data=fresh).status_code == 302
    db.session.refresh(programme)
    assert programme.name == "Tên mới"


def test_leaders_read_programmes_but_cannot_change_them(leader_client, make_programme):
    programme = make_programme()
    assert programme.name in leader_client.get("/planning/").get_data(as_text=True)
    page = leader_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "/solve" not in page and "/edit" not in page
    assert leader_client.post(f"/planning/programmes/{programme.id}/edit", data=_form()).status_code == 403


def test_a_programme_for_a_year_without_holidays_warns_naming_the_year(planner_client):
    db.session.add(Holiday(date=date(2021, 4, 30), name="Ngày Chiến thắng"))
    db.session.commit()

    created = planner_client.post("/planning/programmes/new", data=_form(), follow_redirects=True)
    assert 'id="holidays-missing"' not in created.get_data(as_text=True)

    response = planner_client.post("/planning/programmes/new", data=_form(
        year="2027", window_start="2027-03-16", window_end="2027-10-31"), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert 'id="holidays-missing"' in html
    assert "Chưa có ngày nghỉ lễ nào của năm 2027" in html
