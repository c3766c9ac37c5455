"""Absolute links to the service (calendar feeds, e-mails, exported files).

They are built from the configured ``BASE_URL``, never from the request's ``Host`` header, which
a client or a misconfigured proxy controls, and the same way in the job worker, which has no
request at all.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    """``BASE_URL`` followed by the path of ``endpoint``: https://kiemtra.example.gov.vn/schedule/12."""
    if has_request_context():
        path = url_for(endpoint, _external=False, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
