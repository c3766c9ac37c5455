from models import Role
from tests.access.matrix import EVERYONE, route

SCHEDULE = {Role.PLANNER, Role.LEADER, Role.INSPECTOR, Role.UNIT}
PLANNER = {Role.PLANNER}
READERS = {Role.PLANNER, Role.LEADER}

ROUTES = [
    route("schedule.inspections", "/schedule/inspections", allow=SCHEDULE),
    route("schedule.inspections", "/schedule/inspections?programme={programme}&month=2020-04&kind=periodic",
          allow=SCHEDULE),
    route("schedule.inspection", "/schedule/inspections/{periodic}", allow=SCHEDULE),
    # The unit's surprise inspection is not revealed yet: its unit may not know it exists.
    route("schedule.inspection", "/schedule/inspections/{surprise}", allow=READERS | {Role.INSPECTOR},
          hidden={Role.UNIT}),
    route("schedule.publish", "/schedule/programmes/{programme}/publish", method="POST", allow=PLANNER),
    route("schedule.export_xlsx", "/schedule/programmes/{programme}/plan.xlsx", allow=SCHEDULE),
    route("schedule.print_plan", "/schedule/programmes/{programme}/print", allow=SCHEDULE),
    route("schedule.plan_pdf", "/schedule/programmes/{programme}/plan.pdf", allow=SCHEDULE),
    route("schedule.calendar_feed", "/schedule/calendar/{calendar_token}.ics", public=True, allow=EVERYONE),
    route("schedule.calendar_settings", "/schedule/calendar", allow=SCHEDULE),
    route("schedule.regenerate_calendar_token", "/schedule/calendar/regenerate", method="POST", allow=SCHEDULE),
    route("schedule.edit_inspection", "/schedule/inspections/{periodic}/edit", allow=PLANNER),
    route("schedule.edit_inspection", "/schedule/inspections/{periodic}/edit", method="POST", allow=PLANNER,
          data={"date": "2020-04-07", "slot": "AM", "submit": "1"}),
    route("schedule.add_inspection", "/schedule/programmes/{programme}/add", allow=PLANNER),
    route("schedule.add_inspection", "/schedule/programmes/{programme}/add", method="POST", allow=PLANNER,
          data={"kind": "periodic", "date": "2020-04-07", "slot": "AM", "submit": "1"}),
    route("schedule.revisions", "/schedule/programmes/{programme}/revisions", allow=READERS),
    route("schedule.compare", "/schedule/programmes/{programme}/compare?a=1&b=1", allow=READERS),
    route("schedule.restore", "/schedule/revisions/{revision}/restore", method="POST", allow=PLANNER),
]
