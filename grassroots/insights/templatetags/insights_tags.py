"""Template helpers of the insight pages: charts (inline SVG), labels, numbers and links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from grassroots.insights import charts
from grassroots.insights.reading import scope_query
from grassroots.insights.types import CompetitorRow, InsightScope, Quote, SeriesPoint

register = template.Library()


@register.simple_tag
def volume_chart(series: Sequence[SeriesPoint], chart_id: str) -> SafeString:
    return charts.volume_chart(series, chart_id=chart_id, title=_("Notes over time"))


@register.simple_tag
def sentiment_chart(series: Sequence[SeriesPoint], chart_id: str) -> SafeString:
    return charts.sentiment_chart(series, chart_id=chart_id, title=_("Sentiment over time"))


@register.simple_tag
def theme_sparkline(
    series: Sequence[SeriesPoint], list_id: str, index: int, label: str
) -> SafeString:
    return charts.sparkline(
        series,
        chart_id=f"spark-{list_id}-{index}",
        title=_("Trend of “%(theme)s”") % {"theme": label},
    )


@register.simple_tag
def share_of_voice_chart(rows: Sequence[CompetitorRow], chart_id: str) -> SafeString:
    bars = [
        charts.BarRow(row.name, row.share_of_voice, percent(row.share_of_voice)) for row in rows
    ]
    return charts.bar_chart(
        bars,
        chart_id=chart_id,
        title=_("Share of voice"),
        desc=_("Share of the notes mentioning any of these brands: %(values)s")
        % {"values": "; ".join(f"{bar.label} {bar.shown}" for bar in bars)},
    )


@register.simple_tag
def competitor_sentiment_chart(rows: Sequence[CompetitorRow], chart_id: str) -> SafeString:
    bars = [charts.BarRow(row.name, row.sentiment, signed(row.sentiment)) for row in rows]
    return charts.diverging_chart(
        bars,
        chart_id=chart_id,
        title=_("Net sentiment"),
        desc=_("Net sentiment from -1 (all negative) to +1 (all positive): %(values)s")
        % {"values": "; ".join(f"{bar.label} {bar.shown}" for bar in bars)},
    )


@register.filter
def percent(value: float | None) -> str:
    """0.1234 -> "12.3%"."""
    if value is None:
        return "-"
    return f"{100 * value:.1f}%"


@register.filter
def signed(value: float | None) -> str:
    """Net sentiment with its sign: +0.42, -0.10, 0.00."""
    if value is None:
        return "-"
    return f"{value:+.2f}" if round(value, 2) != 0 else "0.00"


@register.filter
def kind_label(kind: str) -> str:
    return {"pain_point": _("Pain point"), "need": _("Need"), "praise": _("Praise")}.get(kind, kind)


@register.filter
def trend_label(trend: str) -> str:
    return {
        "rising": _("Rising"),
        "flat": _("Flat"),
        "falling": _("Falling"),
        "new": _("New"),
    }.get(trend, trend)


@register.filter
def sentiment_label(sentiment: str) -> str:
    return {"positive": _("positive"), "neutral": _("neutral"), "negative": _("negative")}.get(
        sentiment, sentiment
    )


@register.filter
def of_kind(themes: Sequence[Any], kind: str) -> list[Any]:
    return [theme for theme in themes if theme.kind == kind]


@register.filter
def quote_url(quote: Quote) -> str:
    """The public note a quote comes from (its comment anchored when it is from one)."""
    url = reverse("notes:detail", args=[quote.note_id])
    return f"{url}#comment-{quote.comment_id}" if quote.comment_id else url


@register.simple_tag
def scope_url(name: str, scope: InsightScope, *args: Any, **changes: Any) -> str:
    """URL `name` (with `args`) carrying the scope's parameters, with `changes` applied."""
    query = scope_query(scope, **changes)
    return reverse(name, args=args) + (f"?{query}" if query else "")


@register.filter
def children_of(children: dict[int, list[Any]], top_id: int) -> list[Any]:
    """Sub-categories of a top category in the taxonomy's children map."""
    return children.get(top_id, [])
