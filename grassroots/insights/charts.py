"""Charts drawn on the server as inline SVG: no script, no CDN, readable offline and in print.

Every chart is `role="img"` with a <title> and <desc> (screen readers announce both), each mark
carries its own <title> (hover tooltip with the number), and the pages put the same numbers in
a table next to the chart. Colours follow the site (grassroots/core/static/core/site.css).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grassroots.insights.types import SeriesPoint

COLOURS = {
    "volume": "#ff2442",
    "positive": "#1f9d63",
    "neutral": "#b8b8b8",
    "negative": "#ff2442",
    "bar": "#ff6b81",
    "grid": "#eeeeee",
    "axis": "#8a8a8a",
}
WIDTH = 640
HEIGHT = 200
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 24


@dataclass(frozen=True)
class BarRow:
    """One row of a horizontal bar chart: `value` sets the length, `shown` is the label."""

    label: str
    value: float
    shown: str


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above value (axis maxima people can read)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10.0**exponent
        if candidate >= value:
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def _html(template: str, *args: object) -> SafeString:
    """format_html with coordinates (floats) written to one decimal."""
    values = [f"{arg:.1f}" if isinstance(arg, float) else arg for arg in args]
    return format_html(template.replace("{:.1f}", "{}"), *values)


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _svg(
    chart_id: str,
    title: str,
    desc: str,
    body: str,
    *,
    width: int,
    height: int,
    css_class: str = "chart",
) -> SafeString:
    head = format_html(
        '<svg class="{css_class}" id="{id}" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        css_class=css_class,
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
    )
    return mark_safe(f"{head}{body}</svg>")  # noqa: S308 - parts are escaped above and below


def _short_day(day: date) -> str:
    return day.strftime("%m-%d")


def _x_labels(series: Sequence[SeriesPoint], slot: float) -> str:
    """First, middle and last bucket dates under the plot (fewer when there are fewer)."""
    if not series:
        return ""
    picks = sorted({0, len(series) // 2, len(series) - 1})
    parts = []
    for index in picks:
        x = LEFT + slot * (index + 0.5)
        anchor = "start" if index == 0 and len(picks) > 1 else "middle"
        if index == len(series) - 1 and len(picks) > 1:
            anchor = "end"
        parts.append(
            _html(
                '<text class="chart-label" x="{:.1f}" y="{}" text-anchor="{}" fill="{}">{}</text>',
                x,
                HEIGHT - 6,
                anchor,
                COLOURS["axis"],
                _short_day(series[index].day),
            )
        )
    return "".join(parts)


def _y_grid(top_value: float, *, suffix: str = "") -> str:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for fraction in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - fraction)
        parts.append(
            _html(
                '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="{}"/>'
                '<text class="chart-label" x="{}" y="{:.1f}" text-anchor="end" fill="{}">'
                "{}{}</text>",
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                COLOURS["grid"],
                LEFT - 4,
                y + 4,
                COLOURS["axis"],
                _number(top_value * fraction),
                suffix,
            )
        )
    return "".join(parts)


def volume_chart(series: Sequence[SeriesPoint], *, chart_id: str, title: str) -> SafeString:
    """Notes per bucket as columns."""
    total = sum(point.notes for point in series)
    desc = ngettext(
        "%(notes)s note in %(buckets)s periods, from %(first)s to %(last)s.",
        "%(notes)s notes in %(buckets)s periods, from %(first)s to %(last)s.",
        total,
    ) % {
        "notes": total,
        "buckets": len(series),
        "first": series[0].day.isoformat() if series else "-",
        "last": series[-1].day.isoformat() if series else "-",
    }
    # Counts are whole numbers: at least 0-1-2 on the axis, never a "0.5 notes" tick.
    top = max(nice_ceiling(max((point.notes for point in series), default=0)), 2.0)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(series), 1)
    bars = []
    for index, point in enumerate(series):
        height = plot_h * point.notes / top
        bars.append(
            _html(
                '<rect class="chart-mark" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" '
                'fill="{}" rx="1.5"><title>{}</title></rect>',
                LEFT + slot * index + slot * 0.1,
                TOP + plot_h - height,
                max(slot * 0.8, 0.5),
                height,
                COLOURS["volume"],
                _("%(day)s: %(notes)s notes")
                % {"day": point.day.isoformat(), "notes": point.notes},
            )
        )
    body = _y_grid(top) + "".join(bars) + _x_labels(series, slot)
    return _svg(
        chart_id, title, desc, body, width=WIDTH, height=HEIGHT, css_class="chart chart-time"
    )


def sentiment_chart(series: Sequence[SeriesPoint], *, chart_id: str, title: str) -> SafeString:
    """Each bucket's sentences split into positive / neutral / negative shares (100% columns)."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(series), 1)
    positive = sum(p.positive for p in series)
    neutral = sum(p.neutral for p in series)
    negative = sum(p.negative for p in series)
    desc = _(
        "Share of positive, neutral and negative sentences per period: "
        "%(positive)s positive, %(neutral)s neutral, %(negative)s negative in all."
    ) % {"positive": positive, "neutral": neutral, "negative": negative}
    marks = []
    for index, point in enumerate(series):
        total = point.positive + point.neutral + point.negative
        if not total:
            continue
        y = float(TOP)
        # Negative on top, positive at the bottom: the positive share reads from the baseline.
        for name, count in (
            ("negative", point.negative),
            ("neutral", point.neutral),
            ("positive", point.positive),
        ):
            if not count:
                continue
            height = plot_h * count / total
            marks.append(
                _html(
                    '<rect class="chart-mark" x="{:.1f}" y="{:.1f}" width="{:.1f}" '
                    'height="{:.1f}" fill="{}"><title>{}</title></rect>',
                    LEFT + slot * index + slot * 0.1,
                    y,
                    max(slot * 0.8, 0.5),
                    height,
                    COLOURS[name],
                    _("%(day)s: %(count)s %(sentiment)s of %(total)s (%(percent)s%%)")
                    % {
                        "day": point.day.isoformat(),
                        "count": count,
                        "sentiment": _sentiment_word(name),
                        "total": total,
                        "percent": round(100 * count / total),
                    },
                )
            )
            y += height
    body = _y_grid(100, suffix="%") + "".join(marks) + _x_labels(series, slot)
    return _svg(
        chart_id, title, desc, body, width=WIDTH, height=HEIGHT, css_class="chart chart-time"
    )


