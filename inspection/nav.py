"""The navigation bar: each domain registers its entries and the roles that may use them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_login import current_user

from models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy gettext string
    roles: frozenset[Role]
    order: int = 100
    #: Endpoint prefix that marks the item as the current page.
    active_prefix: str = ""


_ITEMS: list[NavItem] = []


def register(endpoint: str, label, roles, order: int = 100, active_prefix: str = "") -> None:
    """Add an entry once (blueprints may be registered on several apps in tests)."""
    if any(item.endpoint == endpoint for item in _ITEMS):
        return
    _ITEMS.append(NavItem(endpoint, label, frozenset(roles), order, active_prefix or endpoint.split(".")[0]))
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
