"""`build_report(scope)`: the insight report for a scope and time window.

One brand, one product, one category or nothing (the whole public corpus) is read from the
maintained daily aggregates (`DailyStat`, `DailyAspect`); a topic, a search query or a
combination of filters is computed from the facts of the notes in scope. Quotes and note ids
are read at report time and rechecked: the note must be listed (public, published, not hidden
or deleted) and a quoted comment visible.

Rising themes: the window's last `current_days` days against the rest of the window (the
baseline). With c₁ theme notes among N₁ scope notes now and c₀ among N₀ before, under "no
change" the c₁ + c₀ theme notes fall in the current part with probability N₁ / (N₁ + N₀), so
c₁ ~ Binomial(c₁ + c₀, N₁ / (N₁ + N₀)); the one-sided p-value is P(X ≥ c₁). A theme is
rising when p < 0.05 / (themes tested) (Bonferroni), c₁ ≥ `MIN_CURRENT` and the rate grew
at least `MIN_GROWTH`-fold. See docs/insights.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.brands.models import Brand, BrandProduct
from grassroots.core.errors import NotFound, ValidationFailed
from grassroots.insights.models import DailyAspect, DailyStat, Mention, NoteFact, SentenceFact
from grassroots.insights.models import Theme as ThemeRow
from grassroots.insights.types import (
    AspectStat,
    CompetitorRow,
    InsightReport,
    InsightScope,
    Quote,
    SentimentSummary,
    SeriesPoint,
    Theme,
    ThemeKind,
    Trend,
)
from grassroots.notes.models import Category, Note, NoteTopic
from grassroots.search.matching import matching_notes
from grassroots.text import normalize

DEFAULT_DAYS = 90
MAX_DAYS = 731
TOP_THEMES = 15
# A q scope reads the facts of at most this many matching notes (the most relevant).
QUERY_NOTES_CAP = 50_000
QUOTES = 3
NOTE_IDS = 20
TOP_ASPECTS = 15
COMPETITOR_THEMES = 3
WEEKLY_AFTER_DAYS = 92
MIN_CURRENT = 5
MIN_GROWTH = 1.5
ALPHA = 0.05
GROWTH_CAP = 99.0

_SENTIMENT = {1: "positive", 0: "neutral", -1: "negative"}


@dataclass
class _Counts:
    notes: int = 0
    sentences: int = 0
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    polarity: float = 0.0

    def add(self, row: dict[str, Any]) -> None:
        self.notes += int(row.get("notes") or 0)
        self.sentences += int(row.get("sentences") or 0)
        self.positive += int(row.get("positive") or 0)
        self.neutral += int(row.get("neutral") or 0)
        self.negative += int(row.get("negative") or 0)
        self.polarity += float(row.get("polarity") or 0.0)


@dataclass
class _Scope:
    """The resolved scope: an aggregate key when one exists, else a note filter."""

    dim: str | None  # all | brand | product | category, or None: compute from facts
    key: int
    brand: Brand | None
    note_filter: Q | None  # on NoteFact / SentenceFact `note_id` (facts path)
    category_ids: list[int]
    query_matches: int | None = None  # q scope: notes the search index matched


def _window(scope: InsightScope) -> tuple[date, date]:
    until = scope.until or timezone.now().date()
    since = scope.since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise ValidationFailed("invalid_window", _("The window starts after it ends."))
    if (until - since).days >= MAX_DAYS:
        raise ValidationFailed("invalid_window", _("The window is at most two years."))
    return since, until


def _resolve(scope: InsightScope, until: date) -> _Scope:
    brand: Brand | None = None
    product: BrandProduct | None = None
    if scope.product is not None:
        product = BrandProduct.objects.select_related("brand").filter(pk=scope.product).first()
        if product is None:
            raise NotFound(_("No such product."))
        brand = product.brand
        if scope.brand and brand.slug != scope.brand:
            raise ValidationFailed("invalid_scope", _("The product belongs to another brand."))
    elif scope.brand:
        brand = Brand.objects.filter(slug=scope.brand).first()
        if brand is None:
            raise NotFound(_("No such brand."))
    category_ids: list[int] = []
    if scope.category:
        category = Category.objects.filter(slug=scope.category).first()
        if category is None:
            raise NotFound(_("No such category."))
        category_ids = [category.pk]
    filters = [
        ("product", product.pk if product else None),
        ("brand", brand.pk if brand and not product else None),
        ("category", category_ids[0] if category_ids else None),
    ]
    chosen = [(dim, key) for dim, key in filters if key is not None]
    simple = not scope.topic and not (scope.q and scope.q.strip())
    if simple and len(chosen) <= 1:
        dim, key = chosen[0] if chosen else ("all", 0)
        return _Scope(dim, key, brand, _note_filter(dim, key), category_ids)
    query_ids: list[int] | None = None
    query_matches: int | None = None
    if scope.q and scope.q.strip():
        query_ids, query_matches = _query_notes(scope.q, until)
    note_filter = Q()
    for dim, key in chosen:
        if query_ids is not None and dim in ("brand", "product"):
            # With q: the brand/product's notes among the matching ones, read once (not its
            # whole mention list in every facts and quote query).
            mentions = Mention.objects.filter(_NoteIds(query_ids))
            if dim == "brand":
                mentions = mentions.filter(brand_id=key, product__isnull=True)
            else:
                mentions = mentions.filter(product_id=key)
            query_ids = sorted(set(mentions.values_list("note_id", flat=True)))
        else:
            note_filter &= _note_filter(dim, key)
    if scope.topic:
        name = normalize(scope.topic).lstrip("#").strip()
        note_filter &= Q(note_id__in=NoteTopic.objects.filter(topic__name=name).values("note_id"))
    if query_ids is not None:
        note_filter &= Q(_NoteIds(query_ids))
    return _Scope(None, 0, brand, note_filter, category_ids, query_matches)


def _note_filter(dim: str, key: int) -> Q:
    if dim == "brand":
        return Q(
            note_id__in=Mention.objects.filter(brand_id=key, product__isnull=True).values("note_id")
        )
    if dim == "product":
        return Q(note_id__in=Mention.objects.filter(product_id=key).values("note_id"))
    if dim == "category":
        return Q(category_id=key) | Q(top_category_id=key)
    return Q()


class _NoteIds(Func):
    """`note_id IN (…)` with the ids written into the SQL (integers only): up to
    QUERY_NOTES_CAP ids would exceed SQLite's bound-parameter limit."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, ids: list[int], column: str = "note_id") -> None:
        super().__init__(F(column))
        self.ids = sorted({int(value) for value in ids})

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        if not self.ids:
            return "1 = 0", ()
        return f"{column} IN ({', '.join(map(str, self.ids))})", tuple(params)


