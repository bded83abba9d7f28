"""Writes about members: sign-up, log-in checks, profile, password, follows, API tokens."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils.translation import gettext as _

from grassroots.accounts.auth import hash_token
from grassroots.accounts.models import ApiToken, Follow, User
from grassroots.accounts.queries import users_by_username_ci
from grassroots.accounts.ratelimit import (
    LOGIN_FAILURES,
    LOGIN_FAILURES_PER_IP,
    SIGNUPS_PER_IP,
    client_ip,
)
from grassroots.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    RateLimited,
    ValidationFailed,
)

USERNAME_RE = re.compile(r"[A-Za-z0-9_]{3,30}")
# Names that would let someone pass for the site itself.
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "staff", "support", "system", "grassroots", "moderator"}
)
MAX_TOKENS_PER_USER = 50
_CONTROL_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


class BadCredentials(DomainError):
    """Wrong username or password: one answer whether or not the account exists."""

    status = 401

    def __init__(self) -> None:
        super().__init__("bad_credentials", _("Wrong username or password."))


# --- input cleaning -----------------------------------------------------------------------


def _clean_line(value: str, *, field: str, max_length: int, label: str) -> str:
    """One line of text: NFC, control characters dropped, whitespace collapsed, capped."""
    text = _CONTROL_CHARS.sub("", unicodedata.normalize("NFC", str(value)))
    text = " ".join(text.split())
    if len(text) > max_length:
        raise ValidationFailed(
            "too_long",
            _("%(label)s can be at most %(max)d characters.") % {"label": label, "max": max_length},
            field=field,
        )
    return text


def _clean_bio(value: str) -> str:
    text = _CONTROL_CHARS.sub("", unicodedata.normalize("NFC", str(value)))
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > 200:
        raise ValidationFailed(
            "too_long", _("Bio can be at most %(max)d characters.") % {"max": 200}, field="bio"
        )
    return text


def _clean_username(username: str) -> str:
    name = str(username).strip()
    if not USERNAME_RE.fullmatch(name):
        raise ValidationFailed(
            "bad_username",
            _("Use 3–30 letters, digits or underscores."),
            field="username",
        )
    if name.lower() in RESERVED_USERNAMES:
        raise Conflict("username_taken", _("This username is taken."), field="username")
    return name


def _clean_email(email: str) -> str:
    address = str(email).strip()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationFailed(
            "bad_email", _("Enter a valid email address."), field="email"
        ) from exc
    return User.objects.normalize_email(address)


def _check_password_strength(password: str, *, user: User, field: str) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationFailed("weak_password", " ".join(exc.messages), field=field) from exc


def _choice(value: str, choices: Any, *, field: str) -> str:
    if value not in choices.values:
        raise ValidationFailed("bad_choice", _("Choose one of the options."), field=field)
    return value


# --- accounts -----------------------------------------------------------------------------


@transaction.atomic
def user_signup(
    *,
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Create a member. Username: 3–30 of [A-Za-z0-9_], unique ignoring case.

    `request` (optional) applies the per-address sign-up limit.
    """
    if request is not None:
        ip = client_ip(request)
        if SIGNUPS_PER_IP.exceeded(ip):
            raise RateLimited()
    name = _clean_username(username)
    address = _clean_email(email)
    shown = _clean_line(display_name, field="display_name", max_length=30, label=_("Name"))
    candidate = User(username=name, email=address, display_name=shown)
    _check_password_strength(str(password), user=candidate, field="password")
    if users_by_username_ci(name).exists():
        raise Conflict("username_taken", _("This username is taken."), field="username")
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=name, email=address, password=str(password), display_name=shown
            )
    except IntegrityError as exc:  # a concurrent sign-up took the name first
        raise Conflict("username_taken", _("This username is taken."), field="username") from exc
    if request is not None:
        SIGNUPS_PER_IP.hit(client_ip(request))
    return user


