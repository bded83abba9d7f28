"""Facts, mentions, themes and aggregates: built, kept current, never from hidden content."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands.models import Brand, BrandProduct
from grassroots.engagement.actions import (
    comment_create,
    comment_delete,
    comments_hide,
    comments_unhide,
    note_like,
)
from grassroots.insights import facts, pipeline
from grassroots.insights import queue as insights_queue
from grassroots.insights.models import (
    DailyStat,
    InsightQueue,
    Mention,
    NoteFact,
    SentenceFact,
    Theme,
)
from grassroots.notes.actions import note_delete, notes_hide
from grassroots.notes.models import Note, NoteMention
from grassroots.notes.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db

NECK = [
    "云宝推车没有头托，宝宝脖子歪，好心疼",
    "云宝推车推着走宝宝脖子歪，头总往一边倒，没有头托",
    "用了云宝推车才发现没有头托，宝宝脖子歪着睡",
]


def _note(text: str, days_ago: int = 3, **extra: Any) -> Note:
    moment = timezone.now() - timedelta(days=days_ago, hours=2)
    return NoteFactory.create(
        title=text[:20],
        body=text,
        category="parenting-strollers",
        created_at=moment,
        published_at=moment,
        **extra,
    )


@pytest.fixture
def brand() -> Brand:
    brand = Brand.objects.create(
        slug="yunbao", name="云宝", aliases=["Yunbao"], verified_at=timezone.now()
    )
    BrandProduct.objects.create(brand=brand, name="云宝推车", aliases=["yunbao stroller"])
    return brand


def _brand_notes(brand: Brand) -> int:
    return sum(
        DailyStat.objects.filter(dim="brand", key=brand.pk, theme_id=0).values_list(
            "notes", flat=True
        )
    )


def test_rebuild_analyses_listed_notes_only(brand: Brand) -> None:
    public = [_note(text) for text in NECK * 2]
    hidden = _note(NECK[0], hidden_at=timezone.now())
    private = _note(NECK[1], visibility=Note.Visibility.PRIVATE)
    result = pipeline.rebuild()
    assert result["notes"] == len(public)
    assert NoteFact.objects.count() == len(public)
    analysed = set(SentenceFact.objects.values_list("note_id", flat=True))
    assert analysed <= {note.pk for note in public}
    assert hidden.pk not in analysed and private.pk not in analysed
    # Every public note names the product: a brand row and a product row each.
    assert Mention.objects.filter(brand=brand, product__isnull=True).count() == len(public)
    assert Mention.objects.filter(brand=brand, product__isnull=False).count() == len(public)
    assert _brand_notes(brand) == len(public)
    theme = (
        Theme.objects.filter(sentences__text__contains="头托", kind="pain_point").distinct().first()
    )
    assert theme is not None and theme.label
    assert SentenceFact.objects.filter(theme=theme).count() >= 3


def test_alias_and_account_mentions(brand: Brand) -> None:
    account = UserFactory(username="yunbao_official")
    brand.account = account
    brand.save()
    by_alias = _note("The Yunbao stroller folds small")
    by_account = _note("今天出门遛娃")
    NoteMention.objects.create(note=by_account, user=account)
    facts.process_notes([by_alias.pk, by_account.pk])
    sources = dict(Mention.objects.filter(product__isnull=True).values_list("note_id", "source"))
    assert sources == {by_alias.pk: "name", by_account.pk: "account"}


def test_hidden_and_deleted_notes_leave_facts_and_aggregates(brand: Brand) -> None:
    notes = [_note(text) for text in NECK]
    pipeline.rebuild()
    assert _brand_notes(brand) == 3
    staff = UserFactory(is_staff=True)
    notes_hide(note_ids=[notes[0].pk], actor=staff)
    note_delete(note=notes[1], actor=notes[1].author)
    assert InsightQueue.objects.count() >= 2
    pipeline.update()
    assert not InsightQueue.objects.exists()
    assert set(NoteFact.objects.values_list("note_id", flat=True)) == {notes[2].pk}
    assert not SentenceFact.objects.filter(note_id__in=[notes[0].pk, notes[1].pk]).exists()
    assert _brand_notes(brand) == 1


def test_new_notes_and_comments_are_picked_up_incrementally(brand: Brand) -> None:
    first = _note(NECK[0], days_ago=5)
    pipeline.rebuild()
    InsightQueue.objects.all().delete()
    later = _note(NECK[1], days_ago=1)  # published after the watermark
    assert pipeline.update() >= 1
    assert NoteFact.objects.filter(note=later).exists()
    comment_create(note=first, author=UserFactory(), body="要是云宝推车有头托就好了")
    pipeline.update()
    need = SentenceFact.objects.get(comment__isnull=False)
    assert need.note_id == first.pk and need.is_need
    assert _brand_notes(brand) == 2


def test_incremental_aggregates_match_a_rebuild(brand: Brand) -> None:
    for index, text in enumerate(NECK * 3):
        _note(text, days_ago=1 + index)
    pipeline.rebuild()
    backdated = [
        _note(text + "。还有，轮子太小了", days_ago=index) for index, text in enumerate(NECK)
    ]
    # Factory notes skip note_publish, which queues them; some are older than the watermark.
    insights_queue.notes_changed(note_ids=[note.pk for note in backdated])
    pipeline.update()
    hidden = Note.objects.order_by("pk").first()
    assert hidden is not None
    notes_hide(note_ids=[hidden.pk], actor=UserFactory(is_staff=True))
    pipeline.update()

    def note_rows() -> set[tuple[Any, ...]]:
        return set(
            DailyStat.objects.filter(theme_id=0).values_list(
                "dim", "key", "day", "notes", "sentences", "positive", "neutral", "negative"
            )
        )

    incremental = note_rows()
    pipeline.rebuild()
    assert note_rows() == incremental


def test_brand_rebuild_refinds_mentions_after_an_alias_change(brand: Brand) -> None:
    note = _note("新买的 CloudBao 推车很好推")
    pipeline.rebuild()
    assert not Mention.objects.filter(note=note).exists()
    brand.aliases = ["Yunbao", "CloudBao"]
    brand.save()
    result = pipeline.rebuild(brand_id=brand.pk)
    assert result["mentions"] >= 1
    assert Mention.objects.filter(note=note, brand=brand).exists()
    assert _brand_notes(brand) == 1


def test_discovery_on_update_finds_themes_in_a_small_community(brand: Brand) -> None:
    for text in NECK * 2:
        _note(text)
    pipeline.update()  # the first pass discovers (no discovery yet: it is due)
    assert SentenceFact.objects.filter(theme__isnull=False).exists()
    themes = Theme.objects.count()
    for text in NECK:
        _note(text.replace("宝宝", "小朋友"), days_ago=0)
    pipeline.update()  # few new sentences, last discovery just now: assigned, no discovery
    assert Theme.objects.count() == themes
    assert DailyStat.objects.filter(dim="brand", key=brand.pk).exclude(theme_id=0).exists()


def test_recluster_keeps_note_counts_and_finds_the_themes_again(brand: Brand) -> None:
    for text in NECK * 2:
        _note(text)
    pipeline.rebuild()
    before = set(DailyStat.objects.filter(theme_id=0).values_list("dim", "key", "day", "notes"))
    labels = set(Theme.objects.values_list("label", flat=True))
    result = pipeline.recluster()
    assert result["themes"] == len(labels)
    assert set(Theme.objects.values_list("label", flat=True)) == labels
    after = set(DailyStat.objects.filter(theme_id=0).values_list("dim", "key", "day", "notes"))
    assert after == before


def test_deleted_and_hidden_comments_leave_the_analysis(brand: Brand) -> None:
    note = _note("今天带宝宝出门", days_ago=2)
    wish = comment_create(note=note, author=UserFactory(), body="要是云宝推车有头托就好了")
    pipeline.update()
    assert SentenceFact.objects.filter(comment=wish).exists()

    staff = UserFactory(is_staff=True)
    comments_hide(comment_ids=[wish.pk], actor=staff)
    assert InsightQueue.objects.filter(note_id=note.pk).exists()
    pipeline.update()
    assert not SentenceFact.objects.filter(comment=wish).exists()

    comments_unhide(comment_ids=[wish.pk], actor=staff)
    pipeline.update()
    assert SentenceFact.objects.filter(comment=wish).exists()

    comment_delete(comment=wish, actor=wish.author)
    pipeline.update()
    assert not SentenceFact.objects.filter(comment=wish).exists()


def test_likes_queue_nothing(brand: Brand) -> None:
    note = _note(NECK[0])
    pipeline.update()
    note_like(user=UserFactory(), note=note)
    assert not InsightQueue.objects.exists()
