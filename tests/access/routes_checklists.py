from models import Role
from tests.access.matrix import EVERYONE, route

FOLLOWERS = {Role.INSPECTOR, Role.LEADER, Role.PLANNER, Role.UNIT}
READERS = {Role.INSPECTOR, Role.LEADER, Role.PLANNER}

ROUTES = [
    route("checklists.my_inspections", "/checklists/mine", allow={Role.INSPECTOR}),
    route("checklists.start", "/checklists/inspections/{filling}/start", method="POST", allow={Role.INSPECTOR}),
    route("checklists.fill", "/checklists/inspections/{filling}", allow={Role.INSPECTOR}),
    route("checklists.save_draft", "/checklists/responses/{response}/draft", method="POST", allow={Role.INSPECTOR},
          data={"version": "1"}),
    route("checklists.submit", "/checklists/responses/{response}/submit", method="POST", allow={Role.INSPECTOR},
          data={"version": "1", "client_id": "matrix-0000-0001", "answers": '{{"{item}": {{"choice": "C"}}}}'}),
    route("checklists.upload_photo", "/checklists/responses/{response}/items/{item}/photos", method="POST",
          allow={Role.INSPECTOR}),
    route("checklists.photo", "/checklists/photos/{photo}", allow=FOLLOWERS),
    route("checklists.service_worker", "/checklists/sw.js", public=True, allow=EVERYONE),
    route("checklists.record", "/checklists/records/{record}", allow=FOLLOWERS),
    # Not approved yet: the unit does not even learn the record exists.
    route("checklists.record", "/checklists/records/{response}", allow=READERS, hidden={Role.UNIT}),
    route("checklists.record_print", "/checklists/records/{record}/print", allow=FOLLOWERS),
    route("checklists.record_pdf", "/checklists/records/{response}/record.pdf", allow=READERS, hidden={Role.UNIT}),
    route("checklists.save_conclusions", "/checklists/records/{response}/conclusions", method="POST",
          allow={Role.INSPECTOR}, data={"version": "1", "conclusions": "Đạt yêu cầu"}),
    route("checklists.records", "/checklists/records", allow={Role.LEADER, Role.PLANNER, Role.UNIT}),
    route("checklists.approve", "/checklists/records/{record}/approve", method="POST", allow={Role.LEADER}),
    route("checklists.return_record", "/checklists/records/{record}/return", method="POST", allow={Role.LEADER},
          data={"comment": "Bổ sung ảnh"}),
    route("checklists.actions", "/checklists/actions", allow=FOLLOWERS),
    route("checklists.action", "/checklists/actions/{action}", allow=FOLLOWERS),
    route("checklists.answer_action", "/checklists/actions/{action}/answer", method="POST", allow={Role.UNIT},
          data={"version": "1", "answer": "Đã nhắc nhở"}),
    route("checklists.verify_action", "/checklists/actions/{action}/verify", method="POST", allow={Role.INSPECTOR},
          data={"version": "1"}),
    route("checklists.reopen_action", "/checklists/actions/{action}/reopen", method="POST", allow={Role.INSPECTOR},
          data={"version": "1", "comment": "Chưa đủ"}),
    route("checklists.action_evidence", "/checklists/actions/{action}/evidence", allow=FOLLOWERS),
]

ADMIN = {Role.ADMIN}
SECTION = {"code": "C", "title_vi": "Mục C", "title_en": "Section C"}

ROUTES += [
    route("checklists.templates", "/checklists/templates", allow=ADMIN),
    route("checklists.template", "/checklists/templates/{template}", allow=ADMIN),
    route("checklists.new_version", "/checklists/templates/{template}/new-version", method="POST", allow=ADMIN),
    route("checklists.add_section", "/checklists/templates/{template}/sections", method="POST", allow=ADMIN,
          data=SECTION),
    route("checklists.new_item", "/checklists/templates/{template}/sections/{section}/items/new", allow=ADMIN),
    route("checklists.new_item", "/checklists/templates/{template}/sections/{section}/items/new", method="POST",
          allow=ADMIN),
    route("checklists.edit_item", "/checklists/templates/{template}/items/{item}", allow=ADMIN),
    route("checklists.edit_item", "/checklists/templates/{template}/items/{item}", method="POST", allow=ADMIN),
    route("checklists.delete_item", "/checklists/templates/{template}/items/{item}/delete", method="POST",
          allow=ADMIN),
    route("checklists.publish_template", "/checklists/templates/{template}/publish", method="POST", allow=ADMIN),
]
