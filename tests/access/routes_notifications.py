from models import Role
from tests.access.matrix import EVERYONE, route

ROUTES = [
    route("notifications.mail_log", "/admin/mail", allow={Role.ADMIN}),
    route("notifications.mail_detail", "/admin/mail/{notice}", allow={Role.ADMIN}),
    route("notifications.mail_html", "/admin/mail/{notice}/html", allow={Role.ADMIN}),
    route("notifications.preferences", "/account/notices", allow=EVERYONE),
    route("notifications.preferences", "/account/notices", method="POST", allow=EVERYONE, data={"locale": "vi"}),
]
