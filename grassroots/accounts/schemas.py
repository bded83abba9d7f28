"""API shapes for users, shared by every app that shows an author."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import Schema


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
        return reverse("accounts:avatar", args=[obj.username])
