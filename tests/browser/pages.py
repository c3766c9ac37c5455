"""The main pages of each role, on the access matrix's world (``{name}`` filled from it), for the
checks every page must pass: it fits the screen and has no serious accessibility fault."""

from __future__ import annotations

from models import Role

PROGRAMME = "/planning/programmes/{programme}"

MAIN_PAGES: dict[Role, list[str]] = {
    Role.ADMIN: [
        "/dashboard/?year={year}",
        "/admin/availability",
        "/initiatives/",
        "/initiatives/{initiative}",
        "/indicators/",
        "/indicators/units/{unit}/{year}",
        "/checklists/templates",
        "/checklists/templates/{template}",
        "/admin/users",
        "/admin/units",
        "/admin/inspectors",
        "/admin/holidays?year={year}",
        "/admin/units/import",
        "/admin/audit",
        "/admin/documents/",
        "/planning/settings/risk",
    ],
    Role.PLANNER: [
        "/dashboard/?year={year}",
        "/planning/",
        PROGRAMME,
        PROGRAMME + "/weights",
        "/schedule/programmes/{programme}/revisions",
        "/admin/availability",
        "/schedule/inspections?programme={programme}&month=2020-05",
        "/schedule/inspections/{periodic}",
        "/checklists/records",
        "/checklists/records/{record}",
        "/checklists/actions",
        "/checklists/actions/{action}",
        "/initiatives/",
        "/initiatives/{initiative}",
    ],
    Role.INSPECTOR: [
        "/checklists/mine",
        "/checklists/inspections/{filling}",
        "/schedule/inspections?programme={programme}&month=2020-05",
        "/schedule/inspections/{periodic}",
        "/checklists/actions",
        "/checklists/actions/{action}",
    ],
    Role.LEADER: [
        "/dashboard/?year={year}",
        "/planning/",
        PROGRAMME,
        "/schedule/inspections?programme={programme}&month=2020-05",
        "/checklists/records",
        "/checklists/records/{record}",
        "/checklists/actions",
        "/initiatives/",
        "/initiatives/{initiative}",
        "/indicators/units/{unit}/{year}",
    ],
    Role.UNIT: [
        "/schedule/inspections?programme={programme}&month=2020-05",
        "/checklists/records",
        "/checklists/records/{record}",
        "/checklists/actions",
        "/checklists/actions/{action}",
        "/initiatives/mine",
        "/initiatives/{initiative}",
        "/indicators/",
        "/indicators/units/{unit}/{year}",
    ],
}


def main_pages(role: Role, world: dict) -> list[str]:
    return [path.format(**world) for path in MAIN_PAGES[role]]
