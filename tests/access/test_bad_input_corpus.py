"""Every form and JSON route (each POST rule of the app), as every role it lets in, receives a
small corpus of hostile values: no answer is a 5xx, and no NUL character or 100,000-character
text ends up stored."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import String, Text, select
from wtforms.fields.core import UnboundField

from inspection.extensions import db
from inspection.forms import FlaskForm
from models import Role

LONG = "x" * 100_000
NFD = unicodedata.normalize("NFD", "Kiểm tra định kỳ Đơn vị")
#: Sent as the value of every field of the route's form.
FORM_VALUES = ["a\x00b", NFD, LONG, "-1", "1e999", "abc", "[" * 2000, "\ud800" * 0 + "\u202e\u200b"]
#: Sent as the body, with the field names of a checklist draft where a dict is expected.
JSON_BODIES = [
    "[" * 50_000 + "]" * 50_000,
    '{"answers": "x", "version": "abc"}',
    '{"answers": {"1": {"choice": ["C"], "number": "1e30", "note": "a\\u0000b"}}, "client_id": [1]}',
    "123",
]
#: Raw form bodies that are not UTF-8 (Windows-1258 and Latin-1 bytes).
RAW_BODIES = [b"title=\xd0\xec\xd2&description=\xff\xfe&note=%FF%FE%00", b"\xff\xfe\x00\x00"]
#: Arguments of the rules, as ids of the world's records.
ARGUMENTS = {"inspection_id": "periodic", "response_id": "response", "preview_id": "action"}
GENERIC_FIELDS = ["version", "note", "comment", "reason", "decision", "client_id", "answers", "name", "title",
                  "description", "username", "password", "current_password", "new_password", "confirm"]


def _form_fields() -> list[str]:
    """Every field name of the app's forms."""
    names, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending += form.__subclasses__()
        names |= {name for klass in form.__mro__ for name, value in vars(klass).items()
                  if isinstance(value, UnboundField)}
    return sorted(names - {"csrf_token", "submit"})


def _rules(app) -> list:
    rules = [r for r in app.url_map.iter_rules()
             if "POST" in r.methods and r.endpoint != "auth.logout"]
    return sorted(rules, key=lambda r: ("delete" in r.endpoint or "regenerate" in r.endpoint, r.rule))


def _url(rule, world: dict) -> str:
    values = {}
    for name in rule.arguments:
        key = ARGUMENTS.get(name, name.removesuffix("_id"))
        values[name] = world.get(key, world["year"] if name in ("year", "month") else 1)
    return rule.build(values, append_unknown=False)[1]


def _roles(app, rule) -> list[Role | None]:
    allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
    if getattr(app.view_functions[rule.endpoint], "is_public", False):
        return [None]
    return sorted(allowed, key=str) if allowed else list(Role)


def _field_names(client, url: str) -> list[str]:
    page = client.get(url)
    found = re.findall(r'name="([^"]+)"', page.get_data(as_text=True)) if page.status_code == 200 else []
    return sorted(set(found) - {"csrf_token"}) or GENERIC_FIELDS


def _stored_texts() -> list[str]:
    texts = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            texts += [v for row in db.session.execute(select(*columns)) for v in row if isinstance(v, str)]
    return texts


def test_hostile_values_on_every_form_and_json_route_never_give_a_5xx(app, world, as_user, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # count the 500s, not stop at the first
    clients = {role: as_user(user) for role, user in world["users"].items()}
    clients[None] = app.test_client()
    fields = _form_fields()
    tried, errors = 0, []
    for rule in _rules(app):
        url = _url(rule, world)
        for role in _roles(app, rule):
            client = clients[role]
            names = _field_names(client, url) if "GET" in rule.methods else fields
            requests = [dict(data={name: value for name in names[: 20 if value is LONG else None]})
                        for value in FORM_VALUES]
            requests += [dict(data=body, content_type="application/json") for body in JSON_BODIES]
            requests += [dict(data=body, content_type="application/x-www-form-urlencoded") for body in RAW_BODIES]
            for request in requests:
                response = client.post(url, headers={"Accept": "application/json"}, **request)
                tried += 1
                if response.status_code >= 500:
                    errors.append(f"{role} POST {url} {str(request['data'])[:60]!r}: {response.status_code}")
    print(f"\nbad-input corpus: {len(_rules(app))} POST routes, {tried} requests, {len(errors)} 5xx")
    assert not errors, "\n".join(errors)
    stored = _stored_texts()
    assert not [t for t in stored if "\x00" in t], "a NUL character was stored"
    assert not [t for t in stored if len(t) >= len(LONG)], "a 100,000-character text was stored"


#: Query parameters of the lists, filters and exports.
QUERY_NAMES = ["q", "year", "month", "page", "unit", "unit_id", "programme", "kind", "status", "category", "a", "b",
               "username", "entity", "entity_id", "action", "date_from", "date_to", "area", "next"]
QUERY_VALUES = ["99999999999999999999", "0000-01", NFD + "%_' OR '1'='1" + "x" * 2000]


def test_hostile_query_parameters_on_every_page_never_give_a_5xx(app, world, as_user, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # count the 500s, not stop at the first
    clients = {role: as_user(user) for role, user in world["users"].items()}
    clients[None] = app.test_client()
    # PDFs aside: they read the same parameters as their print views, and take long to make.
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods and not r.endpoint.endswith("static")
             and not r.rule.endswith(".pdf")]
    tried, errors = 0, []
    for rule in rules:
        url = _url(rule, world)
        for role in _roles(app, rule):
            for value in QUERY_VALUES:
                response = clients[role].get(url, query_string={name: value for name in QUERY_NAMES})
                tried += 1
                if response.status_code >= 500:
                    errors.append(f"{role} GET {url} {value[:30]!r}: {response.status_code}")
    print(f"\nbad-query corpus: {len(rules)} GET routes, {tried} requests, {len(errors)} 5xx")
    assert not errors, "\n".join(errors)
