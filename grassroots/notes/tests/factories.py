"""Factories for notes. Other apps import NoteFactory (and image_bytes) from here.

Factories write raw rows: counters (author.notes_count, Topic.note_count) and derived fields
are set directly, not through notes.actions. Tests of counters publish through the actions.
"""

from __future__ import annotations

import io
from typing import Any

import factory
from django.utils import timezone
from PIL import Image

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.models import Category, Note, NoteImage, NoteTopic, Topic


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    color: tuple[int, int, int] | str = (200, 60, 80),
    **save_kwargs: Any,
) -> bytes:
    """A small real image file in the given Pillow format (JPEG, PNG, WEBP, GIF, HEIF…)."""
    picture = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    picture.save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"topic{n}")


class NoteFactory(factory.django.DjangoModelFactory[Note]):
    """A published, public, listed text-only note, created now.

    `category="food-wine"` (a slug) picks a shipped category and sets top_category;
    `topics=[...]` (names or Topic objects) attaches topics.
    """

    class Meta:
        model = Note
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Note {n}")
    body = factory.Sequence(lambda n: f"Body of note {n}.")
    visibility = Note.Visibility.PUBLIC
    status = Note.Status.PUBLISHED
    is_listed = factory.LazyAttribute(
        lambda o: (
            o.status == Note.Status.PUBLISHED
            and o.visibility == Note.Visibility.PUBLIC
            and o.deleted_at is None
            and o.hidden_at is None
        )
    )
    deleted_at = None
    hidden_at = None
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)
    published_at = factory.LazyAttribute(
        lambda o: o.created_at if o.status == Note.Status.PUBLISHED else None
    )

    class Params:
        draft = factory.Trait(status=Note.Status.DRAFT)
        private = factory.Trait(visibility=Note.Visibility.PRIVATE)

    @classmethod
    def _create(cls, model_class: type[Note], *args: Any, **kwargs: Any) -> Note:
        category = kwargs.pop("category", None)
        if isinstance(category, str):
            category = Category.objects.select_related("parent").get(slug=category)
        if category is not None:
            kwargs["category"] = category
            kwargs.setdefault("top_category", category.parent or category)
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def topics(obj: Note, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if not create or not extracted:
            return
        for position, item in enumerate(extracted):
            topic = item if isinstance(item, Topic) else TopicFactory.create(name=item)
            NoteTopic.objects.create(note=obj, topic=topic, position=position)


class NoteImageFactory(factory.django.DjangoModelFactory[NoteImage]):
    """A NoteImage row pointing at storage paths that do not exist (no files written).

    For real files publish through notes.actions.note_publish(images=[image_bytes()]).
    """

    class Meta:
        model = NoteImage

    note = factory.SubFactory(NoteFactory)
    position = factory.Sequence(lambda n: n)
    width = 1080
    height = 1440
    large = factory.LazyAttribute(lambda o: f"notes/{o.note.pk}/{o.position}-large.webp")
    medium = factory.LazyAttribute(lambda o: f"notes/{o.note.pk}/{o.position}-medium.webp")
    thumb = factory.LazyAttribute(lambda o: f"notes/{o.note.pk}/{o.position}-thumb.webp")
    alt_text = ""
