from tests.access.matrix import EVERYONE, route

ROUTES = [
    route("auth.login", "/login", public=True, allow=EVERYONE),
    route("auth.login", "/login", method="POST", public=True, allow=EVERYONE, data={"username": "x", "password": "y"}),
    route("auth.logout", "/logout", method="POST", allow=EVERYONE),
    route("auth.language", "/language/en", public=True, allow=EVERYONE),
    route("auth.home", "/", allow=EVERYONE),
    route("auth.session_state", "/session", allow=EVERYONE),
    route("auth.change_password", "/account/password", allow=EVERYONE),
    route("auth.change_password", "/account/password", method="POST", allow=EVERYONE,
          data={"current_password": "wrong", "new_password": "x", "confirm": "x"}),
]
