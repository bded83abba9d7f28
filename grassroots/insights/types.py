"""What an insight report is: the contract between the analysis (insights.report) and
everything that shows it (API, CLI, workspace pages, CSV and printable exports)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Sentiment = Literal["positive", "neutral", "negative"]
ThemeKind = Literal["pain_point", "need", "praise"]
Trend = Literal["rising", "flat", "falling", "new"]


@dataclass(frozen=True)
class InsightScope:
    """What to analyse. Any combination narrows; all None is the whole public corpus."""

    brand: str | None = None  # Brand.slug
    product: int | None = None  # BrandProduct.id (implies its brand)
    category: str | None = None  # Category.slug, top-level or sub-category
    topic: str | None = None  # Topic.name (normalised, no '#')
    q: str | None = None  # a search query, e.g. "推车" or "sunscreen"
    since: date | None = None  # inclusive; None = until minus 90 days
    until: date | None = None  # inclusive; None = today


@dataclass(frozen=True)
class Quote:
    text: str  # the sentence as written
    note_id: int  # always a listed (public, visible) note
    comment_id: int | None  # set when the sentence is from a comment on that note
    sentiment: Sentiment
    published_at: datetime


@dataclass(frozen=True)
class SeriesPoint:
    day: date  # start of the bucket (a day, or a week's Monday for long windows)
    notes: int
    positive: int = 0
    neutral: int = 0
    negative: int = 0


@dataclass(frozen=True)
class SentimentSummary:
    positive: int
    neutral: int
    negative: int

    @property
    def net(self) -> float:
        """(positive - negative) / all, in -1..1; 0 when there is nothing."""
        total = self.positive + self.neutral + self.negative
        return (self.positive - self.negative) / total if total else 0.0


@dataclass(frozen=True)
class Theme:
    key: str  # stable across runs for the same theme (used in URLs and exports)
    label: str  # readable, from distinctive terms, e.g. "宝宝脖子歪 · 头托"
    kind: ThemeKind
    count: int  # sentences in the window
    note_count: int  # distinct notes behind them
    share: float  # note_count / notes in scope, 0..1
    sentiment: float  # mean sentence polarity, -1..1
    trend: Trend
    growth: float  # current-window rate / baseline rate (inf-safe: capped)
    is_rising: bool  # passed the significance test in docs/insights.md
    p_value: float | None
    terms: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)  # representative first
    note_ids: list[int] = field(default_factory=list)
    series: list[SeriesPoint] = field(default_factory=list)


@dataclass(frozen=True)
class AspectStat:
    term: str  # e.g. 靠背, 头托, 物流
    count: int
    positive: int
    negative: int


@dataclass(frozen=True)
class CompetitorRow:
    brand: str  # slug
    name: str
    notes: int
    share_of_voice: float  # of the notes mentioning any brand in the comparison
    sentiment: float  # net sentiment -1..1
    top_themes: list[Theme] = field(default_factory=list)


@dataclass(frozen=True)
class InsightReport:
    scope: InsightScope
    since: date
    until: date
    notes: int  # listed notes in scope and window
    sentences: int  # analysed sentences in scope and window
    series: list[SeriesPoint]
    sentiment: SentimentSummary
    themes: list[Theme]  # ranked; kinds mixed
    rising: list[Theme]  # subset flagged rising
    aspects: list[AspectStat]
    competitors: list[CompetitorRow]  # brand scope only: the brand first, then competitors
    query_matches: int | None = None  # q scope: notes matching q (the facts of query_cap at most)
    query_cap: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO strings)."""
        result: dict[str, Any] = _jsonable(asdict(self))
        return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN never reaches JSON
        return None
    return value
