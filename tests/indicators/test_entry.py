"""Entering one month's figures: impossible figures refused beside the field, own unit only."""

from __future__ import annotations

import re

import pytest

from inspection.extensions import db
from inspection.indicators.fields import ALL_FIELDS
from models import Role, ServiceIndicator
from models.indicators import COUNT_FIELDS

GOOD = {
    "dossiers_received": 100, "dossiers_on_time": 95, "dossiers_late": 5, "apology_letters": 5,
    "online_dossiers": 40, "online_handled": 30, "postal_procedures": 10, "postal_procedures_used": 6,
    "postal_received": 12, "postal_returned": 11, "surveys_held": 1, "survey_responses": 50,
    "survey_satisfied": 49, "surveys_published": "y", "complaints_received": 3, "complaints_on_time": 3,
}


def error_beside(html: str, field: str) -> str:
    """The error shown right after the field's input, which must be marked invalid."""
    match = re.search(rf'<input[^>]*id="{field}"[^>]*>\s*<div class="invalid-feedback">([^<]*)</div>', html)
    assert match, f"no error beside {field}"
    assert "is-invalid" in match.group(0)
    return match.group(1)


def _url(unit_id: int, year: int = 2024, month: int = 3) -> str:
    return f"/indicators/units/{unit_id}/{year}/{month}"


def _stored(unit_id: int) -> list[ServiceIndicator]:
    return db.session.scalars(db.select(ServiceIndicator).where(ServiceIndicator.unit_id == unit_id)).all()


def test_a_unit_saves_its_own_month(unit_client):
    unit_id = unit_client.user.unit_id
    response = unit_client.post(_url(unit_id), data=GOOD)
    assert response.status_code == 302
    [record] = _stored(unit_id)
    assert (record.year, record.month, record.dossiers_on_time, record.survey_satisfied) == (2024, 3, 95, 49)
    assert record.surveys_published is True and record.complaints_published is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dossiers_on_time", 101, "Cannot be more than"),
        ("dossiers_late", 101, "Cannot be more than"),
        ("apology_letters", 6, "Cannot be more than"),
        ("online_handled", 41, "Cannot be more than"),
        ("postal_procedures_used", 11, "Cannot be more than"),
        ("postal_received", 101, "Cannot be more than"),
        ("postal_returned", 101, "Cannot be more than"),
        ("survey_satisfied", 51, "Cannot be more than"),
        ("complaints_on_time", 4, "Cannot be more than"),
        ("dossiers_received", -1, "Cannot be negative"),
        ("surveys_held", -2, "Cannot be negative"),
        ("survey_responses", "abc", "Not a valid integer"),
    ],
)
def test_an_impossible_figure_is_refused_beside_its_field(unit_client, field, value, message):
    unit_id = unit_client.user.unit_id
    unit_client.get("/language/en")
    response = unit_client.post(_url(unit_id), data={**GOOD, field: value})
    assert response.status_code == 200
    assert message in error_beside(response.get_data(as_text=True), field)
    assert _stored(unit_id) == []


def test_every_count_field_is_on_the_form(admin_client, make_unit):
    html = admin_client.get(_url(make_unit().id)).get_data(as_text=True)
    for name in ALL_FIELDS:
        assert f'name="{name}"' in html


def test_a_unit_cannot_see_or_enter_another_units_figures(unit_client, make_unit):
    other = make_unit()
    assert unit_client.get(_url(other.id)).status_code == 404
    assert unit_client.post(_url(other.id), data=GOOD).status_code == 404
    assert unit_client.get(f"/indicators/units/{other.id}/2024").status_code == 404
    assert _stored(other.id) == []


def test_an_admin_enters_any_units_figures(admin_client, make_unit):
    unit = make_unit()
    assert admin_client.post(_url(unit.id), data=GOOD).status_code == 302
    assert len(_stored(unit.id)) == 1


def test_a_stale_form_does_not_overwrite_newer_figures(unit_client, client_as):
    unit_id = unit_client.user.unit_id
    unit_client.post(_url(unit_id), data=GOOD)
    [record] = _stored(unit_id)
    loaded_version = record.version
    colleague = client_as(Role.UNIT, unit_id=unit_id)
    colleague.post(_url(unit_id), data={**GOOD, "version": loaded_version, "dossiers_on_time": 90})
    unit_client.get("/language/en")
    response = unit_client.post(_url(unit_id), data={**GOOD, "version": loaded_version, "dossiers_on_time": 80})
    assert response.status_code == 409
    assert "Someone else changed this since you loaded it" in response.get_data(as_text=True)
    db.session.refresh(record)
    assert record.dossiers_on_time == 90


def test_a_new_month_created_meanwhile_is_not_overwritten(unit_client):
    unit_id = unit_client.user.unit_id
    unit_client.post(_url(unit_id), data={**GOOD, "dossiers_on_time": 90})
    response = unit_client.post(_url(unit_id), data={**GOOD, "version": ""})
    assert response.status_code == 409
    assert _stored(unit_id)[0].dossiers_on_time == 90


def test_the_year_table_shows_the_figures(leader_client, make_unit):
    unit = make_unit()
    db.session.add(ServiceIndicator(unit=unit, year=2024, month=2, dossiers_received=321,
                                    **{f: 0 for f in COUNT_FIELDS if f != "dossiers_received"}))
    db.session.commit()
    html = leader_client.get(f"/indicators/units/{unit.id}/2024").get_data(as_text=True)
    assert "321" in html
    assert f"/indicators/units/{unit.id}/2024/2" not in html  # leaders read, they do not edit


def _month(unit, month: int, **figures) -> ServiceIndicator:
    return ServiceIndicator(unit=unit, year=2024, month=month,
                            **{f: figures.get(f, 0) for f in COUNT_FIELDS})


def _cell(html: str, key: str) -> tuple[str, str]:
    """The colour and the text of the targets table's cell ``key`` (e.g. "on_time-year")."""
    match = re.search(rf'<td [^>]*data-target="{key}" data-colour="(\w+)">([^<]*)</td>', html)
    assert match, f"no cell {key}"
    return match.group(1), " ".join(match.group(2).split())


def test_the_year_table_shows_each_target_in_the_dashboards_colours_and_flags_missing_apologies(
        leader_client, make_unit):
    unit = make_unit()
    db.session.add_all([
        _month(unit, 2, dossiers_received=100, dossiers_on_time=98, dossiers_late=2, apology_letters=1,
               online_dossiers=40, online_handled=20),
        _month(unit, 3, dossiers_received=10, dossiers_on_time=10, online_dossiers=10, online_handled=7),
    ])
    db.session.commit()

    html = leader_client.get(f"/indicators/units/{unit.id}/2024").get_data(as_text=True)

    assert _cell(html, "on_time-2") == ("amber", "~ 98.0%")
    assert _cell(html, "on_time-3") == ("green", "✓ 100.0%")
    assert _cell(html, "on_time-year") == ("amber", "~ 98.2%")
    assert _cell(html, "online-2") == ("red", "✗ 50.0%")
    assert _cell(html, "online-3") == ("green", "✓ 70.0%")
    assert _cell(html, "apologies-2") == ("red", "✗ 50.0%")
    assert _cell(html, "apologies-3") == ("none", "–")
    assert "Thư xin lỗi chưa đủ so với hồ sơ trễ hạn: 1 thư cho 2 hồ sơ trễ hạn (tháng 2)" in html
    assert re.search(r'data-apologies-missing="2">1 <span class="small">\(thiếu 1\)</span>', html)
    assert 'data-apologies-missing="3"' not in html
