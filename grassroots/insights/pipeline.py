"""Derive insight facts from notes and keep the aggregates current.

- `process_notes(ids)`: (re)analyse these notes — their facts are deleted and, for notes that
  are still listed, written again from the note and its visible comments; the aggregate rows
  of every day they touched are recomputed from the facts.
- `update()`: the background job (run by ``grassroots insights_update`` and the `serve` loop):
  notes queued by the actions (insights/queue.py: edits, hides, deletes, comments) plus newly
  published notes past the watermark over (published_at, id); every `DISCOVER_EVERY`
  unassigned opinion sentences, a discovery pass finds new themes among them.
- `rebuild(brand=None)`: everything from scratch; with a brand, only that brand's mentions
  and aggregate rows (its facts are brand-independent).
See docs/insights.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from grassroots.engagement.models import Comment
from grassroots.insights import clustering, gazetteer
from grassroots.insights.analysis import ASPECTS, analyse, split_sentences
from grassroots.insights.models import (
    DailyAspect,
    DailyStat,
    InsightQueue,
    InsightState,
    Mention,
    NoteFact,
    SentenceFact,
    Theme,
)
from grassroots.notes.models import LISTED, Note, NoteMention
from grassroots.text import normalize

BATCH = 500
DISCOVER_EVERY = 2000
DISCOVER_SECONDS = 600
MAX_DISCOVER = 300_000
CENTROID_TERMS = 40
MIN_SUPPORT = 3
WATERMARK = "watermark"
IDF_STATE = "idf"


def _day(moment: Any) -> date:
    """The UTC day of a datetime."""
    value: date = moment.astimezone(UTC).date()
    return value


def _rows(query: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in query]


# --- analysis of notes ---------------------------------------------------------------------


def _card_brands(note_ids: Sequence[int]) -> dict[int, set[int]]:
    """note id -> brand ids of its product cards (shops.NoteProduct, when installed)."""
    if not apps.is_installed("grassroots.shops"):
        return {}
    try:
        model = apps.get_model("shops", "NoteProduct")
    except LookupError:
        return {}
    found: dict[int, set[int]] = {}
    rows = model.objects.filter(
        note_id__in=note_ids, product__shop__brand_id__isnull=False
    ).values_list("note_id", "product__shop__brand_id")
    for note_id, brand_id in rows:
        found.setdefault(note_id, set()).add(brand_id)
    return found


def _old_days(note_ids: Sequence[int]) -> set[date]:
    days = set(NoteFact.objects.filter(note_id__in=note_ids).values_list("day", flat=True))
    days |= set(
        SentenceFact.objects.filter(note_id__in=note_ids).values_list("day", flat=True).distinct()
    )
    return days


def _delete_facts(note_ids: Sequence[int]) -> None:
    SentenceFact.objects.filter(note_id__in=note_ids).delete()
    Mention.objects.filter(note_id__in=note_ids).delete()
    NoteFact.objects.filter(note_id__in=note_ids).delete()


def theme_index() -> clustering.ThemeIndex:
    state = InsightState.objects.filter(name=IDF_STATE).first()
    idf = {str(k): float(v) for k, v in (state.value if state else {}).items()}
    themes = [(pk, dict(weights)) for pk, weights in Theme.objects.values_list("pk", "weights")]
    return clustering.ThemeIndex(themes, idf)


def process_notes(
    note_ids: Iterable[int],
    *,
    index: clustering.ThemeIndex | None = None,
    aggregate: bool = True,
) -> set[date]:
    """(Re)analyse these notes; returns the days whose aggregates changed."""
    ids = sorted({int(i) for i in note_ids})
    if not ids:
        return set()
    gaz = gazetteer.current()
    if index is None:
        index = theme_index()
    notes: list[dict[str, Any]] = _rows(
        Note.objects.filter(LISTED, pk__in=ids, published_at__isnull=False).values(
            "id", "title", "body", "category_id", "top_category_id", "published_at"
        )
    )
    listed_ids = [note["id"] for note in notes]
    comments: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(
        Comment.objects.filter(
            note_id__in=listed_ids, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .order_by("id")
        .values("id", "note_id", "body", "created_at")
    ):
        comments.setdefault(row["note_id"], []).append(row)
    account_brands: dict[int, set[int]] = {}
    if gaz.accounts:
        for note_id, user_id in NoteMention.objects.filter(
            note_id__in=listed_ids, user_id__in=list(gaz.accounts)
        ).values_list("note_id", "user_id"):
            account_brands.setdefault(note_id, set()).add(gaz.accounts[user_id])
    cards = _card_brands(listed_ids)

    # Every sentence of every note, in one batch for the sentiment model.
    units: list[tuple[dict[str, Any], dict[str, Any] | None, int, str]] = []
    comment: dict[str, Any] | None
    mentions: list[Mention] = []
    for note in notes:
        day = _day(note["published_at"])
        seen: set[tuple[int, int | None]] = set()

        def add(
            brand_id: int,
            product_id: int | None,
            source: str,
            comment_id: int | None,
            *,
            note_id: int = note["id"],
            day: date = day,
            seen: set[tuple[int, int | None]] = seen,
        ) -> None:
            keys: list[tuple[int, int | None]] = [(brand_id, None)]
            if product_id is not None:
                keys.append((brand_id, product_id))
            for key in keys:
                if key in seen:
                    continue
                seen.add(key)
                mentions.append(
                    Mention(
                        note_id=note_id,
                        comment_id=comment_id,
                        brand_id=key[0],
                        product_id=key[1],
                        source=source,
                        day=day,
                    )
                )

        for brand_id, product_id in gaz.find(f"{note['title']}\n{note['body']}"):
            add(brand_id, product_id, Mention.Source.NAME, None)
        for brand_id in sorted(account_brands.get(note["id"], ())):
            add(brand_id, None, Mention.Source.ACCOUNT, None)
        for brand_id in sorted(cards.get(note["id"], ())):
            add(brand_id, None, Mention.Source.CARD, None)
        position = 0
        title = note["title"].strip()
        in_body = bool(title) and normalize(title) in normalize(note["body"])
        for text in [title if not in_body else "", *split_sentences(note["body"])]:
            if text and len(text) >= 2:
                units.append((note, None, position, text))
                position += 1
        for comment in comments.get(note["id"], []):
            for brand_id, product_id in gaz.find(comment["body"]):
                add(brand_id, product_id, Mention.Source.NAME, comment["id"])
            for text in split_sentences(comment["body"]):
                units.append((note, comment, position, text))
                position += 1
    results = analyse([unit[3] for unit in units], exclude=gaz.names)

    facts: list[SentenceFact] = []
    per_note: dict[int, list[int]] = {note["id"]: [0, 0, 0, 0] for note in notes}
    score_sum: dict[int, float] = {note["id"]: 0.0 for note in notes}
    for (note, comment, position, text), result in zip(units, results, strict=True):
        counts = per_note[note["id"]]
        counts[0] += 1
        counts[1 + (1 - result.sentiment_value)] += 1  # positive, neutral, negative
        score_sum[note["id"]] += result.score
        if not result.is_opinion:
            continue
        moment = comment["created_at"] if comment else note["published_at"]
        facts.append(
            SentenceFact(
                note_id=note["id"],
                comment_id=comment["id"] if comment else None,
                position=min(position, 32_000),
                text=text,
                sentiment=result.sentiment_value,
                score=round(result.score, 4),
                is_need=result.is_need,
                is_complaint=result.is_complaint,
                aspect=(result.aspects[0] if result.aspects else "")[:20],
                aspects=result.aspects,
                terms=" ".join(result.terms)[:2000],
                theme_id=index.assign(result.terms),
                day=_day(moment),
                published_at=moment,
                category_id=note["category_id"],
                top_category_id=note["top_category_id"],
            )
        )
    now = timezone.now()
    note_facts = []
    for note in notes:
        sentences, positive, neutral, negative = per_note[note["id"]]
        mean = score_sum[note["id"]] / sentences if sentences else 0.0
        label = 1 if positive > negative and mean > 0 else -1 if negative > positive else 0
        note_facts.append(
            NoteFact(
                note_id=note["id"],
                day=_day(note["published_at"]),
                category_id=note["category_id"],
                top_category_id=note["top_category_id"],
                sentences=sentences,
                positive=positive,
                neutral=neutral,
                negative=negative,
                sentiment=label,
                analysed_at=now,
            )
        )
    with transaction.atomic():
        days = _old_days(ids) if aggregate else set()
        _delete_facts(ids)
        NoteFact.objects.bulk_create(note_facts, batch_size=1000)
        SentenceFact.objects.bulk_create(facts, batch_size=1000)
        Mention.objects.bulk_create(mentions, batch_size=1000)
        days |= {fact.day for fact in note_facts} | {fact.day for fact in facts}
        if aggregate and days:
            recompute_aggregates(days)
    return days


# --- aggregates ------------------------------------------------------------------------------

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


# --- themes ----------------------------------------------------------------------------------


def discover_themes(*, only_unassigned: bool = True, min_support: int | None = None) -> int:
    """Cluster (unassigned) opinion sentences into new themes; returns themes created."""
    rows = SentenceFact.objects.order_by("-id")
    if only_unassigned:
        rows = rows.filter(theme__isnull=True)
    data = list(
        rows.values_list("id", "terms", "is_need", "is_complaint", "score", "text")[:MAX_DISCOVER]
    )
    if not data:
        return 0
    items = [
        clustering.Item(
            id=pk,
            terms=tuple(terms.split()),
            is_need=need,
            is_complaint=complaint,
            score=score,
            text=text,
        )
        for pk, terms, need, complaint, score, text in data
    ]
    support = min_support or MIN_SUPPORT
    clusters, idf = clustering.discover(items, min_support=support)
    clusters = clustering.merge_by_aspect(clusters, ASPECTS)
    created = 0
    with transaction.atomic():
        state, _ = InsightState.objects.get_or_create(name=IDF_STATE)
        merged_idf = {**{str(k): float(v) for k, v in state.value.items()}, **idf}
        if only_unassigned and state.value:
            merged_idf = {**idf, **{str(k): float(v) for k, v in state.value.items()}}
        state.value = {term: round(value, 4) for term, value in merged_idf.items()}
        state.save(update_fields=["value"])
        for cluster in clusters:
            centroid = cluster.centroid()
            top = dict(sorted(centroid.items(), key=lambda pair: -pair[1])[:CENTROID_TERMS])
            norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
            terms = cluster.label(prefer=ASPECTS)
            key = clustering.theme_key(terms)
            theme = Theme.objects.filter(key=key).first()
            if theme is None:
                theme = Theme.objects.create(
                    key=key,
                    label=" · ".join(terms)[:80],
                    kind=cluster.kind(),
                    terms=terms,
                    weights={term: round(value / norm, 5) for term, value in top.items()},
                    support=cluster.size,
                    quote=clustering.representative(cluster),
                )
                created += 1
            for start in range(0, len(cluster.members), 5000):
                SentenceFact.objects.filter(pk__in=cluster.members[start : start + 5000]).update(
                    theme=theme
                )
    return created


def assign_unassigned(*, batch: int = 20_000) -> int:
    """Give unassigned sentences the most similar theme (after a discovery); returns how many
    found one."""
    index = theme_index()
    if not index.centroids:
        return 0
    assigned = 0
    last = 0
    while True:
        rows = list(
            SentenceFact.objects.filter(theme__isnull=True, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "terms")[:batch]
        )
        if not rows:
            break
        chosen: dict[int, list[int]] = {}
        for pk, terms in rows:
            theme_id = index.assign(terms.split())
            if theme_id is not None:
                chosen.setdefault(theme_id, []).append(pk)
        for theme_id, pks in chosen.items():
            for start in range(0, len(pks), 5000):
                SentenceFact.objects.filter(pk__in=pks[start : start + 5000]).update(
                    theme_id=theme_id
                )
            assigned += len(pks)
        last = rows[-1][0]
    return assigned


# --- the jobs -------------------------------------------------------------------------------


def _watermark() -> tuple[datetime | None, int]:
    state = InsightState.objects.filter(name=WATERMARK).first()
    if state is None or not state.value.get("at"):
        return None, 0
    return datetime.fromisoformat(state.value["at"]), int(state.value.get("id", 0))


def _set_watermark(moment: datetime | None, note_id: int) -> None:
    InsightState.objects.update_or_create(
        name=WATERMARK,
        defaults={"value": {"at": moment.isoformat() if moment else None, "id": note_id}},
    )


def maybe_discover(*, force: bool = False) -> int:
    """Discover themes among unassigned sentences when enough have accumulated: at least
    `DISCOVER_EVERY` more than after the last discovery, or any more after
    `DISCOVER_SECONDS` (so a small community gets themes too)."""
    unassigned = SentenceFact.objects.filter(theme__isnull=True).count()
    last = InsightState.objects.filter(name="discovered").first()
    seen = int(last.value.get("unassigned", 0)) if last else 0
    at = float(last.value.get("at", 0.0)) if last else 0.0
    now = timezone.now().timestamp()
    due = unassigned >= seen + DISCOVER_EVERY or (
        unassigned > seen and now - at >= DISCOVER_SECONDS
    )
    if not unassigned or not (due or force):
        return 0
    days = set(SentenceFact.objects.filter(theme__isnull=True).values_list("day", flat=True))
    created = discover_themes(only_unassigned=True)
    assign_unassigned()
    remaining = SentenceFact.objects.filter(theme__isnull=True).count()
    InsightState.objects.update_or_create(
        name="discovered", defaults={"value": {"unassigned": remaining, "at": now}}
    )
    recompute_aggregates(days)
    return created


def update(*, batch: int = BATCH, max_batches: int = 20) -> int:
    """One pass of the background job; returns notes processed."""
    done = 0
    index = theme_index()
    for _ in range(max_batches):
        queued = list(InsightQueue.objects.order_by("id").values_list("id", "note_id")[:batch])
        moment, last_id = _watermark()
        fresh = Note.objects.filter(LISTED, published_at__isnull=False)
        if moment is not None:
            fresh = fresh.filter(published_at__gte=moment).exclude(
                published_at=moment, id__lte=last_id
            )
        new = list(fresh.order_by("published_at", "id").values_list("published_at", "id")[:batch])
        ids = {note_id for _pk, note_id in queued} | {note_id for _at, note_id in new}
        if not ids:
            break
        process_notes(ids, index=index)
        if queued:
            InsightQueue.objects.filter(id__lte=queued[-1][0]).delete()
        if new:
            _set_watermark(new[-1][0], new[-1][1])
        done += len(ids)
    maybe_discover()
    return done


def rebuild(*, brand_id: int | None = None, batch: int = 2000) -> dict[str, Any]:
    """Everything from scratch, or one brand's mentions and aggregate rows."""
    if brand_id is not None:
        return _rebuild_brand(brand_id)
    with transaction.atomic():
        for model in (DailyStat, DailyAspect, SentenceFact, Mention, NoteFact, InsightQueue):
            model.objects.all().delete()
        Theme.objects.all().delete()
        InsightState.objects.all().delete()
    empty = clustering.ThemeIndex([], {})
    last = 0
    notes = 0
    while True:
        ids = list(
            Note.objects.filter(LISTED, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        process_notes(ids, index=empty, aggregate=False)
        last = ids[-1]
        notes += len(ids)
    themes = discover_themes(only_unassigned=False)
    assign_unassigned()
    recompute_aggregates(None)
    latest = Note.objects.filter(LISTED).aggregate(at=Max("published_at"))["at"]
    if latest is not None:
        last_id = (
            Note.objects.filter(LISTED, published_at=latest)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        )
        _set_watermark(latest, last_id or 0)
    return {"notes": notes, "themes": themes}


def _raw_names(brand: Any) -> list[str]:
    from grassroots.brands.models import BrandProduct

    names = [brand.name, *[str(a) for a in brand.aliases or []]]
    for name, aliases in BrandProduct.objects.filter(brand=brand).values_list("name", "aliases"):
        names += [name, *[str(a) for a in aliases or []]]
    return [name.strip() for name in names if len(name.strip()) >= gazetteer.MIN_NAME_CHARS]


def recluster() -> dict[str, Any]:
    """Discover all themes again from the stored facts (no re-analysis), then re-aggregate:
    what a change of the clustering settings needs."""
    with transaction.atomic():
        SentenceFact.objects.update(theme=None)
        Theme.objects.all().delete()
        InsightState.objects.filter(name__in=[IDF_STATE, "discovered"]).delete()
    themes = discover_themes(only_unassigned=False)
    assign_unassigned()
    recompute_aggregates(None)
    return {"themes": themes}


def _rebuild_brand(brand_id: int) -> dict[str, Any]:
    """Re-find one brand's mentions in every analysed note, then its aggregate rows."""
    from grassroots.brands.models import Brand, BrandProduct

    brand = Brand.objects.get(pk=brand_id)
    gaz = gazetteer.build(
        [(brand.pk, brand.name, [str(a) for a in brand.aliases or []], brand.account_id)],
        [
            (pk, brand.pk, name, [str(a) for a in aliases or []])
            for pk, name, aliases in BrandProduct.objects.filter(brand=brand).values_list(
                "pk", "name", "aliases"
            )
        ],
    )
    # The database narrows the scan to rows containing one of the names as written or
    # normalised (a LIKE scan in C); the gazetteer then matches them exactly. A mention
    # written only in a variant form neither catches (traditional characters, full-width
    # Latin) is still found by the incremental path, which matches every note it analyses.
    spellings = sorted({*gaz.names, *_raw_names(brand)})
    in_note = Q()
    in_comment = Q()
    for spelling in spellings:
        in_note |= Q(title__icontains=spelling) | Q(body__icontains=spelling)
        in_comment |= Q(body__icontains=spelling)
    mentions: list[Mention] = []
    seen: set[tuple[int, int | None]] = set()
    last = 0
    scanned = Note.objects.filter(LISTED).count()
    while spellings:
        rows = list(
            Note.objects.filter(in_note, LISTED, pk__gt=last, insight_fact__isnull=False)
            .order_by("pk")
            .values_list("pk", "title", "body", "published_at")[:5000]
        )
        if not rows:
            break
        for pk, title, body, published_at in rows:
            seen.clear()
            for found in gaz.find(f"{title}\n{body}"):
                for key in {(found[0], None), found}:
                    if key not in seen:
                        seen.add(key)
                        mentions.append(
                            Mention(
                                note_id=pk,
                                brand_id=key[0],
                                product_id=key[1],
                                source=Mention.Source.NAME,
                                day=_day(published_at),
                            )
                        )
        last = rows[-1][0]
    comment_hits: dict[int, set[tuple[int, int | None]]] = {}
    last = 0
    while spellings:
        crow = list(
            Comment.objects.filter(
                in_comment, pk__gt=last, deleted_at__isnull=True, hidden_at__isnull=True
            )
            .order_by("pk")
            .values_list("pk", "note_id", "body")[:20000]
        )
        if not crow:
            break
        for _pk, note_id, body in crow:
            for found in gaz.find(body):
                comment_hits.setdefault(note_id, set()).update({(found[0], None), found})
        last = crow[-1][0]
    have = {(m.note_id, m.product_id) for m in mentions}
    if comment_hits:
        days = dict(
            NoteFact.objects.filter(note_id__in=list(comment_hits)).values_list("note_id", "day")
        )
        for note_id, keys in comment_hits.items():
            if note_id not in days:
                continue
            for brand_key, product_key in keys:
                if (note_id, product_key) not in have:
                    have.add((note_id, product_key))
                    mentions.append(
                        Mention(
                            note_id=note_id,
                            brand_id=brand_key,
                            product_id=product_key,
                            source=Mention.Source.NAME,
                            day=days[note_id],
                        )
                    )
    with transaction.atomic():
        Mention.objects.filter(brand_id=brand_id, source=Mention.Source.NAME).delete()
        Mention.objects.bulk_create(mentions, batch_size=5000)
        recompute_aggregates(None, brand_ids=[brand_id])
    return {"notes": scanned, "mentions": len(mentions)}
