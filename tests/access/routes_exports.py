from tests.access.matrix import EVERYONE, route

ROUTES = [
    # An export is its requester's alone: to anyone else it does not exist.
    route("exports.show", "/exports/999999", hidden=EVERYONE),
    route("exports.download", "/exports/999999/file", hidden=EVERYONE),
]
