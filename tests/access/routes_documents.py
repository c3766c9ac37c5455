from models import Role
from tests.access.matrix import route

ROUTES = [
    route("documents.settings", "/admin/documents/", allow={Role.ADMIN}),
    route("documents.settings", "/admin/documents/", method="POST", allow={Role.ADMIN},
          data={"agency": "Sở Nông nghiệp", "place": "Hà Nội", "signer_title": "Giám đốc"}),
]
