"""Reads about members: lookups by name, follower lists, follow states for a viewer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from grassroots.accounts.models import ApiToken, Follow, User
from grassroots.core.errors import DomainError, NotFound
from grassroots.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor

# What a user row (lists, cards, comments) shows; everything else stays deferred.
USER_ROW_FIELDS = (
    "id",
    "username",
    "display_name",
    "avatar",
    "bio",
    "followers_count",
    "notes_count",
)


def users_by_username_ci(username: str) -> QuerySet[User]:
    """Users whose name equals `username` ignoring case (at most one: see the constraint)."""
    # Filtering on Lower(username) uses the user_username_ci_unique index on both databases.
    return User.objects.alias(username_lower=Lower("username")).filter(
        username_lower=username.strip().lower()
    )


def user_by_username(username: str) -> User:
    """The active member called `username` (any case), or NotFound."""
    if not username or len(username) > 150:
        raise NotFound(_("This user does not exist."))
    user = users_by_username_ci(username).filter(is_active=True).first()
    if user is None:
        raise NotFound(_("This user does not exist."))
    return user


def _follow_cursor_filter(cursor: str | None) -> Q:
    values = decode_cursor(cursor, 2)
    if values is None:
        return Q()
    created_raw, follow_id = values
    if not isinstance(created_raw, str) or not isinstance(follow_id, int):
        raise DomainError("bad_cursor", _("The page cursor is not valid."))
    try:
        created_at = datetime.fromisoformat(created_raw)
    except ValueError as exc:
        raise DomainError("bad_cursor", _("The page cursor is not valid.")) from exc
    return Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=follow_id)


def _follow_page(
    *, side: str, other_side: str, user: User, cursor: str | None, limit: int | None
) -> Page[User]:
    size = clamp_limit(limit)
    fields = [side, "created_at", *(f"{side}__{name}" for name in USER_ROW_FIELDS)]
    rows = list(
        Follow.objects.filter(**{other_side: user, f"{side}__is_active": True})
        .filter(_follow_cursor_filter(cursor))
        .select_related(side)
        .only(*fields)
        .order_by("-created_at", "-id")[: size + 1]
    )
    next_cursor = None
    if len(rows) > size:
        last = rows[size - 1]
        next_cursor = encode_cursor([last.created_at.isoformat(), last.pk])
        rows = rows[:size]
    people: list[User] = []
    for row in rows:
        person: User = getattr(row, side)
        person.followed_at = row.created_at  # type: ignore[attr-defined]
        people.append(person)
    return Page(items=people, next_cursor=next_cursor)


def followers_page(
    *, user: User, cursor: str | None = None, limit: int | None = None
) -> Page[User]:
    """People following `user`, most recent first."""
    return _follow_page(
        side="follower", other_side="followee", user=user, cursor=cursor, limit=limit
    )


def following_page(
    *, user: User, cursor: str | None = None, limit: int | None = None
) -> Page[User]:
    """People `user` follows, most recent first."""
    return _follow_page(
        side="followee", other_side="follower", user=user, cursor=cursor, limit=limit
    )


def followed_ids(*, viewer: Any, user_ids: Iterable[int]) -> set[int]:
    """Which of `user_ids` the viewer follows; one query, none for anonymous viewers."""
    ids = {int(pk) for pk in user_ids}
    if viewer is None or not viewer.is_authenticated or not ids:
        return set()
    return set(
        Follow.objects.filter(follower_id=viewer.pk, followee_id__in=ids).values_list(
            "followee_id", flat=True
        )
    )


def is_following(*, viewer: Any, user: User) -> bool:
    if viewer is None or not viewer.is_authenticated or viewer.pk == user.pk:
        return False
    return Follow.objects.filter(follower_id=viewer.pk, followee_id=user.pk).exists()


def tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