def user_authenticate(*, request: HttpRequest | None, username: str, password: str) -> User:
    """Check credentials under the log-in rate limit; BadCredentials for any failure.

    Unknown and known accounts get the same error and (through Django's backend, which
    hashes the password for unknown names too) take about the same time.
    """
    ip = client_ip(request)
    typed = str(username).strip()[:150]
    key = typed.lower()
    if LOGIN_FAILURES.exceeded(key, ip) or LOGIN_FAILURES_PER_IP.exceeded(ip):
        raise RateLimited()
    canonical = (
        users_by_username_ci(typed).values_list("username", flat=True).first() if typed else None
    )
    user = authenticate(request, username=canonical or typed, password=str(password))
    if user is None:
        LOGIN_FAILURES.hit(key, ip)
        LOGIN_FAILURES_PER_IP.hit(ip)
        raise BadCredentials()
    LOGIN_FAILURES.reset(key, ip)
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Set a new password after checking the current one and the password rules."""
    if not user.check_password(str(old_password)):
        raise ValidationFailed(
            "wrong_password", _("Your current password is not correct."), field="old_password"
        )
    _check_password_strength(str(new_password), user=user, field="new_password")
    user.set_password(str(new_password))
    user.save(update_fields=["password"])


@transaction.atomic
def password_reset_complete(*, user: User, new_password: str) -> int:
    """Set the password chosen through a reset link and revoke every API token.

    A reset is how a member takes back an account someone else may hold, so tokens made
    before it stop working. Returns how many tokens were revoked.
    """
    _check_password_strength(str(new_password), user=user, field="new_password1")
    user.set_password(str(new_password))
    user.save(update_fields=["password"])
    revoked, _counts = ApiToken.objects.filter(user=user).delete()
    return revoked


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str | None = None,
    bio: str | None = None,
    place: str | None = None,
    gender: str | None = None,
    age_range: str | None = None,
    avatar: Any = None,
    remove_avatar: bool = False,
) -> User:
    """Change profile fields; None leaves a field as it is. `avatar` is an upload.

    The old avatar file is deleted only after the change commits.
    """
    changes: dict[str, str] = {}
    if display_name is not None:
        changes["display_name"] = _clean_line(
            display_name, field="display_name", max_length=30, label=_("Name")
        )
    if bio is not None:
        changes["bio"] = _clean_bio(bio)
    if place is not None:
        changes["place"] = _clean_line(place, field="place", max_length=40, label=_("Place"))
    if gender is not None:
        changes["gender"] = _choice(gender, User.Gender, field="gender")
    if age_range is not None:
        changes["age_range"] = _choice(age_range, User.AgeRange, field="age_range")

    old_avatar = user.avatar
    new_avatar = ""
    if avatar is not None:
        from grassroots.core.images import ImageRejected, store_avatar

        try:
            new_avatar = store_avatar(avatar, user_id=user.pk)
        except ImageRejected as exc:
            raise ValidationFailed(exc.code, exc.message, field="avatar") from exc
        changes["avatar"] = new_avatar
    elif remove_avatar:
        changes["avatar"] = ""

    if not changes:
        return user
    for name, value in changes.items():
        setattr(user, name, value)
    try:
        user.save(update_fields=list(changes))
    except Exception:
        if new_avatar:  # the row was not written: the new file would be an orphan
            _delete_files([new_avatar])
        raise
    if "avatar" in changes and old_avatar and old_avatar != changes["avatar"]:
        transaction.on_commit(lambda: _delete_files([old_avatar]))
    return user


def _delete_files(paths: list[str]) -> None:
    from grassroots.core.images import delete_stored_files

    delete_stored_files(paths)


@transaction.atomic
def users_set_active(*, user_ids: list[int], active: bool) -> int:
    """Staff: suspend or restore accounts. Suspended users cannot log in or use tokens."""
    return User.objects.filter(pk__in=user_ids, is_superuser=False).update(is_active=active)


# --- follows ------------------------------------------------------------------------------


def _bump_follow_counters(*, follower_id: int, followee_id: int, delta: int) -> None:
    # Lock rows in a fixed order (lower id first) so that A→B and B→A at once cannot deadlock.
    updates = sorted(
        [(follower_id, "following_count"), (followee_id, "followers_count")], key=lambda u: u[0]
    )
    for user_id, field in updates:
        if delta > 0:
            value: Any = F(field) + delta
        else:
            value = Greatest(F(field) + delta, Value(0))
        User.objects.filter(pk=user_id).update(**{field: value})


@transaction.atomic
def follow_user(*, follower: User, followee: User) -> bool:
    """Follow someone; True when this created the follow (repeats change nothing)."""
    if follower.pk == followee.pk:
        raise DomainError("follow_self", _("You cannot follow yourself."))
    if not followee.is_active:
        raise NotFound(_("This user does not exist."))
    try:
        with transaction.atomic():
            Follow.objects.create(follower=follower, followee=followee)
    except IntegrityError:  # already following (unique constraint), possibly a concurrent click
        return False
    _bump_follow_counters(follower_id=follower.pk, followee_id=followee.pk, delta=1)
    from grassroots.engagement.actions import notification_create

    notification_create(recipient=followee, actor=follower, kind="follow")
    return True


@transaction.atomic
def unfollow_user(*, follower: User, followee: User) -> bool:
    """Stop following; True when a follow was removed."""
    deleted, _counts = Follow.objects.filter(follower=follower, followee=followee).delete()
    if not deleted:
        return False
    _bump_follow_counters(follower_id=follower.pk, followee_id=followee.pk, delta=-1)
    return True


# --- API tokens -----------------------------------------------------------------------------


@transaction.atomic
def token_create(*, user: User, name: str = "api") -> tuple[ApiToken, str]:
    """A new API token; returns the row and the plaintext key, which is never stored."""
    label = _clean_line(name or "api", field="name", max_length=50, label=_("Name")) or "api"
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise Conflict(
            "too_many_tokens",
            _("You have too many API tokens; revoke one first."),
            field="name",
        )
    plaintext = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=label, key_hash=hash_token(plaintext), prefix=plaintext[:8]
    )
    return token, plaintext


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> None:
    """Delete one of the user's tokens; NotFound for someone else's."""
    deleted, _counts = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise NotFound(_("No such token."))


@transaction.atomic
def token_revoke_by_key(*, user: User, key: str) -> bool:
    """Delete the token whose plaintext is `key` (the one a request came with)."""
    deleted, _counts = ApiToken.objects.filter(user=user, key_hash=hash_token(key)).delete()
    return bool(deleted)
