"""Analysis of notes into insight facts: `process_notes(ids)` (re)analyses notes — their facts
are deleted and, for notes that are still listed, written again from the note and its visible
comments (NoteFact, SentenceFact, Mention); the aggregate rows of every day they touched are
recomputed from the facts (insights.aggregates). The jobs that call it are in insights.pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from grassroots.engagement.models import Comment
from grassroots.insights import clustering, gazetteer
from grassroots.insights.aggregates import recompute_aggregates
from grassroots.insights.analysis import analyse, split_sentences
from grassroots.insights.models import Mention, NoteFact, SentenceFact
from grassroots.insights.themes import theme_index
from grassroots.notes.models import LISTED, Note, NoteMention
from grassroots.text import normalize


def utc_day(moment: Any) -> date:
    """The UTC day of a datetime."""
    value: date = moment.astimezone(UTC).date()
    return value


def _rows(query: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in query]


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
        day = utc_day(note["published_at"])
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
                day=utc_day(moment),
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
                day=utc_day(note["published_at"]),
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
