"""The weekly timeline as one self-contained SVG: stacked bars of events per week by kind, the date window shaded.

Drawn on the server as plain SVG (no chart library in the browser): a Vega-Lite chart costs the
map page about 0.4 s of browser time on every first paint, even for four articles, and this
chart needs no more than bars, a band, two axes and a hover text per week (an SVG ``<title>``).
Every text in it is escaped.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

import numpy as np
import pandas as pd

from geo.query import schema as S
from geo.query import timeline as T
from geo.render.popups import kind_label

WIDTH = 1000
"""Width of the SVG's coordinate system; the picture scales to its container's width."""
BAND_COLOUR = "#1f4e79"
FADED_OPACITY = 0.25
"""Opacity of the bars of weeks outside the date window."""


@dataclass(frozen=True)
class _Plot:
    """Where the bars go inside the SVG, and the time span they cover."""

    left: float
    top: float
    width: float
    height: float
    start: pd.Timestamp
    end: pd.Timestamp

    def x(self, t: pd.Timestamp) -> float:
        span = (self.end - self.start).total_seconds() or 1.0
        return self.left + self.width * (t - self.start).total_seconds() / span

    def x_array(self, t: pd.Series) -> np.ndarray:
        span = (self.end - self.start).total_seconds() or 1.0
        return self.left + self.width * (t - self.start).dt.total_seconds().to_numpy() / span


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that is at least ``value`` (the y axis' top).

    Examples
    --------
    >>> [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 51, 180)]
    [1, 1, 5, 10, 20, 100, 200]
    """
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return step * m
        step *= 10


