"""JSON API of the insights app (mounted in config/api.py): GET /api/insights.

Readers: members of any verified brand, and staff (the analysis covers public content only).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from grassroots.brands.queries import require_insights_reader
from grassroots.insights.reading import ScopeParams, report_for, scope_from_params
from grassroots.insights.types import InsightReport

router = Router(tags=["insights"])


class ScopeOut(Schema):
    brand: str | None
    product: int | None
    category: str | None
    topic: str | None
    q: str | None
    since: date | None
    until: date | None


class QuoteOut(Schema):
    text: str
    note_id: int
    comment_id: int | None
    sentiment: str
    published_at: datetime


class SeriesPointOut(Schema):
    day: date
    notes: int
    positive: int
    neutral: int
    negative: int


class SentimentOut(Schema):
    positive: int
    neutral: int
    negative: int
    net: float


class ThemeOut(Schema):
    key: str
    label: str
    kind: str
    count: int
    note_count: int
    share: float
    sentiment: float
    trend: str
    growth: float | None
    is_rising: bool
    p_value: float | None
    terms: list[str]
    quotes: list[QuoteOut]
    note_ids: list[int]
    series: list[SeriesPointOut]


class AspectOut(Schema):
    term: str
    count: int
    positive: int
    negative: int


class CompetitorOut(Schema):
    brand: str
    name: str
    notes: int
    share_of_voice: float
    sentiment: float
    top_themes: list[ThemeOut]


class InsightReportOut(Schema):
    scope: ScopeOut
    since: date
    until: date
    notes: int
    sentences: int
    series: list[SeriesPointOut]
    sentiment: SentimentOut
    themes: list[ThemeOut]
    rising: list[ThemeOut]
    aspects: list[AspectOut]
    competitors: list[CompetitorOut]
    query_matches: int | None = None  # q scope: notes matching q (facts of query_cap at most)
    query_cap: int | None = None


def _finite(value: Any) -> Any:
    """JSON has no Infinity or NaN: such floats become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def report_data(report: InsightReport) -> dict[str, Any]:
    """The report as the API answers it: InsightReport.as_dict() plus the net sentiment, through
    the response schema. Encoded with ninja's NinjaJSONEncoder it is the API's JSON byte for
    byte (`grassroots insights --json` does that)."""
    data: dict[str, Any] = _finite(report.as_dict())
    data["sentiment"]["net"] = round(report.sentiment.net, 4)
    out: dict[str, Any] = InsightReportOut.model_validate(data).model_dump()
    return out


@router.get("/insights", response=InsightReportOut)
def insights_report(
    request: HttpRequest,
    brand: str | None = None,
    product: str | None = None,
    category: str | None = None,
    topic: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """Volume series, sentiment, themes (label, kind, count, share, trend, quotes with note
    ids), rising themes, aspects and (brand scope) competitors for a scope and window.

    No scope at all analyses the whole public corpus. `since`/`until` are YYYY-MM-DD
    (inclusive; default the 90 days up to today; at most 731 days). Unknown brand, product,
    category or topic: 404; bad dates or window: 422; not a member of a verified brand: 403.
    """
    user = request.user  # set by either authenticator (session or bearer token)
    params = ScopeParams(
        brand=brand,
        product=product,
        category=category,
        topic=topic,
        q=q,
        since=since,
        until=until,
    )
    # Access first: a non-reader learns nothing (not even which brands exist) from the errors.
    require_insights_reader(user)
    scope = scope_from_params(params, viewer=user)
    return report_data(report_for(viewer=user, scope=scope))
