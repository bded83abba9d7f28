"""CSV exports of an insight report: themes and the volume/sentiment series.

UTF-8 with a byte-order mark (Excel then reads Chinese correctly), RFC 4180 quoting by the csv
module (commas, quotes and line breaks inside a quote stay in their cell), and text cells that
a spreadsheet would run as a formula (=, +, -, @ first) prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from grassroots.insights.types import InsightReport, Theme

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

THEME_COLUMNS = (
    "rank",
    "key",
    "label",
    "kind",
    "sentences",
    "notes",
    "share",
    "sentiment",
    "trend",
    "growth",
    "rising",
    "p_value",
    "terms",
    "quote",
    "quote_note_id",
    "quote_comment_id",
)
SERIES_COLUMNS = ("day", "notes", "positive", "neutral", "negative")


def _cell(value: Any) -> Any:
    """A value as a spreadsheet should see it: numbers as numbers, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return BOM + buffer.getvalue()


def _theme_row(rank: int, theme: Theme) -> list[Any]:
    quote = theme.quotes[0] if theme.quotes else None
    return [
        rank,
        theme.key,
        theme.label,
        theme.kind,
        theme.count,
        theme.note_count,
        theme.share,
        theme.sentiment,
        theme.trend,
        theme.growth,
        theme.is_rising,
        theme.p_value,
        " ".join(theme.terms),
        quote.text if quote else "",
        quote.note_id if quote else "",
        quote.comment_id if quote else "",
    ]


def themes_csv(report: InsightReport) -> str:
    """Ranked themes, one a row, with the representative quote and the note it links to."""
    return _csv(
        THEME_COLUMNS, (_theme_row(rank, theme) for rank, theme in enumerate(report.themes, 1))
    )


def series_csv(report: InsightReport) -> str:
    """Notes and sentence sentiment per bucket (a day, or a week's Monday)."""
    return _csv(
        SERIES_COLUMNS,
        (
            (point.day.isoformat(), point.notes, point.positive, point.neutral, point.negative)
            for point in report.series
        ),
    )


def export_filename(report: InsightReport, part: str) -> str:
    """ASCII file name naming the scope and window, e.g. insights-brand-babyco-themes-…csv."""
    scope = report.scope
    bits = ["insights"]
    for name in ("brand", "product", "category", "topic", "q"):
        value = getattr(scope, name)
        if value not in (None, ""):
            bits.append(f"{name}-{value}")
    bits += [part, report.since.isoformat(), report.until.isoformat()]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(bits)).strip("_")
    return f"{name[:150]}.csv"


def csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
