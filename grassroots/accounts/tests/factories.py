"""Factories for accounts. Other apps import UserFactory from here.

`UserFactory()` makes a saved user whose password is DEFAULT_PASSWORD (or `password=`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import factory

from grassroots.accounts.models import ApiToken, Follow, User

DEFAULT_PASSWORD = "pass-word-123"

ModelT = TypeVar("ModelT")


class ModelMaker(Protocol[ModelT]):
    """How mypy sees a factory: calling it returns a model instance (factory_boy is untyped)."""

    def __call__(self, **kwargs: Any) -> ModelT: ...
    def create(self, **kwargs: Any) -> ModelT: ...
    def build(self, **kwargs: Any) -> ModelT: ...
    def create_batch(self, size: int, **kwargs: Any) -> list[ModelT]: ...
    def build_batch(self, size: int, **kwargs: Any) -> list[ModelT]: ...
    def reset_sequence(self, value: int | None = None, force: bool = False) -> None: ...


class _UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class _FollowFactory(factory.django.DjangoModelFactory[Follow]):
    """A raw Follow row (counters untouched); use accounts.actions.follow_user for real follows."""

    class Meta:
        model = Follow

    follower = factory.SubFactory(_UserFactory)
    followee = factory.SubFactory(_UserFactory)


class _ApiTokenFactory(factory.django.DjangoModelFactory[ApiToken]):
    """A token row with a random hash (no usable key); use accounts.actions.token_create."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(_UserFactory)
    name = "test"
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    prefix = factory.Sequence(lambda n: f"{n:08x}")


if TYPE_CHECKING:
    UserFactory: ModelMaker[User]
    FollowFactory: ModelMaker[Follow]
    ApiTokenFactory: ModelMaker[ApiToken]
else:
    UserFactory = _UserFactory
    FollowFactory = _FollowFactory
    ApiTokenFactory = _ApiTokenFactory
