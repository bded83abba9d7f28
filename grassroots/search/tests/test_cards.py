"""grassroots.search.cards builds the API's note objects without the schema: they must stay
exactly what NoteOut (grassroots.notes.schemas) returns for the same notes."""

import json

import pytest
from django.test import Client
from ninja.responses import NinjaJSONEncoder

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.models import Note
from grassroots.notes.queries import with_detail_relations
from grassroots.notes.schemas import NoteOut
from grassroots.notes.tests.factories import NoteFactory, NoteImageFactory
from grassroots.search.cards import note_cards
from grassroots.search.tests.helpers import index_all, publish

pytestmark = pytest.mark.django_db


def as_json(data):
    return json.loads(json.dumps(data, cls=NinjaJSONEncoder))


def schema_out(note_ids):
    notes = with_detail_relations(Note.objects.filter(pk__in=note_ids))
    return {note.pk: as_json(NoteOut.from_orm(note).dict()) for note in notes}


def test_cards_equal_note_out_for_every_kind_of_note():
    plain = publish("红酒", "开了的红酒能放多久")
    rich = publish(
        "推车",
        "#婴儿车 推车上飞机",
        topics=["带娃出行"],
        category="food-wine",
        place_name="首都机场",
        place_city="北京",
        external_id="ext-1",
    )
    NoteImageFactory(note=rich, position=1, alt_text="second")
    NoteImageFactory(note=rich, position=0, alt_text="first")
    named = UserFactory(display_name="")
    third = NoteFactory.create(author=named, category="food")
    ids = [plain.pk, rich.pk, third.pk]
    cards = {note_id: as_json(card) for note_id, card in note_cards(ids).items()}
    assert cards == schema_out(ids)
    assert [image["alt_text"] for image in cards[rich.pk]["images"]] == ["first", "second"]
    # Field order too: clients see the same JSON.
    assert list(cards[rich.pk]) == list(schema_out([rich.pk])[rich.pk])


def test_cards_skip_notes_that_are_not_listed():
    listed = NoteFactory.create()
    hidden = NoteFactory.create(private=True)
    draft = NoteFactory.create(draft=True)
    assert set(note_cards([listed.pk, hidden.pk, draft.pk, 999_999])) == {listed.pk}
    assert note_cards([]) == {}


def test_api_items_are_note_out_plus_hit_fields():
    note = publish("红酒", "开了的红酒放三个月还能喝吗", topics=["葡萄酒"])
    index_all()
    item = Client().get("/api/search/notes", {"q": "红酒"}).json()["items"][0]
    expected = schema_out([note.pk])[note.pk]
    assert {key: item[key] for key in expected} == expected
    assert list(item)[: len(expected)] == list(expected)
    assert set(item) - set(expected) == {"snippet", "answer", "score"}


def test_api_drops_a_note_unlisted_after_indexing():
    note = publish("红酒", "开了的红酒")
    index_all()
    Note.objects.filter(pk=note.pk).update(is_listed=False)  # the index has not caught up
    body = Client().get("/api/search/notes", {"q": "红酒"}).json()
    assert body["items"] == []
    assert body["total"] == 0
