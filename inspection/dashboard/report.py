"""The dashboard as the report a leader signs: the year's figures in the administrative form,
the wide tables (answers by item, service targets per unit) in landscape annexes."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from inspection import clock
from inspection.dashboard.charts import Chart
from inspection.dashboard.panels import Dashboard, build, charts, items_in_template_order
from inspection.dashboard.targets import COLOUR_LABELS, COLOURS, TARGETS
from inspection.documents import layout, numbering
from models import DocumentKind, User

#: Fill of each chart class (static/css/dashboard.css): a PDF's drawings take no stylesheet.
FILLS = {"bar-primary": "#0d6efd", "bar-done": "#198754", "bar-green": "#198754", "bar-planned": "#6ea8fe",
         "bar-overdue": "#dc3545", "bar-red": "#dc3545", "bar-amber": "#ffc107", "bar-none": "#adb5bd"}
#: Room around a chart's drawing for labels that run past its edges.
CHART_MARGIN = 60
#: What the per-unit table writes after a share: met, close, far (the page's colours, in print).
MARKS = {"green": "+", "amber": "~", "red": "−", "none": ""}


@dataclass(frozen=True)
class ReportChart:
    chart: Chart
    fills: dict[str, str]
    margin: int = CHART_MARGIN


def title(year: int) -> str:
    with force_locale("vi"):
        return _("Report on the inspections of %(year)s", year=year)


def body(board: Dashboard) -> Markup:
    """The report as of ``board.today``, dated that day; reports are numbered by hand."""
    with force_locale("vi"):
        drawn = {key: ReportChart(chart, FILLS) for key, chart in charts(board).items()}
    plan = numbering.issued_plan(board.programme) if board.programme else None
    doc = layout.head(layout.REPORT, None, board.today)
    return layout.render_body(
        "dashboard/_report_document.html", doc=doc, board=board, charts=drawn, targets=TARGETS, colours=COLOURS,
        colour_labels=COLOUR_LABELS,
        marks=MARKS, plan_reference=layout.reference(DocumentKind.PLAN, plan, doc.settings) if plan else "",
        items=items_in_template_order(board.results) if board.results else [],
        most_missed=_most_missed(board),
    )


def filename(year: int) -> str:
    return f"bao-cao-kiem-tra-{year}.pdf"


def made_for(params: dict, user: User) -> tuple[bytes, str]:
    """The year's report as ``user`` may read it, dated today (run by the job worker)."""
    year = params["year"]
    return layout.pdf_bytes(body(build(year, clock.today(), user)), title(year)), filename(year)


def _most_missed(board: Dashboard, count: int = 5) -> list:
    """The items most often not compliant (the page's ranking), those with at least one."""
    return [i for i in (board.results.items if board.results else []) if i.not_compliant][:count]
