"""Hand-built InsightReports for the tests of pure rendering (charts, CSV). Pages, API, CLI and
exports through HTTP are tested on real analysed notes instead (see workspace_world.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from grassroots.insights.types import (
    AspectStat,
    CompetitorRow,
    InsightReport,
    InsightScope,
    Quote,
    SentimentSummary,
    SeriesPoint,
    Theme,
)


def series(days: int = 14, start: date = date(2026, 11, 1)) -> list[SeriesPoint]:
    return [
        SeriesPoint(
            day=start + timedelta(days=index),
            notes=index % 5 + 1,
            positive=index % 3,
            neutral=1,
            negative=(index + 1) % 4,
        )
        for index in range(days)
    ]


def quote(text: str, note_id: int = 11, comment_id: int | None = None) -> Quote:
    return Quote(
        text=text,
        note_id=note_id,
        comment_id=comment_id,
        sentiment="negative",
        published_at=datetime(2026, 11, 3, 8, 30, tzinfo=UTC),
    )


def theme(key: str, label: str, kind: str = "pain_point", **changes: object) -> Theme:
    values: dict[str, object] = {
        "key": key,
        "label": label,
        "kind": kind,
        "count": 12,
        "note_count": 9,
        "share": 0.25,
        "sentiment": -0.5,
        "trend": "flat",
        "growth": 1.0,
        "is_rising": False,
        "p_value": None,
        "terms": ["脖子", "头托"],
        "quotes": [quote(f"{label} quote")],
        "note_ids": [11],
        "series": series(7),
    }
    values.update(changes)
    return Theme(**values)  # type: ignore[arg-type]


def report(**changes: object) -> InsightReport:
    neck = theme("neck-tilt", "宝宝脖子歪 · 头托", is_rising=True, trend="rising", growth=3.5)
    values: dict[str, object] = {
        "scope": InsightScope(brand="babyco"),
        "since": date(2026, 11, 1),
        "until": date(2026, 11, 14),
        "notes": 36,
        "sentences": 80,
        "series": series(),
        "sentiment": SentimentSummary(positive=30, neutral=20, negative=30),
        "themes": [
            neck,
            theme("small-size", "希望出小号", kind="need", sentiment=0.1),
            theme("light", "很轻 · 好推", kind="praise", sentiment=0.8),
        ],
        "rising": [neck],
        "aspects": [AspectStat(term="头托", count=9, positive=1, negative=7)],
        "competitors": [
            CompetitorRow("babyco", "BabyCo", 30, 0.6, -0.2, [neck]),
            CompetitorRow("rival", "Rival <b>", 20, 0.4, 0.3, []),
        ],
    }
    values.update(changes)
    return InsightReport(**values)  # type: ignore[arg-type]
