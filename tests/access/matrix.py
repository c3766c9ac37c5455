"""The role × route matrix: what every route answers to an anonymous visitor and to each role.

Each domain declares its routes in a module ``tests/access/routes_<domain>.py`` holding
``ROUTES: list[Route]``. ``test_matrix.py`` requests every route as every role and fails when
an application route is missing from the matrix, so a new route cannot slip in unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Role

ROLES: tuple[Role, ...] = tuple(Role)


@dataclass(frozen=True)
class Route:
    #: Flask endpoint, e.g. "orgs.unit_edit".
    endpoint: str
    #: URL with ``{name}`` placeholders filled from the ``world`` fixture, e.g. "/admin/units/{unit}/edit".
    path: str
    method: str = "GET"
    #: Roles that are served (any status below 400 that is not a redirect to the login page).
    allow: frozenset[Role] = frozenset()
    #: Roles that get 404 because even the record's existence is hidden from them.
    hidden: frozenset[Role] = frozenset()
    #: Reachable without logging in.
    public: bool = False
    #: Form data for POST routes.
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"

    def expected(self, role: Role | None) -> str:
        """"ok", "login", "403" or "404"."""
        if role is None:
            return "ok" if self.public else "login"
        if role in self.allow:
            return "ok"
        if role in self.hidden:
            return "404"
        return "403"


def route(endpoint: str, path: str, allow=(), method: str = "GET", hidden=(), public: bool = False, data=None):
    """Shorthand: ``route("orgs.units", "/admin/units", allow={Role.ADMIN})``."""
    return Route(endpoint, path, method, frozenset(allow), frozenset(hidden), public, data or {})


EVERYONE = frozenset(ROLES)
