from models import Role
from tests.access.matrix import route

READ = {Role.PLANNER, Role.LEADER}
WRITE = {Role.PLANNER}
P = "/planning/programmes/{programme}"

ROUTES = [
    route("planning.programmes", "/planning/", allow=READ),
    route("planning.programme_new", "/planning/programmes/new", allow=WRITE),
    route("planning.programme_new", "/planning/programmes/new", method="POST", allow=WRITE, data={"name": ""}),
    route("planning.plan", P, allow=READ),
    route("planning.programme_edit", P + "/edit", allow=WRITE),
    route("planning.programme_edit", P + "/edit", method="POST", allow=WRITE, data={"name": ""}),
    route("planning.weights", P + "/weights", allow=READ),
    route("planning.weight_override", P + "/weights/{unit}", allow=WRITE),
    route("planning.weight_override", P + "/weights/{unit}", method="POST", allow=WRITE,
          data={"weight": "70", "reason": "Nhiều phản ánh của người dân"}),
    route("planning.weight_clear", P + "/weights/{unit}/clear", method="POST", allow=WRITE),
    route("planning.risk_settings", "/planning/settings/risk", allow={Role.ADMIN}),
    route("planning.risk_settings", "/planning/settings/risk", method="POST", allow={Role.ADMIN}, data={"base": "-1"}),
    route("planning.solve", P + "/solve", method="POST", allow=WRITE, data={"time_limit": "10"}),
    route("planning.replan", P + "/replan", method="POST", allow=WRITE,
          data={"time_limit": "10", "replan_from": "2020-06-01"}),
    route("planning.job", P + "/job", allow=READ),
    route("planning.job_status", P + "/job/status", allow=READ),
    route("planning.job_cancel", P + "/job/cancel", method="POST", allow=WRITE),
    route("planning.export_instance", P + "/instance.json", allow=READ),
    route("planning.export_plan", P + "/plan.json", allow=READ),
    route("planning.import_plan", P + "/import", allow=WRITE),
    route("planning.import_plan", P + "/import", method="POST", allow=WRITE),
]
