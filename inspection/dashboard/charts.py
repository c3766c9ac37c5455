"""Horizontal bar charts laid out on the server, drawn as inline SVG by ``_charts.html``.

No chart library: each chart is a list of rows (a label and its values per series) turned into
rectangles and text positions in a fixed coordinate system; the SVG scales to its container.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 70
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
BAR = 14
GAP = 10
TOP = 6


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    #: CSS class giving the fill colour (static/css/dashboard.css).
    css: str


@dataclass
class Row:
    label: str
    values: dict[str, float]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    css: str = ""


@dataclass
class Chart:
    title: str
    height: float
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    #: Vertical reference line (a target), as (x, label).
    marker: tuple[float, str] | None = None
    series: list[Series] = field(default_factory=list)
    width: int = WIDTH


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _fmt(value: float) -> str:
    return f"{value:g}"


def bar_chart(title: str, series: list[Series], rows: list[Row], stacked: bool = False,
              maximum: float | None = None, marker: tuple[float, str] | None = None, suffix: str = "") -> Chart:
    """Grouped (one bar per series) or stacked bars, one group per row, scaled to ``maximum``."""
    totals = [sum(r.values.get(s.key, 0) for s in series) for r in rows]
    peaks = totals if stacked else [max((r.values.get(s.key, 0) for s in series), default=0) for r in rows]
    top = maximum or max([*peaks, marker[0] if marker else 0, 1])
    scale = BAR_AREA / top
    group = BAR if stacked else BAR * len(series)
    chart = Chart(title, TOP * 2 + len(rows) * (group + GAP), series=series)
    for index, row in enumerate(rows):
        y = TOP + index * (group + GAP)
        chart.texts.append(Text(LABEL_WIDTH - 6, y + group / 2 + 4, _short(row.label), "end"))
        x = LABEL_WIDTH
        for position, s in enumerate(series):
            value = row.values.get(s.key, 0)
            width = value * scale
            bar_y = y if stacked else y + position * BAR
            chart.rects.append(Rect(x if stacked else LABEL_WIDTH, bar_y, width, BAR - 2, s.css,
                                    f"{row.label} — {s.label}: {_fmt(value)}{suffix}"))
            if not stacked:
                chart.texts.append(Text(LABEL_WIDTH + width + 4, bar_y + BAR - 4, _fmt(value) + suffix, css="small"))
            x += width if stacked else 0
        if stacked:
            chart.texts.append(Text(x + 4, y + BAR - 4, _fmt(totals[index]) + suffix, css="small"))
    if marker:
        chart.marker = (LABEL_WIDTH + marker[0] * scale, marker[1])
    return chart
