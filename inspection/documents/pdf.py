"""PDFs made on the server with WeasyPrint (needs the pango library: Debian's libpango-1.0-0
and libpangoft2-1.0-0).

The document may load only the project's static files (its stylesheet, the vendored font) and
the files handed in with it (a record's photos): never the network or another file, whatever a
user typed into the text.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import url_for
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from inspection.config import PROJECT_ROOT

STATIC = (PROJECT_ROOT / "static").resolve()
#: A base for the documents' root-relative links; never fetched over the network.
BASE_URL = "http://document.invalid/"
#: The same font wherever the PDF is made, even where Times New Roman is installed.
PDF_FONT = CSS(string=':root { --document-font: "Liberation Serif Vi"; }')


class _DocumentFetcher(URLFetcher):
    def __init__(self, files: Mapping[str, bytes], static_prefix: str) -> None:
        super().__init__(allowed_protocols=("http",))
        self.files = files
        self.static_prefix = static_prefix

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        local = unquote(parts.path) if f"{parts.scheme}://{parts.netloc}/" == BASE_URL else None
        if local in self.files:
            return URLFetcherResponse(url, self.files[local])
        path = self._static(local or "")
        if path is None:
            raise ValueError(f"not available to documents: {url}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    def _static(self, local: str) -> Path | None:
        if not local.startswith(self.static_prefix):
            return None
        path = (STATIC / local.removeprefix(self.static_prefix)).resolve()
        return path if path.is_relative_to(STATIC) and path.is_file() else None


def render_pdf(html: str, files: Mapping[str, bytes]) -> bytes:
    """``html`` (a whole page, links relative to the site's root) as PDF bytes; ``files`` are the
    other files it shows (URL path → content), such as a record's photos."""
    fetcher = _DocumentFetcher(files, url_for("static", filename=""))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=[PDF_FONT])
