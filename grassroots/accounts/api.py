"""Accounts API: sign-up, tokens, the member's own profile, public profiles and follows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from grassroots.accounts import actions, queries
from grassroots.accounts.auth import TokenAuth
from grassroots.accounts.models import ApiToken, User
from grassroots.accounts.schemas import (
    FollowStateOut,
    MeOut,
    ProfilePatchIn,
    SignupIn,
    SignupOut,
    TokenCreatedOut,
    TokenOut,
    TokenRequestIn,
    UserPage,
    UserProfileOut,
)
from grassroots.core.errors import DomainError, ValidationFailed
from grassroots.orders.actions import on_login as orders_on_login

router = Router(tags=["accounts"])


def anyone(request: HttpRequest) -> bool:
    """Optional authentication: after TokenAuth, let anonymous readers through."""
    return True


# Public reads: a bearer token identifies the viewer when sent; a browser session is read by
# Django's middleware anyway; otherwise the viewer is anonymous.
PUBLIC = [TokenAuth(), anyone]


def _me(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _token_created(token: ApiToken, plaintext: str) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "token": plaintext,
    }


def _as_self(user: User) -> User:
    user.is_self = True  # type: ignore[attr-defined]
    user.is_following = False  # type: ignore[attr-defined]
    return user


# --- sign-up and tokens -------------------------------------------------------------------


@router.post("/auth/signup", auth=None, response={201: SignupOut}, summary="Create an account")
def signup(request: HttpRequest, payload: SignupIn) -> Status[dict[str, Any]]:
    """Create an account and return it with a first API token."""
    user = actions.user_signup(
        username=payload.username,
        email=payload.email,
        password=payload.password,
        display_name=payload.display_name,
        request=request,
    )
    token, plaintext = actions.token_create(user=user, name="signup")
    return Status(201, {"user": _as_self(user), "token": _token_created(token, plaintext)})


@router.post(
    "/auth/tokens", auth=None, response={201: TokenCreatedOut}, summary="Log in: get a token"
)
def token_obtain(request: HttpRequest, payload: TokenRequestIn) -> Status[dict[str, Any]]:
    """Exchange a username and password for a bearer token.

    Wrong credentials get one 401 answer whether or not the account exists; repeated
    failures get 429.
    """
    user = actions.user_authenticate(
        request=request, username=payload.username, password=payload.password
    )
    orders_on_login(request=request, user=user)  # a browser's guest cart, if it has a session
    token, plaintext = actions.token_create(user=user, name=payload.name)
    return Status(201, _token_created(token, plaintext))


@router.get("/auth/tokens", response=list[TokenOut], summary="My API tokens")
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(queries.tokens_for_user(user=_me(request)))


@router.delete("/auth/tokens", response={204: None}, summary="Revoke the token of this request")
def token_revoke_current(request: HttpRequest) -> Status[None]:
    """Log out a client: revokes the bearer token this request was made with."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise DomainError("no_token", _("This request was not made with a token."))
    actions.token_revoke_by_key(user=_me(request), key=key.strip())
    return Status(204, None)


@router.delete("/auth/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    actions.token_revoke(user=_me(request), token_id=token_id)
    return Status(204, None)


# --- me -----------------------------------------------------------------------------------


@router.get("/me", response=MeOut, summary="My profile")
def me(request: HttpRequest) -> User:
    return _as_self(_me(request))


@router.patch("/me", response=MeOut, summary="Change my profile")
def me_update(request: HttpRequest, payload: ProfilePatchIn) -> User:
    """Only the fields of ProfilePatchIn can change; staff flags, username etc. are ignored."""
    fields = payload.model_dump(exclude_unset=True)
    for name, value in fields.items():
        if value is None:
            raise ValidationFailed("invalid", _("This field cannot be null."), field=name)
    user = actions.profile_update(user=_me(request), **fields)
    return _as_self(user)


@router.post("/me/avatar", response=MeOut, summary="Upload my avatar")
def me_avatar(request: HttpRequest, avatar: File[UploadedFile]) -> User:
    """Multipart upload (field `avatar`): JPEG, PNG, WebP or HEIC; stored square as WebP."""
    user = actions.profile_update(user=_me(request), avatar=avatar)
    return _as_self(user)


@router.delete("/me/avatar", response=MeOut, summary="Remove my avatar")
def me_avatar_remove(request: HttpRequest) -> User:
    user = actions.profile_update(user=_me(request), remove_avatar=True)
    return _as_self(user)


# --- people -------------------------------------------------------------------------------


@router.get("/users/{username}", auth=PUBLIC, response=UserProfileOut, summary="A profile")
def user_profile(request: HttpRequest, username: str) -> User:
    person = queries.user_by_username(username)
    viewer = request.user
    person.is_self = viewer.is_authenticated and viewer.pk == person.pk  # type: ignore[attr-defined]
    person.is_following = queries.is_following(viewer=viewer, user=person)  # type: ignore[attr-defined]
    return person


def _follow_state(person: User, following: bool) -> dict[str, Any]:
    person.refresh_from_db(fields=["followers_count"])
    return {"following": following, "followers_count": person.followers_count}


@router.post("/users/{username}/follow", response=FollowStateOut, summary="Follow")
def user_follow(request: HttpRequest, username: str) -> dict[str, Any]:
    """Idempotent: following someone you already follow changes nothing."""
    person = queries.user_by_username(username)
    actions.follow_user(follower=_me(request), followee=person)
    return _follow_state(person, True)


@router.delete("/users/{username}/follow", response=FollowStateOut, summary="Unfollow")
def user_unfollow(request: HttpRequest, username: str) -> dict[str, Any]:
    person = queries.user_by_username(username)
    actions.unfollow_user(follower=_me(request), followee=person)
    return _follow_state(person, False)


def _people_page(request: HttpRequest, page: Any) -> dict[str, Any]:
    followed = queries.followed_ids(viewer=request.user, user_ids=[p.pk for p in page.items])
    for person in page.items:
        person.is_following = person.pk in followed
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/users/{username}/followers", auth=PUBLIC, response=UserPage, summary="Followers")
def user_followers(
    request: HttpRequest, username: str, cursor: str | None = None, limit: int = 20
) -> dict[str, Any]:
    person = queries.user_by_username(username)
    page = queries.followers_page(user=person, cursor=cursor, limit=limit)
    return _people_page(request, page)


@router.get("/users/{username}/following", auth=PUBLIC, response=UserPage, summary="Following")
def user_following(
    request: HttpRequest, username: str, cursor: str | None = None, limit: int = 20
) -> dict[str, Any]:
    person = queries.user_by_username(username)
    page = queries.following_page(user=person, cursor=cursor, limit=limit)
    return _people_page(request, page)