def _ticks(start: pd.Timestamp, end: pd.Timestamp) -> list[tuple[pd.Timestamp, str]]:
    """Labelled x ticks: years for spans over three years, else the first of each month (thinned)."""
    days = (end - start).days
    if days > 3 * 366:
        years = range(start.year + (start.month > 1 or start.day > 1), end.year + 1)
        step = max(1, len(years) // 10 + 1)
        return [(pd.Timestamp(y, 1, 1), str(y)) for y in years[::step]]
    months = pd.date_range(start.normalize().replace(day=1), end, freq="MS")
    months = [m for m in months if m >= start]
    if not months:  # less than a month, with no first of a month in it: label where it starts
        return [(start, start.strftime("%d %b %Y"))]
    step = max(1, -(-len(months) // 8))
    return [(m, m.strftime("%b %Y")) for m in months[::step]]


HOVER_TARGETS_MAX = 120
"""At most this many hover texts: one per week, else per month, else per year. Each is about 150 bytes and
an element the browser builds on every run; a hover per week over ten years would be 500 of them."""


def hover_bins(weeks: pd.Series) -> tuple[str, pd.Series]:
    """The hover period (``"week"``, ``"month"`` or ``"year"``) and each week's period start.

    The finest period that gives at most ``HOVER_TARGETS_MAX`` hover texts.

    Examples
    --------
    >>> weeks = pd.Series(pd.date_range("2024-01-01", periods=3, freq="W-MON"))
    >>> hover_bins(weeks)[0]
    'week'
    """
    if weeks.nunique() <= HOVER_TARGETS_MAX:
        return "week", weeks
    months = weeks.dt.to_period("M").dt.start_time
    if months.nunique() <= HOVER_TARGETS_MAX:
        return "month", months
    return "year", weeks.dt.to_period("Y").dt.start_time


def _hover_title(period: str, start: pd.Timestamp, rows: list[tuple[str, int]]) -> str:
    when = {"week": f"Week of {start:%d %b %Y}", "month": f"{start:%B %Y}", "year": f"{start:%Y}"}[period]
    parts = [f"{n} {kind_label(k).lower()}" for k, n in rows]
    return f"{when}: {sum(n for _, n in rows)} events ({', '.join(parts)})"


def timeline_svg(counts: pd.DataFrame, window: tuple[date, date] | None = None, *, height: int = 150) -> str:
    """An HTML fragment: a legend and an SVG of ``counts`` (from ``geo.query.timeline.weekly_counts``).

    Parameters
    ----------
    counts
        One row per week and kind: ``week``, ``kind``, ``events``, ``in_window``.
    window
        The date window to shade, or None for none (the weeks outside it are faded either way,
        as ``in_window`` says).
    height
        Height of the SVG's coordinate system (the picture keeps its proportions).

    Returns
    -------
    str
        ``""`` when ``counts`` is empty.

    Examples
    --------
    >>> c = pd.DataFrame({"week": [pd.Timestamp("2024-04-29")], "kind": ["flight"], "events": [2],
    ...                   "in_window": [True]})
    >>> html = timeline_svg(c)
    >>> "<svg" in html and "Week of 29 Apr 2024: 2 events (2 flight)" in html
    True
    """
    if counts.empty:
        return ""
    weeks = counts[T.WEEK]
    plot = _Plot(left=44.0, top=8.0, width=WIDTH - 54.0, height=height - 30.0,
                 start=weeks.min(), end=weeks.max() + pd.Timedelta(days=7))
    totals = counts.groupby(T.WEEK, sort=False)[T.COUNT].sum()
    top = nice_ceiling(int(totals.max()))
    order = {k: i for i, k in enumerate(S.KIND_COLOURS)}
    out: list[str] = []
    if window is not None:
        x0 = plot.x(max(pd.Timestamp(window[0]), plot.start))
        x1 = plot.x(min(pd.Timestamp(window[1]) + pd.Timedelta(days=1), plot.end))
        if x1 > x0:
            out.append(f'<rect class="window" x="{x0:.1f}" y="{plot.top}" width="{x1 - x0:.1f}" '
                       f'height="{plot.height}" fill="{BAND_COLOUR}" fill-opacity="0.10"/>')
    # One <path> per kind and shade, of one rectangle per week: a tenth of the bytes of a <rect> each.
    # Vectorised: a loop over weekly groups cost 0.1 s per thousand weeks on every rerun.
    rows = counts.assign(_order=counts[S.KIND].map(lambda k: order.get(k, len(order))))
    rows = rows.sort_values([T.WEEK, "_order"], kind="stable")
    n = rows[T.COUNT].astype(int).to_numpy()
    h = plot.height * n / top
    below = rows.assign(_h=h).groupby(T.WEEK, sort=False)["_h"].cumsum().to_numpy() - h
    y = plot.top + plot.height - below - h
    x0 = plot.x_array(rows[T.WEEK])
    x1 = plot.x_array(rows[T.WEEK] + pd.Timedelta(days=7))
    w = np.maximum(x1 - x0 - 0.4, 0.8)
    rects = [f"M{a:.1f} {b:.1f}h{c:.1f}v{d:.1f}h{-c:.1f}z" for a, b, c, d in zip(x0, y, w, h)]
    bars: dict[tuple[int, str, bool], list[str]] = {}
    for key, rect in zip(zip(rows["_order"], rows[S.KIND].astype(str), rows[T.IN_WINDOW].astype(bool)), rects):
        bars.setdefault(key, []).append(rect)
    for (_o, kind, inside), parts in sorted(bars.items()):
        colour = S.KIND_COLOURS.get(kind, S.KIND_COLOURS["other"])
        faded = "" if inside else f' fill-opacity="{FADED_OPACITY}"'
        out.append(f'<path class="bars" data-kind="{escape(kind)}" fill="{colour}"{faded} d="{"".join(parts)}"/>')
    # Invisible full-height targets, one per hover period: their <title> is the hover text.
    period, starts = hover_bins(counts[T.WEEK])
    table = counts.assign(_start=starts).pivot_table(index="_start", columns=S.KIND, values=T.COUNT, aggfunc="sum",
                                                     fill_value=0)
    kinds = sorted(table.columns, key=lambda k: order.get(k, len(order)))
    spans = counts.assign(_start=starts).groupby("_start")[T.WEEK].agg(["min", "max"])
    hovers: list[str] = []
    for start, values in zip(table.index, table[kinds].to_numpy()):
        first, last = spans.loc[start, "min"], spans.loc[start, "max"]
        hx0, hx1 = plot.x(max(first, plot.start)), plot.x(last + pd.Timedelta(days=7))
        title = _hover_title(period, start, [(str(k), int(v)) for k, v in zip(kinds, values) if v])
        hovers.append(f'<rect x="{hx0:.1f}" y="{plot.top}" width="{max(hx1 - hx0, 0.8):.1f}" height="{plot.height}"'
                      f' fill="transparent"><title>{escape(title)}</title></rect>')
    base = plot.top + plot.height
    axis = [f'<line x1="{plot.left}" y1="{base}" x2="{plot.left + plot.width}" y2="{base}" stroke="#888"/>',
            f'<text x="{plot.left - 6}" y="{plot.top + 4}" text-anchor="end">{top}</text>',
            f'<text x="{plot.left - 6}" y="{base}" text-anchor="end">0</text>',
            f'<text x="10" y="{plot.top + plot.height / 2:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 10 {plot.top + plot.height / 2:.1f})">events / week</text>']
    for t, label in _ticks(plot.start, plot.end):
        x = plot.x(t)
        axis.append(f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}" stroke="#888"/>'
                    f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle">{escape(label)}</text>')
    present = sorted(set(counts[S.KIND]), key=lambda k: order.get(k, len(order)))
    legend = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;width:10px;'
        f'height:10px;margin-right:4px;background:{S.KIND_COLOURS.get(k, S.KIND_COLOURS["other"])}"></span>'
        f'{escape(kind_label(k))}</span>' for k in present)
    total = int(counts[T.COUNT].sum())
    label = escape(f"Events per week by kind: {total} events from {plot.start:%d %b %Y} to "
                   f"{plot.end - timedelta(days=1):%d %b %Y}")
    return (f'<div class="sortie-timeline" style="font-size:12px;color:#555">'
            f'<div style="margin-bottom:2px">{legend}</div>'
            f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{label}" '
            f'style="font:11px sans-serif;fill:#555;display:block">'
            + "".join(out) + "".join(axis) + "".join(hovers) + "</svg></div>")
