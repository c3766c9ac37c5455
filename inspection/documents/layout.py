"""What an official document says in its fixed places, and rendering one as a page or a PDF.

Documents are always in Vietnamese, whatever the reader's interface language: they are filed
and sent as the agency's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import Response, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from inspection.documents.pdf import render_pdf
from inspection.documents.settings import DocumentSettings, document_settings
from inspection.text import fold
from models import IssuedDocument

#: The symbol of a report ("Số: …/BC-SNN"); reports are not numbered by the service.
REPORT = "BC"
#: Room left for a number or a date to be written by hand.
BLANK = "\u00a0" * 8


@dataclass(frozen=True)
class DocumentHead:
    """The header block's variable parts."""

    settings: DocumentSettings
    number_text: str
    place_and_date: str


def vietnamese_date(day: date | None) -> str:
    """"ngày 05 tháng 3 năm 2030": a day below 10 and the months 1 and 2 take a leading zero;
    without a day, room to write it by hand."""
    if day is None:
        return _("day %(day)s month %(month)s year %(year)s", day=BLANK, month=BLANK, year=BLANK)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("day %(day)s month %(month)s year %(year)s", day=f"{day.day:02d}", month=month, year=day.year)


def _symbol(code: str, settings: DocumentSettings) -> str:
    return f"{code}-{settings.abbreviation}" if settings.abbreviation else str(code)


def number_text(code: str, issued: IssuedDocument | None, settings: DocumentSettings) -> str:
    """"Số: 05/BB-SNN" (numbers below 10 with a leading zero); before issue, room for the number.
    ``code`` is the kind's part of the symbol (a :class:`DocumentKind`, or "BC" for a report)."""
    number = f"{issued.number:02d}" if issued else BLANK
    return _("No.: %(number)s/%(symbol)s", number=number, symbol=_symbol(code, settings))


def reference(code: str, issued: IssuedDocument | None, settings: DocumentSettings) -> str:
    """How another document cites this one: "số 05/KH-SNN ngày 10/03/2030" (room for both
    before it is issued)."""
    symbol = _symbol(code, settings)
    if issued is None:
        return _("no. %(number)s/%(symbol)s of %(day)s", number=BLANK, symbol=symbol, day=BLANK)
    return _("no. %(number)s/%(symbol)s of %(day)s", number=f"{issued.number:02d}", symbol=symbol,
             day=issued.issued_on.strftime("%d/%m/%Y"))


def head(code: str, issued: IssuedDocument | None, day: date | None) -> DocumentHead:
    settings = document_settings()
    return DocumentHead(settings, number_text(code, issued, settings), f"{settings.place}, {vietnamese_date(day)}")


def subject_after(kind_word: str, name: str) -> str:
    """A name without the document's kind it starts with, so that title and subject read as one
    ("KẾ HOẠCH" / "Kiểm tra năm 2030", not "KẾ HOẠCH" / "Kế hoạch kiểm tra năm 2030"); what is
    left of "Kế hoạch 2030" is only a year, so it reads "Kiểm tra 2030"."""
    words = name.split()
    count = len(kind_word.split())
    if len(words) <= count or fold(" ".join(words[:count])).rstrip(":-–— ") != fold(kind_word):
        return name
    rest = " ".join(words[count:]).lstrip(":-–— ")
    if not any(c.isalpha() for c in rest):
        return _("Inspections %(rest)s", rest=rest)
    return rest[:1].upper() + rest[1:]


def decimal(value: object, digits: int = 1) -> str:
    """A number as Vietnamese writes it: 1.234,5 (dot between thousands, decimal comma)."""
    if value is None:
        return "—"
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(fraction: object, digits: int = 1) -> str:
    """A share in [0, 1] as "95,0%"; none as a dash."""
    return "—" if fraction is None else f"{decimal(float(fraction) * 100, digits)}%"


def lines(text: str) -> list[str]:
    """The non-empty lines of a multi-line setting."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_body(template: str, **context) -> Markup:
    """The document itself (no page around it), in Vietnamese."""
    with force_locale("vi"):
        return Markup(render_template(template, lines=lines, decimal=decimal, percent=percent, **context))


def print_view(body: Markup, title: str, pdf_url: str, back_url: str) -> str:
    """The document alone on the page, as it prints, with Back, Print and Download PDF above it."""
    with force_locale("vi"):
        return render_template("documents/page.html", body=body, title=title, pdf=False, pdf_url=pdf_url,
                               back_url=back_url)


def pdf_bytes(body: Markup, title: str, files: Mapping[str, bytes] | None = None) -> bytes:
    """The document as a PDF file; ``files`` are the images it shows (URL path → content)."""
    with force_locale("vi"):
        html = render_template("documents/page.html", body=body, title=title, pdf=True)
    return render_pdf(html, files or {})


def pdf_response(body: Markup, title: str, filename: str, files: Mapping[str, bytes] | None = None) -> Response:
    """The document as a PDF download."""
    return Response(pdf_bytes(body, title, files), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
