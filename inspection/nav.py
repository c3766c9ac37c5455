"""The navigation bar: each domain registers its entries and the roles that may use them.

Entries registered with a ``group`` are shown together under one drop-down (the admin's
management pages), so the bar stays one line on a tablet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Role

#: The drop-down of the organisation's management pages.
ADMINISTRATION = _l("Administration")


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy gettext string
    roles: frozenset[Role]
    order: int = 100
    #: Endpoint prefix that marks the item as the current page.
    active_prefix: str = ""
    group: object | None = None


@dataclass
class MenuEntry:
    """One place in the bar: a link, or a drop-down of links when ``children`` is set."""

    label: object
    active: bool
    endpoint: str | None = None
    children: list[MenuEntry] = field(default_factory=list)


_ITEMS: list[NavItem] = []


def register(endpoint: str, label, roles, order: int = 100, active_prefix: str = "", group=None) -> None:
    """Add an entry once (blueprints may be registered on several apps in tests)."""
    if any(item.endpoint == endpoint for item in _ITEMS):
        return
    _ITEMS.append(NavItem(endpoint, label, frozenset(roles), order, active_prefix or endpoint.split(".")[0], group))
    _ITEMS.sort(key=lambda item: item.order)


def items_for_current_user() -> list[tuple[NavItem, bool]]:
    if not current_user.is_authenticated:
        return []
    endpoint = request.endpoint or ""
    return [
        (item, endpoint.startswith(item.active_prefix))
        for item in _ITEMS
        if current_user.role in item.roles
    ]


def menu_for_current_user() -> list[MenuEntry]:
    menu: list[MenuEntry] = []
    groups: dict[str, MenuEntry] = {}
    for item, active in items_for_current_user():
        entry = MenuEntry(item.label, active, item.endpoint)
        if item.group is None:
            menu.append(entry)
            continue
        key = str(item.group)
        if key not in groups:
            groups[key] = MenuEntry(item.group, False)
            menu.append(groups[key])
        groups[key].children.append(entry)
        groups[key].active = groups[key].active or active
    return menu
