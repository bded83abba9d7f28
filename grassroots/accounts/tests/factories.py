"""Factories for accounts. Other apps import UserFactory from here."""

from __future__ import annotations

from typing import Any

import factory

from grassroots.accounts.models import ApiToken, Follow, User

DEFAULT_PASSWORD = "pass-word-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a usable password (DEFAULT_PASSWORD unless `password=` is given)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:  # noqa: N805
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class FollowFactory(factory.django.DjangoModelFactory):
    """A raw Follow row (counters untouched); use accounts.actions.follow_user for real follows."""

    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    followee = factory.SubFactory(UserFactory)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "test"
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    prefix = factory.Sequence(lambda n: f"{n:08x}")
