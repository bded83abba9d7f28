"""Writes that only the importer needs. Everything else goes through the owning app's actions."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from grassroots.accounts.actions import RESERVED_USERNAMES, profile_update
from grassroots.accounts.models import User
from grassroots.accounts.queries import users_by_username_ci
from grassroots.core.errors import Conflict, ValidationFailed

# Sign-up asks for 3–30 characters; imported communities keep shorter names ("li") they had.
IMPORT_USERNAME_RE = re.compile(r"[A-Za-z0-9_]{1,30}")


@transaction.atomic
def user_import(
    *,
    username: str,
    display_name: str = "",
    bio: str = "",
    place: str = "",
    gender: str = "",
    age_range: str = "",
    avatar: Any = None,
) -> tuple[User, bool]:
    """The member `username`, created (with an unusable password) when missing.

    An imported member cannot log in until they reset their password or an operator sets
    one. An existing member (same username, ignoring case) is returned unchanged: importing
    the same file twice changes nothing. Returns (user, created).
    """
    name = str(username or "").strip()
    if not IMPORT_USERNAME_RE.fullmatch(name):
        raise ValidationFailed(
            "bad_username", _("Use 1–30 letters, digits or underscores."), field="username"
        )
    existing = users_by_username_ci(name).first()
    if existing is not None:
        return existing, False
    if name.lower() in RESERVED_USERNAMES:
        raise Conflict("username_taken", _("This username is reserved."), field="username")
    try:
        with transaction.atomic():
            user = User(username=name)
            user.set_unusable_password()
            user.save()
    except IntegrityError as exc:
        raise Conflict("username_taken", _("This username is taken."), field="username") from exc
    profile_update(
        user=user,
        display_name=display_name,
        bio=bio,
        place=place,
        gender=gender,
        age_range=age_range,
        avatar=avatar,
    )
    return user, True