class _DayBetween(Func):
    """`day BETWEEN since AND until`; on SQLite written `+day` so the planner reads the facts
    of a q scope's notes through the note_id index instead of walking the day index over the
    whole window (measured 12x faster at 6k matching notes; PostgreSQL plans it with stats)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, since: date, until: date) -> None:
        super().__init__(F("day"))
        self.since, self.until = since, until

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        plus = "+" if connection.vendor == "sqlite" else ""
        bounds: tuple[Any, ...] = (self.since, self.until)
        if connection.vendor == "sqlite":
            bounds = (self.since.isoformat(), self.until.isoformat())
        return f"{plus}{column} BETWEEN %s AND %s", (*params, *bounds)


def _days(resolved: _Scope, since: date, until: date) -> Q:
    """The window condition of the facts path (see _DayBetween for a q scope)."""
    if resolved.query_matches is not None:
        return Q(_DayBetween(since, until))
    return Q(day__range=(since, until))


def _query_notes(q: str, until: date) -> tuple[list[int], int]:
    """Notes holding every word of `q` (the search index's analysis: stems, traditional →
    simplified, jieba words), published by the end of the window, the QUERY_NOTES_CAP most
    relevant; with how many matched. SearchIndexUnavailable when the index is not built."""
    before = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    matched = matching_notes(q, limit=QUERY_NOTES_CAP, published_before=int(before.timestamp()))
    # The index may lag a hide by a moment: only notes listed now.
    listed = list(
        Note.objects.filter(_NoteIds(matched.ids, "pk"), is_listed=True).values_list(
            "pk", flat=True
        )
    )
    return listed, matched.total


# --- reading counts ---------------------------------------------------------------------


def _rows(query: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in query]


def _filter(resolved: _Scope) -> Q:
    return resolved.note_filter if resolved.note_filter is not None else Q()


def _stat_rows(resolved: _Scope, since: date, until: date) -> QuerySet[DailyStat]:
    return DailyStat.objects.filter(dim=resolved.dim, key=resolved.key, day__range=(since, until))


def _note_rows(resolved: _Scope, since: date, until: date) -> list[dict[str, Any]]:
    """Per day: notes, sentences and note-level sentiment counts."""
    if resolved.dim is not None:
        return _rows(
            _stat_rows(resolved, since, until)
            .filter(theme_id=0)
            .values("day", "notes", "sentences", "positive", "neutral", "negative")
        )
    return _rows(
        NoteFact.objects.filter(_filter(resolved), _days(resolved, since, until))
        .values("day")
        .annotate(
            notes=Count("note_id"),
            sentences=Sum("sentences"),
            positive=Count("note_id", filter=Q(sentiment=1)),
            neutral=Count("note_id", filter=Q(sentiment=0)),
            negative=Count("note_id", filter=Q(sentiment=-1)),
        )
    )


def _theme_totals(resolved: _Scope, since: date, until: date, split: date) -> list[dict[str, Any]]:
    """Per theme over the window: notes, sentences, polarity sum, and notes since `split`."""
    if resolved.dim is not None:
        return _rows(
            _stat_rows(resolved, since, until)
            .exclude(theme_id=0)
            .values("theme_id")
            .annotate(
                now=Sum("notes", filter=Q(day__gte=split)),
                notes=Sum("notes"),
                sentences=Sum("sentences"),
                polarity=Sum("polarity"),
            )
        )
    rows = SentenceFact.objects.filter(_filter(resolved), _days(resolved, since, until))
    grouped: QuerySet[Any, Any]
    if resolved.query_matches is None:
        grouped = rows.filter(theme__isnull=False).values("theme_id")
    else:
        # A q scope groups by `theme_id + 0` and drops the no-theme group here: grouping by
        # the column (or `theme_id IS NOT NULL`) made SQLite walk the theme index over every
        # themed sentence (2.3 s at 1M) instead of reading the matching notes' sentences
        # through the note_id index.
        grouped = rows.annotate(
            group=ExpressionWrapper(F("theme_id") + 0, output_field=IntegerField())
        ).values("group")
    found = _rows(
        grouped.annotate(
            now=Count("note_id", distinct=True, filter=Q(day__gte=split)),
            notes=Count("note_id", distinct=True),
            sentences=Count("id"),
            polarity=Sum("score"),
        )
    )
    for row in found:
        if "group" in row:
            row["theme_id"] = row.pop("group")
    return [row for row in found if row["theme_id"] is not None]


def _theme_series_rows(
    resolved: _Scope, since: date, until: date, theme_ids: list[int]
) -> list[dict[str, Any]]:
    """Per (theme, day) of the given themes: notes and sentence sentiment counts."""
    if not theme_ids:
        return []
    if resolved.dim is not None:
        return _rows(
            _stat_rows(resolved, since, until)
            .filter(theme_id__in=theme_ids)
            .values("theme_id", "day", "notes", "positive", "neutral", "negative")
        )
    rows = SentenceFact.objects.filter(_filter(resolved), _days(resolved, since, until))
    if resolved.query_matches is None:
        rows = rows.filter(theme_id__in=theme_ids)
    else:  # `theme_id + 0`: through the note_id index, not the themes' whole history
        rows = rows.alias(
            theme_key=ExpressionWrapper(F("theme_id") + 0, output_field=IntegerField())
        ).filter(theme_key__in=theme_ids)
    return _rows(
        rows.values("theme_id", "day").annotate(
            notes=Count("note_id", distinct=True),
            positive=Count("id", filter=Q(sentiment=1)),
            neutral=Count("id", filter=Q(sentiment=0)),
            negative=Count("id", filter=Q(sentiment=-1)),
        )
    )


def _aspects(resolved: _Scope, since: date, until: date) -> list[AspectStat]:
    rows: list[dict[str, Any]]
    if resolved.dim is not None:
        rows = _rows(
            DailyAspect.objects.filter(
                dim=resolved.dim, key=resolved.key, day__range=(since, until)
            )
            .values("term")
            .annotate(c=Sum("count"), p=Sum("positive"), n=Sum("negative"))
        )
    else:
        rows = _rows(
            SentenceFact.objects.filter(_filter(resolved), _days(resolved, since, until))
            .exclude(aspect="")
            .values("aspect")
            .annotate(
                c=Count("id"),
                p=Count("id", filter=Q(sentiment=1)),
                n=Count("id", filter=Q(sentiment=-1)),
            )
        )
    stats = [
        AspectStat(
            term=str(row.get("term") or row.get("aspect")),
            count=int(row["c"] or 0),
            positive=int(row["p"] or 0),
            negative=int(row["n"] or 0),
        )
        for row in rows
    ]
    stats.sort(key=lambda stat: (-stat.count, stat.term))
    return stats[:TOP_ASPECTS]


# --- series and trend ------------------------------------------------------------------------


def _bucket(day: date, weekly: bool) -> date:
    return day - timedelta(days=day.weekday()) if weekly else day


def _buckets(since: date, until: date, weekly: bool) -> list[date]:
    start = _bucket(since, weekly)
    step = timedelta(days=7 if weekly else 1)
    out = []
    while start <= until:
        out.append(start)
        start += step
    return out


def _series(rows: Iterable[dict[str, Any]], since: date, until: date) -> list[SeriesPoint]:
    weekly = (until - since).days + 1 > WEEKLY_AFTER_DAYS
    totals: dict[date, _Counts] = defaultdict(_Counts)
    for row in rows:
        totals[_bucket(row["day"], weekly)].add(row)
    return [
        SeriesPoint(
            day=bucket,
            notes=totals[bucket].notes,
            positive=totals[bucket].positive,
            neutral=totals[bucket].neutral,
            negative=totals[bucket].negative,
        )
        for bucket in _buckets(since, until, weekly)
    ]


def _split(since: date, until: date) -> date:
    """First day of the window's current part."""
    return until - timedelta(days=current_days(since, until) - 1)