def _sentiment_word(name: str) -> str:
    return {"positive": _("positive"), "neutral": _("neutral"), "negative": _("negative")}[name]


def sparkline(series: Sequence[SeriesPoint], *, chart_id: str, title: str) -> SafeString:
    """A small line of notes per bucket (a theme's trend in a list)."""
    width, height, pad = 120, 28, 2
    values = [point.notes for point in series]
    top = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(
        f"{pad + step * index:.1f},{height - pad - (height - 2 * pad) * value / top:.1f}"
        for index, value in enumerate(values)
    )
    desc = _("Notes per period: %(values)s") % {"values": ", ".join(map(str, values)) or "-"}
    body = (
        _html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5" '
            'stroke-linejoin="round"/>',
            points,
            COLOURS["volume"],
        )
        if len(values) > 1
        else ""
    )
    return _svg(
        chart_id, title, desc, body, width=width, height=height, css_class="chart sparkline"
    )


def bar_chart(rows: Sequence[BarRow], *, chart_id: str, title: str, desc: str) -> SafeString:
    """Horizontal bars, one row each, label on the left and the number at the bar's end."""
    row_h, label_w, width = 26, 110, 420
    height = max(row_h * len(rows), row_h)
    top = max((row.value for row in rows), default=0) or 1
    plot_w = width - label_w - 56
    parts = []
    for index, row in enumerate(rows):
        y = index * row_h
        length = max(plot_w * max(row.value, 0) / top, 0)
        parts.append(
            _html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-mark" x="{}" y="{}" width="{:.1f}" height="{}" fill="{}" '
                'rx="3"><title>{}: {}</title></rect>'
                '<text class="chart-label" x="{:.1f}" y="{}" fill="{}">{}</text>',
                label_w - 8,
                y + 17,
                _clip(row.label, 14),
                label_w,
                y + 5,
                length,
                row_h - 10,
                COLOURS["bar"],
                row.label,
                row.shown,
                label_w + length + 6,
                y + 17,
                COLOURS["axis"],
                row.shown,
            )
        )
    return _svg(chart_id, title, desc, "".join(parts), width=width, height=height)


def diverging_chart(rows: Sequence[BarRow], *, chart_id: str, title: str, desc: str) -> SafeString:
    """Bars left (negative) or right (positive) of a centre line; values in -1..1."""
    row_h, label_w, width = 26, 110, 420
    height = max(row_h * len(rows), row_h)
    half = (width - label_w - 20) / 2
    centre = label_w + half
    parts = [
        _html(
            '<line x1="{:.1f}" x2="{:.1f}" y1="0" y2="{}" stroke="{}"/>',
            centre,
            centre,
            height,
            COLOURS["axis"],
        )
    ]
    for index, row in enumerate(rows):
        y = index * row_h
        value = max(-1.0, min(1.0, row.value))
        length = half * abs(value)
        x = centre if value >= 0 else centre - length
        colour = COLOURS["positive"] if value >= 0 else COLOURS["negative"]
        parts.append(
            _html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-mark" x="{:.1f}" y="{}" width="{:.1f}" height="{}" '
                'fill="{}" rx="3"><title>{}: {}</title></rect>'
                # The number sits across the centre line from its bar, clear of the labels.
                '<text class="chart-label" x="{:.1f}" y="{}" text-anchor="{}" fill="{}">{}</text>',
                label_w - 8,
                y + 17,
                _clip(row.label, 14),
                x,
                y + 5,
                length,
                row_h - 10,
                colour,
                row.label,
                row.shown,
                centre - 4 if value >= 0 else centre + 4,
                y + 17,
                "end" if value >= 0 else "start",
                COLOURS["axis"],
                row.shown,
            )
        )
    return _svg(chart_id, title, desc, "".join(parts), width=width, height=height)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "BarRow",
    "bar_chart",
    "diverging_chart",
    "nice_ceiling",
    "sentiment_chart",
    "sparkline",
    "volume_chart",
]
