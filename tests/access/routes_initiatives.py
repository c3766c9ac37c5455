from models import Role
from tests.access.matrix import route

REGISTRY = {Role.LEADER, Role.PLANNER, Role.ADMIN}
VIEWERS = REGISTRY | {Role.UNIT}

ROUTES = [
    route("initiatives.registry", "/initiatives/", allow=REGISTRY),
    route("initiatives.registry", "/initiatives/?year=2020&q=sang+kien&status=submitted", allow=REGISTRY),
    route("initiatives.export_registry", "/initiatives/export.xlsx?year={year}", allow=REGISTRY),
    route("initiatives.export_missing", "/initiatives/missing.xlsx?year={year}", allow=REGISTRY),
    route("initiatives.settings", "/initiatives/settings", allow={Role.ADMIN}),
    route("initiatives.settings", "/initiatives/settings", method="POST", allow={Role.ADMIN},
          data={"day": "15", "month": "11"}),
    route("initiatives.mine", "/initiatives/mine", allow={Role.UNIT}),
    route("initiatives.new", "/initiatives/new", allow={Role.UNIT}),
    route("initiatives.new", "/initiatives/new", method="POST", allow={Role.UNIT},
          data={"year": "2020", "title": "Một cửa thân thiện", "description": "Mô tả", "category": "other"}),
    route("initiatives.show", "/initiatives/{initiative}", allow=VIEWERS),
    route("initiatives.show", "/initiatives/{other_initiative}", allow=REGISTRY, hidden={Role.UNIT}),
    route("initiatives.edit", "/initiatives/{initiative}/edit", allow={Role.UNIT}),
    route("initiatives.edit", "/initiatives/{initiative}/edit", method="POST", allow={Role.UNIT}, data={"title": ""}),
    route("initiatives.edit", "/initiatives/{other_initiative}/edit", hidden={Role.UNIT}),
    route("initiatives.edit", "/initiatives/{other_initiative}/edit", method="POST", hidden={Role.UNIT},
          data={"title": "Sửa trộm"}),
    route("initiatives.start_review", "/initiatives/{initiative}/review/start", method="POST", allow={Role.LEADER}),
    route("initiatives.start_review", "/initiatives/{other_initiative}/review/start", method="POST",
          allow={Role.LEADER}),
    route("initiatives.review", "/initiatives/{initiative}/review", method="POST", allow={Role.LEADER},
          data={"decision": "recognised", "version": "1"}),
    route("initiatives.attachment", "/initiatives/{initiative}/attachments/{initiative_attachment}", allow=VIEWERS),
]
