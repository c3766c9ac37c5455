from models import Role
from tests.access.matrix import route

ROUTES = [
    # An import is followed by the admin who confirmed it: to another admin it does not exist.
    route("imports.show", "/imports/999999", hidden={Role.ADMIN}),
]
