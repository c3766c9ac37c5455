from models import Role
from tests.access.matrix import route

ENTRY = {Role.ADMIN, Role.UNIT}
ADMIN = {Role.ADMIN}

ROUTES = [
    route("indicators.index", "/indicators/", allow=ENTRY),
    route("indicators.unit_year", "/indicators/units/{unit}/{year}", allow={*ENTRY, Role.LEADER, Role.PLANNER}),
    route("indicators.unit_year", "/indicators/units/{other_unit}/{year}",
          allow={Role.ADMIN, Role.LEADER, Role.PLANNER}, hidden={Role.UNIT}),
    route("indicators.edit", "/indicators/units/{unit}/{year}/3", allow=ENTRY),
    route("indicators.edit", "/indicators/units/{unit}/{year}/3", method="POST", allow=ENTRY,
          data={"dossiers_received": "5", "dossiers_on_time": "6"}),
    route("indicators.edit", "/indicators/units/{other_unit}/{year}/3", allow=ADMIN, hidden={Role.UNIT}),
    route("indicators.edit", "/indicators/units/{other_unit}/{year}/3", method="POST", allow=ADMIN,
          hidden={Role.UNIT}, data={"dossiers_received": "5"}),
    route("indicators.import_upload", "/indicators/import", allow=ADMIN),
    route("indicators.import_upload", "/indicators/import", method="POST", allow=ADMIN),
    route("indicators.import_confirm", "/indicators/import/" + "0" * 32, method="POST", allow=ADMIN),
    route("indicators.import_template", "/indicators/import/template.xlsx", allow=ADMIN),
]
