from models import Role
from tests.access.matrix import route

BOARD = {Role.LEADER, Role.PLANNER, Role.ADMIN}
READERS = {Role.LEADER, Role.PLANNER}

ROUTES = [
    route("dashboard.index", "/dashboard/?year={year}", allow=BOARD),
    route("dashboard.export", "/dashboard/export.xlsx?year={year}", allow=BOARD),
    route("dashboard.report", "/dashboard/report?year={year}", allow=BOARD),
    route("dashboard.report_pdf", "/dashboard/report.pdf?year={year}", allow=BOARD),
    route("dashboard.coverage_units", "/dashboard/{year}/coverage/planned", allow=READERS),
    route("dashboard.inspections", "/dashboard/{year}/inspections?state=planned", allow=READERS),
    route("dashboard.item_answers", "/dashboard/{year}/items/A/A1", allow=READERS),
    route("dashboard.actions", "/dashboard/{year}/actions?state=open", allow=READERS),
    route("dashboard.initiative_units", "/dashboard/{year}/initiatives/missing", allow=BOARD),
    route("dashboard.target_units", "/dashboard/{year}/targets/on_time/green", allow=BOARD),
]
