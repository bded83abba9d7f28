import pytest

from grassroots.notes.models import Note
from grassroots.notes.tests.factories import NoteFactory, NoteImageFactory

pytestmark = pytest.mark.django_db


def test_note_factory_defaults_to_a_listed_public_note():
    note = NoteFactory.create(category="food-wine", topics=["红酒", "wine"])
    assert note.is_listed and note.status == Note.Status.PUBLISHED
    assert note.published_at == note.created_at == note.updated_at
    assert note.top_category is not None and note.top_category.slug == "food"
    assert [t.name for t in note.topics.all()] == ["红酒", "wine"]


def test_draft_and_private_traits_are_not_listed():
    assert not NoteFactory(draft=True).is_listed
    assert NoteFactory(draft=True).published_at is None
    assert not NoteFactory(private=True).is_listed


def test_note_image_factory():
    image = NoteImageFactory.create()
    assert image.note.images.count() == 1
