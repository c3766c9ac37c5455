from models import Role
from tests.access.matrix import EVERYONE, route

ADMIN = {Role.ADMIN}

ROUTES = [
    route("notifications.mail_log", "/admin/mail", allow=ADMIN),
    route("notifications.mail_detail", "/admin/mail/{notice}", allow=ADMIN),
    route("notifications.mail_html", "/admin/mail/{notice}/html", allow=ADMIN),
    # A mail about the plan (here a visit) tells what admins do not see: they may not open it.
    route("notifications.mail_detail", "/admin/mail/{plan_notice}", hidden=ADMIN),
    route("notifications.mail_html", "/admin/mail/{plan_notice}/html", hidden=ADMIN),
    route("notifications.preferences", "/account/notices", allow=EVERYONE),
    route("notifications.preferences", "/account/notices", method="POST", allow=EVERYONE, data={"locale": "vi"}),
]
