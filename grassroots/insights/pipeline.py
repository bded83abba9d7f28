"""The insight jobs: keep the facts and aggregates current, or rebuild them.

- `update()`: the background job (run by ``grassroots insights_update`` and the `serve` loop):
  notes queued by the actions (insights/queue.py: edits, hides, deletes, comments) plus newly
  published notes past the watermark over (published_at, id); every `DISCOVER_EVERY`
  unassigned opinion sentences, a discovery pass finds new themes among them.
- `rebuild(brand=None)`: everything from scratch; with a brand, only that brand's mentions
  and aggregate rows (its facts are brand-independent).
- `recluster()`: discover every theme again from the stored facts, then re-aggregate.
The work itself: insights.facts (`process_notes`, analysis of notes into facts),
insights.aggregates (aggregate rows), insights.themes (theme discovery). See docs/insights.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from grassroots.engagement.models import Comment
from grassroots.insights import clustering, gazetteer
from grassroots.insights.aggregates import recompute_aggregates
from grassroots.insights.facts import process_notes, utc_day
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
from grassroots.insights.themes import IDF_STATE, assign_unassigned, discover_themes, theme_index
from grassroots.notes.models import LISTED, Note

BATCH = 500
DISCOVER_EVERY = 2000
DISCOVER_SECONDS = 600
WATERMARK = "watermark"


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
                                day=utc_day(published_at),
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