def current_days(since: date, until: date) -> int:
    """Length of the "current" part of a window (the rest is the baseline)."""
    span = (until - since).days + 1
    return max(7, min(28, span // 4))


def binomial_sf(successes: int, trials: int, probability: float) -> float:
    """P(X ≥ successes) for X ~ Binomial(trials, probability)."""
    if successes <= 0:
        return 1.0
    if successes > trials:
        return 0.0
    if probability <= 0.0:
        return 0.0
    if probability >= 1.0:
        return 1.0
    from scipy.special import bdtrc

    return float(bdtrc(successes - 1, trials, probability))


@dataclass(frozen=True)
class TrendTest:
    trend: Trend
    growth: float
    is_rising: bool
    p_value: float | None


def trend_test(
    current: int, baseline: int, scope_current: int, scope_baseline: int, tests: int
) -> TrendTest:
    """The rising test of the module docstring for one theme."""
    if scope_current <= 0 or scope_baseline <= 0:
        return TrendTest("flat", 1.0, False, None)
    rate_now = current / scope_current
    rate_before = (baseline + 0.5) / scope_baseline if baseline == 0 else baseline / scope_baseline
    growth = min(GROWTH_CAP, rate_now / rate_before) if rate_before > 0 else GROWTH_CAP
    trials = current + baseline
    share = scope_current / (scope_current + scope_baseline)
    alpha = ALPHA / max(tests, 1)
    p_up = binomial_sf(current, trials, share)
    if current >= MIN_CURRENT and growth >= MIN_GROWTH and p_up < alpha:
        return TrendTest("new" if baseline == 0 else "rising", growth, True, p_up)
    p_down = binomial_sf(baseline, trials, 1.0 - share)
    if baseline >= MIN_CURRENT and growth <= 1.0 / MIN_GROWTH and p_down < alpha:
        return TrendTest("falling", growth, False, p_down)
    return TrendTest("flat", growth, False, p_up)


# --- quotes ---------------------------------------------------------------------------------


def _visible_sentences(resolved: _Scope) -> QuerySet[SentenceFact]:
    """Sentences of listed notes (and visible comments) in scope; the brand/product test is a
    correlated EXISTS on the mention index, so a LIMIT stops early on big brands."""
    rows = SentenceFact.objects.filter(
        Q(comment__isnull=True)
        | Q(comment__deleted_at__isnull=True, comment__hidden_at__isnull=True),
        Exists(Note.objects.filter(pk=OuterRef("note_id"), is_listed=True)),
    )
    if resolved.dim == "brand":
        mentions = Mention.objects.filter(
            note_id=OuterRef("note_id"), brand_id=resolved.key, product__isnull=True
        )
        return rows.filter(Exists(mentions))
    if resolved.dim == "product":
        return rows.filter(
            Exists(Mention.objects.filter(note_id=OuterRef("note_id"), product_id=resolved.key))
        )
    if resolved.note_filter is not None:
        rows = rows.filter(resolved.note_filter)
    return rows


_SENTINEL = -987_654_321
_QUOTE_FIELDS = ("text", "note_id", "comment_id", "sentiment", "published_at", "terms")


class _QuoteReader:
    """Reads quote candidates per theme with one compiled statement (the ORM builds it once;
    each theme then costs only its execution)."""

    def __init__(self, resolved: _Scope, since: date, until: date, candidates: int = 40):
        query = (
            _visible_sentences(resolved)
            .filter(theme_id=_SENTINEL, day__range=(since, until))
            .order_by("-day", "-id")
            .values_list(*_QUOTE_FIELDS)[:candidates]
        )
        self.sql, params = query.query.sql_with_params()
        self.params = list(params)
        self.slot = self.params.index(_SENTINEL)
        self.converters = query

    def rows(self, theme_id: int) -> list[dict[str, Any]]:
        params = list(self.params)
        params[self.slot] = theme_id
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchall()
        field = SentenceFact._meta.get_field("published_at")
        out = []
        for row in found:
            item = dict(zip(_QUOTE_FIELDS, row, strict=True))
            moment = item["published_at"]
            if isinstance(moment, str):  # SQLite returns text for raw cursors
                item["published_at"] = field.to_python(moment)
            if moment is not None and timezone.is_naive(item["published_at"]):
                item["published_at"] = timezone.make_aware(item["published_at"], UTC)
            out.append(item)
        return out


def _quotes_and_notes(reader: _QuoteReader, theme: ThemeRow) -> tuple[list[Quote], list[int]]:
    candidates = reader.rows(theme.pk)
    wanted = set(theme.terms or [])

    def overlap(row: dict[str, Any]) -> int:
        return len(wanted & set(str(row["terms"]).split()))

    ranked = sorted(candidates, key=lambda row: -overlap(row))
    quotes: list[Quote] = []
    seen: set[str] = set()
    for row in ranked:
        text = normalize(row["text"])
        if text in seen:
            continue
        seen.add(text)
        quotes.append(
            Quote(
                text=row["text"],
                note_id=row["note_id"],
                comment_id=row["comment_id"],
                sentiment=_SENTIMENT[row["sentiment"]],  # type: ignore[arg-type]
                published_at=row["published_at"],
            )
        )
        if len(quotes) >= QUOTES:
            break
    note_ids = list(dict.fromkeys(row["note_id"] for row in candidates))[:NOTE_IDS]
    return quotes, note_ids


# --- the report -----------------------------------------------------------------------------


def _global_theme_notes(theme_ids: list[int], since: date, until: date) -> dict[int, int]:
    """Theme notes over the whole corpus in the window (for the distinctiveness lift)."""
    if not theme_ids:
        return {}
    rows = (
        DailyStat.objects.filter(
            dim="all", key=0, theme_id__in=theme_ids, day__range=(since, until)
        )
        .values("theme_id")
        .annotate(n=Sum("notes"))
    )
    return {int(row["theme_id"]): int(row["n"] or 0) for row in rows}


def _all_notes(since: date, until: date) -> int:
    total = DailyStat.objects.filter(
        dim="all", key=0, theme_id=0, day__range=(since, until)
    ).aggregate(n=Sum("notes"))["n"]
    return int(total or 0)


def rank_score(notes: int, scope_notes: int, global_notes: int, all_notes: int) -> float:
    """Theme notes weighted by how distinctive the theme is for the scope (lift ≥ 1 helps).

    lift = (theme share in the scope) / (theme share in the whole corpus); boilerplate
    ("这篇值得更多人看到") has lift ≈ 1 everywhere, a brand's own problem a high lift."""
    if notes <= 0 or scope_notes <= 0:
        return 0.0
    if global_notes <= 0 or all_notes <= 0 or scope_notes >= all_notes:
        return float(notes)
    lift = (notes / scope_notes) / (global_notes / all_notes)
    return notes * math.log2(1.0 + max(lift, 0.0))


def _themes(
    resolved: _Scope,
    rows: list[dict[str, Any]],
    note_rows: list[dict[str, Any]],
    since: date,
    until: date,
    *,
    limit: int = TOP_THEMES,
    with_quotes: bool = True,
) -> tuple[list[Theme], list[Theme]]:
    """(top themes ranked, rising themes) of the scope, from per-theme totals (`rows`:
    theme_id, notes, sentences, polarity, now)."""
    scope_notes = sum(int(row["notes"] or 0) for row in note_rows)
    split = _split(since, until)
    scope_now = sum(int(row["notes"] or 0) for row in note_rows if row["day"] >= split)
    scope_before = scope_notes - scope_now
    totals: dict[int, _Counts] = defaultdict(_Counts)
    now: dict[int, int] = defaultdict(int)
    for row in rows:
        theme_id = int(row["theme_id"])
        totals[theme_id].add(row)
        now[theme_id] += int(row.get("now") or 0)
    tested = [tid for tid in totals if totals[tid].notes >= MIN_CURRENT]
    tests = {
        tid: trend_test(
            now[tid], totals[tid].notes - now[tid], scope_now, scope_before, max(len(tested), 1)
        )
        for tid in totals
    }
    by_count = sorted(totals, key=lambda tid: (-totals[tid].notes, -totals[tid].sentences, tid))
    candidates = by_count[: limit * 10]
    if resolved.dim != "all":
        global_notes = _global_theme_notes(candidates, since, until)
        all_notes = _all_notes(since, until)
        score = {
            tid: rank_score(totals[tid].notes, scope_notes, global_notes.get(tid, 0), all_notes)
            for tid in candidates
        }
        candidates.sort(key=lambda tid: (-score[tid], -totals[tid].notes, tid))
    top = candidates[:limit]
    rising_ids = [tid for tid in by_count if tests[tid].is_rising]
    rising_ids.sort(key=lambda tid: (tests[tid].p_value or 1.0, -totals[tid].notes, tid))
    wanted = list(dict.fromkeys([*top, *rising_ids[:limit]]))
    info = {theme.pk: theme for theme in ThemeRow.objects.filter(pk__in=wanted)}
    reader = _QuoteReader(resolved, since, until) if with_quotes else None
    by_day: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if with_quotes:
        for row in _theme_series_rows(resolved, since, until, wanted):
            by_day[int(row["theme_id"])].append(row)
    built: dict[int, Theme] = {}
    for theme_id in wanted:
        theme_row = info.get(theme_id)
        if theme_row is None:
            continue
        counts = totals[theme_id]
        test = tests[theme_id]
        quotes, note_ids = _quotes_and_notes(reader, theme_row) if reader is not None else ([], [])
        kind = cast(ThemeKind, theme_row.kind)
        built[theme_id] = Theme(
            key=theme_row.key,
            label=theme_row.label,
            kind=kind,
            count=counts.sentences,
            note_count=counts.notes,
            share=round(counts.notes / scope_notes, 4) if scope_notes else 0.0,
            sentiment=round(counts.polarity / counts.sentences, 3) if counts.sentences else 0.0,
            trend=test.trend,
            growth=round(test.growth, 3) if math.isfinite(test.growth) else GROWTH_CAP,
            is_rising=test.is_rising,
            p_value=test.p_value,
            terms=list(theme_row.terms or []),
            quotes=quotes,
            note_ids=note_ids,
            series=_series(by_day[theme_id], since, until) if with_quotes else [],
        )
    themes = [built[tid] for tid in top if tid in built]
    rising = [built[tid] for tid in rising_ids[:limit] if tid in built]
    return themes, rising


def _competitors(brand: Brand, since: date, until: date) -> list[CompetitorRow]:
    brands = [brand, *brand.competitors.order_by("name")]
    ids = [item.pk for item in brands]
    rows = _rows(
        DailyStat.objects.filter(dim="brand", key__in=ids, day__range=(since, until))
        .values("key", "theme_id")
        .annotate(
            notes=Sum("notes"),
            sentences=Sum("sentences"),
            positive=Sum("positive"),
            neutral=Sum("neutral"),
            negative=Sum("negative"),
            polarity=Sum("polarity"),
        )
    )
    note_level: dict[int, _Counts] = defaultdict(_Counts)
    theme_level: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["theme_id"] == 0:
            note_level[row["key"]].add(row)
        else:
            theme_level[row["key"]].append({**row, "now": 0})
    total = sum(counts.notes for counts in note_level.values())
    # Rank each brand's themes by distinctiveness with one global lookup for all of them.
    candidates: dict[int, list[dict[str, Any]]] = {}
    for item in brands:
        ranked = sorted(
            theme_level[item.pk], key=lambda row: (-int(row["notes"] or 0), row["theme_id"])
        )
        candidates[item.pk] = ranked[: COMPETITOR_THEMES * 10]
    every = sorted({int(row["theme_id"]) for rows_ in candidates.values() for row in rows_})
    global_notes = _global_theme_notes(every, since, until)
    all_notes = _all_notes(since, until)
    chosen: dict[int, list[dict[str, Any]]] = {}
    for item in brands:
        scope_notes = note_level[item.pk].notes

        def score(row: dict[str, Any], scope_notes: int = scope_notes) -> float:
            theme_id = int(row["theme_id"])
            notes = int(row["notes"] or 0)
            return rank_score(notes, scope_notes, global_notes.get(theme_id, 0), all_notes)

        chosen[item.pk] = sorted(
            candidates[item.pk], key=lambda row: (-score(row), row["theme_id"])
        )[:COMPETITOR_THEMES]
    info = {
        theme.pk: theme
        for theme in ThemeRow.objects.filter(
            pk__in={int(row["theme_id"]) for rows_ in chosen.values() for row in rows_}
        )
    }
    result = []
    for item in brands:
        counts = note_level[item.pk]
        summary = SentimentSummary(counts.positive, counts.neutral, counts.negative)
        top: list[Theme] = []
        for row in chosen[item.pk]:
            theme_row = info.get(int(row["theme_id"]))
            if theme_row is None:
                continue
            notes = int(row["notes"] or 0)
            sentences = int(row["sentences"] or 0)
            top.append(
                Theme(
                    key=theme_row.key,
                    label=theme_row.label,
                    kind=cast(ThemeKind, theme_row.kind),
                    count=sentences,
                    note_count=notes,
                    share=round(notes / counts.notes, 4) if counts.notes else 0.0,
                    sentiment=round(float(row["polarity"] or 0.0) / sentences, 3)
                    if sentences
                    else 0.0,
                    trend="flat",
                    growth=1.0,
                    is_rising=False,
                    p_value=None,
                    terms=list(theme_row.terms or []),
                )
            )
        result.append(
            CompetitorRow(
                brand=item.slug,
                name=item.name,
                notes=counts.notes,
                share_of_voice=round(counts.notes / total, 4) if total else 0.0,
                sentiment=round(summary.net, 3),
                top_themes=top,
            )
        )
    return result


def build_report(scope: InsightScope) -> InsightReport:
    """The insight report of a scope (see the module docstring and insights/types.py)."""
    since, until = _window(scope)
    resolved = _resolve(scope, until)
    note_rows = _note_rows(resolved, since, until)
    totals = _Counts()
    for row in note_rows:
        totals.add(row)
    theme_rows = _theme_totals(resolved, since, until, _split(since, until))
    themes, rising = _themes(resolved, theme_rows, note_rows, since, until)
    competitors: list[CompetitorRow] = []
    if resolved.brand is not None and scope.product is None:
        competitors = _competitors(resolved.brand, since, until)
    return InsightReport(
        scope=scope,
        since=since,
        until=until,
        notes=totals.notes,
        sentences=totals.sentences,
        series=_series(note_rows, since, until),
        sentiment=SentimentSummary(totals.positive, totals.neutral, totals.negative),
        themes=themes,
        rising=rising,
        aspects=_aspects(resolved, since, until),
        competitors=competitors,
        query_matches=resolved.query_matches,
        query_cap=QUERY_NOTES_CAP if resolved.query_matches is not None else None,
    )
