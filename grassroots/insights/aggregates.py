"""Aggregate rows of the insights (DailyStat, DailyAspect), recomputed from the facts by SQL:
`recompute_aggregates(days, brand_ids=...)` replaces the rows of those days (all when None),
only the brand/product dimensions of those brands when `brand_ids` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction

from grassroots.insights.models import DailyAspect, DailyStat

_STAT = "insights_dailystat"
_ASPECT = "insights_dailyaspect"
_S = "insights_sentencefact"
_N = "insights_notefact"
_M = "insights_mention"

_NOTE_COLUMNS = (
    "COUNT(*), SUM(n.sentences), SUM(CASE WHEN n.sentiment = 1 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN n.sentiment = 0 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN n.sentiment = -1 THEN 1 ELSE 0 END), 0.0"
)
_THEME_COLUMNS = (
    "COUNT(DISTINCT s.note_id), COUNT(*), SUM(CASE WHEN s.sentiment = 1 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN s.sentiment = 0 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN s.sentiment = -1 THEN 1 ELSE 0 END), SUM(s.score)"
)
_ASPECT_COLUMNS = (
    "COUNT(*), SUM(CASE WHEN s.sentiment = 1 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN s.sentiment = -1 THEN 1 ELSE 0 END)"
)
_INSERT_STAT = (
    f"INSERT INTO {_STAT} (dim, key, theme_id, day, notes, sentences, positive, neutral, "
    "negative, polarity) "
)
_INSERT_ASPECT = f"INSERT INTO {_ASPECT} (dim, key, term, day, count, positive, negative) "


def _day_filter(alias: str, days: Sequence[date] | None) -> tuple[str, list[Any]]:
    if days is None:
        return "", []
    return f" AND {alias}.day IN ({', '.join(['%s'] * len(days))})", list(days)


def _brand_filter(alias: str, brand_ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    if brand_ids is None:
        return "", []
    return f" AND {alias}.brand_id IN ({', '.join(['%s'] * len(brand_ids))})", list(brand_ids)


def _aggregate_sql(
    days: Sequence[date] | None, brand_ids: Sequence[int] | None
) -> list[tuple[str, list[Any]]]:
    """INSERT … SELECT statements filling the aggregate rows (of some days / brands)."""
    statements: list[tuple[str, list[Any]]] = []
    nd, nd_params = _day_filter("n", days)
    sd, sd_params = _day_filter("s", days)
    md, md_params = _day_filter("m", days)
    mb, mb_params = _brand_filter("m", brand_ids)
    mentions = {
        "brand": f"SELECT DISTINCT note_id, brand_id AS k FROM {_M} m WHERE product_id IS NULL{mb}",  # noqa: S608 - table names and placeholders only
        "product": (
            f"SELECT DISTINCT note_id, product_id AS k FROM {_M} m WHERE product_id IS NOT NULL{mb}"  # noqa: S608 - table names and placeholders only
        ),
    }
    if brand_ids is None:
        statements.append(
            (
                f"{_INSERT_STAT}SELECT 'all', 0, 0, n.day, {_NOTE_COLUMNS} FROM {_N} n "  # noqa: S608 - table names and placeholders only
                f"WHERE 1=1{nd} GROUP BY n.day",
                nd_params,
            )
        )
        for column in ("category_id", "top_category_id"):
            statements.append(
                (
                    f"{_INSERT_STAT}SELECT 'category', n.{column}, 0, n.day, {_NOTE_COLUMNS} "  # noqa: S608 - table names and placeholders only
                    f"FROM {_N} n WHERE n.{column} IS NOT NULL{nd} GROUP BY n.{column}, n.day",
                    nd_params,
                )
            )
        statements.append(
            (
                f"{_INSERT_STAT}SELECT 'all', 0, s.theme_id, s.day, {_THEME_COLUMNS} "  # noqa: S608 - table names and placeholders only
                f"FROM {_S} s WHERE s.theme_id IS NOT NULL{sd} GROUP BY s.theme_id, s.day",
                sd_params,
            )
        )
        statements.append(
            (
                f"{_INSERT_ASPECT}SELECT 'all', 0, s.aspect, s.day, {_ASPECT_COLUMNS} "  # noqa: S608 - table names and placeholders only
                f"FROM {_S} s WHERE s.aspect <> ''{sd} GROUP BY s.aspect, s.day",
                sd_params,
            )
        )
        for column in ("category_id", "top_category_id"):
            statements.append(
                (
                    f"{_INSERT_STAT}SELECT 'category', s.{column}, s.theme_id, s.day, "  # noqa: S608 - table names and placeholders only
                    f"{_THEME_COLUMNS} FROM {_S} s WHERE s.theme_id IS NOT NULL "
                    f"AND s.{column} IS NOT NULL{sd} GROUP BY s.{column}, s.theme_id, s.day",
                    sd_params,
                )
            )
            statements.append(
                (
                    f"{_INSERT_ASPECT}SELECT 'category', s.{column}, s.aspect, s.day, "  # noqa: S608 - table names and placeholders only
                    f"{_ASPECT_COLUMNS} FROM {_S} s WHERE s.aspect <> '' "
                    f"AND s.{column} IS NOT NULL{sd} GROUP BY s.{column}, s.aspect, s.day",
                    sd_params,
                )
            )
    for dim, source in mentions.items():
        statements.append(
            (
                f"{_INSERT_STAT}SELECT '{dim}', m.k, 0, n.day, {_NOTE_COLUMNS} "  # noqa: S608 - table names and placeholders only
                f"FROM ({source}) m JOIN {_N} n ON n.note_id = m.note_id "
                f"WHERE 1=1{nd} GROUP BY m.k, n.day",
                mb_params + nd_params,
            )
        )
        statements.append(
            (
                f"{_INSERT_STAT}SELECT '{dim}', m.k, s.theme_id, s.day, {_THEME_COLUMNS} "  # noqa: S608 - table names and placeholders only
                f"FROM ({source}) m JOIN {_S} s ON s.note_id = m.note_id "
                f"WHERE s.theme_id IS NOT NULL{sd} GROUP BY m.k, s.theme_id, s.day",
                mb_params + sd_params,
            )
        )
        statements.append(
            (
                f"{_INSERT_ASPECT}SELECT '{dim}', m.k, s.aspect, s.day, {_ASPECT_COLUMNS} "  # noqa: S608 - table names and placeholders only
                f"FROM ({source}) m JOIN {_S} s ON s.note_id = m.note_id "
                f"WHERE s.aspect <> ''{sd} GROUP BY m.k, s.aspect, s.day",
                mb_params + sd_params,
            )
        )
    del md, md_params
    return statements


def recompute_aggregates(
    days: Iterable[date] | None = None, *, brand_ids: Sequence[int] | None = None
) -> None:
    """Recompute aggregate rows from the facts: of these days (None: all), of these brands'
    brand/product dimensions only when `brand_ids` is given."""
    day_list = sorted(set(days)) if days is not None else None
    chunks: list[list[date] | None] = [None]
    if day_list is not None:
        chunks = [day_list[i : i + 200] for i in range(0, len(day_list), 200)]
    with transaction.atomic():
        for chunk in chunks:
            stats = DailyStat.objects.all()
            aspects = DailyAspect.objects.all()
            if chunk is not None:
                stats = stats.filter(day__in=chunk)
                aspects = aspects.filter(day__in=chunk)
            if brand_ids is not None:
                from grassroots.brands.models import BrandProduct

                product_ids = list(
                    BrandProduct.objects.filter(brand_id__in=brand_ids).values_list("pk", flat=True)
                )
                for dim, keys in (("brand", list(brand_ids)), ("product", product_ids)):
                    stats.filter(dim=dim, key__in=keys).delete()
                    aspects.filter(dim=dim, key__in=keys).delete()
            else:
                stats.delete()
                aspects.delete()
            with connection.cursor() as cursor:
                for sql, params in _aggregate_sql(chunk, brand_ids):
                    cursor.execute(sql, params)
