"""API shapes for users, shared by every app that shows an author."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Schema


class UserBrief(Schema):
    id: int
    username: str
    display_name: str
    avatar_url: str | None

    @staticmethod
    def resolve_display_name(obj: Any) -> str:
        return str(obj.display_name or obj.username)

    @staticmethod
    def resolve_avatar_url(obj: Any) -> str | None:
        if not obj.avatar:
            return None
        from grassroots.accounts.templatetags.accounts_tags import avatar_version_of

        # Versioned: the file name changes with every upload, so clients may cache it for good.
        url = reverse("accounts:avatar", args=[obj.username])
        return f"{url}?v={avatar_version_of(obj.avatar)}"


class UserRowOut(UserBrief):
    """A user in follower/following lists."""

    bio: str
    followers_count: int
    is_following: bool

    @staticmethod
    def resolve_is_following(obj: Any) -> bool:
        return bool(getattr(obj, "is_following", False))


class UserPage(Schema):
    items: list[UserRowOut]
    next_cursor: str | None = None


class UserProfileOut(UserBrief):
    """A public profile with its counts and the viewer's relation to it."""

    bio: str
    place: str
    gender: str
    age_range: str
    followers_count: int
    following_count: int
    notes_count: int
    likes_collects_received: int
    is_following: bool
    is_self: bool
    url: str

    @staticmethod
    def resolve_is_following(obj: Any) -> bool:
        return bool(getattr(obj, "is_following", False))

    @staticmethod
    def resolve_is_self(obj: Any) -> bool:
        return bool(getattr(obj, "is_self", False))

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("accounts:profile", args=[obj.username])


class MeOut(UserProfileOut):
    """The signed-in member's own profile: adds private account fields."""

    email: str
    date_joined: datetime


class ProfilePatchIn(Schema):
    """Profile fields a member may change; anything else in the body is ignored."""

    display_name: str | None = None
    bio: str | None = None
    place: str | None = None
    gender: str | None = None
    age_range: str | None = None


class SignupIn(Schema):
    username: str
    email: str
    password: str
    display_name: str = ""


class TokenRequestIn(Schema):
    username: str
    password: str
    name: str = "api"


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The bearer key. Shown once; only its hash is stored.")


class SignupOut(Schema):
    user: MeOut
    token: TokenCreatedOut


class FollowStateOut(Schema):
    following: bool
    followers_count: int
