"""Account pages: sign-up, log-in/out, passwords, settings, profiles, follow lists, avatars."""

from __future__ import annotations

import logging
import mimetypes
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from grassroots.accounts import actions, queries
from grassroots.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ResetRequestForm,
    ResetSetPasswordForm,
    SignupForm,
    TokenForm,
    apply_domain_error,
)
from grassroots.accounts.models import User
from grassroots.accounts.ratelimit import (
    PASSWORD_RESETS_PER_EMAIL,
    PASSWORD_RESETS_PER_IP,
    client_ip,
)
from grassroots.accounts.templatetags.accounts_tags import avatar_version_of
from grassroots.core.errors import DomainError, RateLimited
from grassroots.orders.actions import on_login as orders_on_login

logger = logging.getLogger(__name__)

PROFILE_TABS = ("notes", "boards", "likes")
NOTES_PAGE_SIZE = 20
PEOPLE_PAGE_SIZE = 30


def _safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` target when it stays on this site; `fallback` otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(target)
    return fallback


def _login_redirect(request: HttpRequest) -> HttpResponse:
    """Send an anonymous visitor to log in (a full-page redirect for htmx too)."""
    login_url = reverse("accounts:login")
    if getattr(request, "htmx", False):
        target = request.headers.get("HX-Current-URL") or request.get_full_path()
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{login_url}?{urlencode({'next': target})}"
        return response
    return redirect_to_login(request.get_full_path(), login_url)


# --- sign-up, log-in, log-out -------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request, reverse("feed:discover")))
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = actions.user_signup(request=request, **form.cleaned_data)
            except RateLimited as exc:
                form.add_error(None, str(exc.message))
                status = 429
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                orders_on_login(request=request, user=user)  # guest cart and attribution
                messages.success(request, _("Welcome to Grassroots!"))
                return redirect(_safe_next(request, reverse("feed:discover")))
        else:
            status = 400
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request, reverse("feed:discover")))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = actions.user_authenticate(
                    request=request,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                )
            except DomainError as exc:  # BadCredentials (one message for all) or RateLimited
                form.add_error(None, str(exc.message))
                status = 429 if isinstance(exc, RateLimited) else 400
            else:
                login(request, user)
                orders_on_login(request=request, user=user)  # guest cart and attribution
                return redirect(_safe_next(request, reverse("feed:discover")))
        else:
            status = 400
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(reverse("feed:discover"))


@sensitive_post_parameters("old_password", "new_password")
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user: User = request.user  # type: ignore[assignment]
            try:
                actions.password_change(user=user, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                update_session_auth_hash(request, user)  # keep this session, end the others
                messages.success(request, _("Your password was changed."))
                return redirect("accounts:settings")
        else:
            status = 400
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


# --- password reset (Django's views, our templates, a mail limit) ---------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer for known and unknown addresses; mails are capped per address and IP."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = gettext_lazy("Reset your password")

    def form_valid(self, form: Any) -> HttpResponse:
        ip = client_ip(self.request)
        email = str(form.cleaned_data["email"]).strip().lower()
        if PASSWORD_RESETS_PER_IP.exceeded(ip) or PASSWORD_RESETS_PER_EMAIL.exceeded(email):
            # Still the normal answer: a different one would tell who has an account.
            logger.warning("password reset mail suppressed by the rate limit")
            return HttpResponseRedirect(str(self.success_url))
        PASSWORD_RESETS_PER_IP.hit(ip)
        PASSWORD_RESETS_PER_EMAIL.hit(email)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = gettext_lazy("Check your email")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = gettext_lazy("Choose a new password")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = gettext_lazy("Password changed")


# --- settings -----------------------------------------------------------------------------


def _settings_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, Any] = {
        "tokens": list(queries.tokens_for_user(user=user)),
        "token_form": TokenForm(),
        "new_token": None,
        "nav": "me",
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    initial = {
        "display_name": user.display_name,
        "bio": user.bio,
        "place": user.place,
        "gender": user.gender,
        "age_range": user.age_range,
    }
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.profile_update(
                    user=user,
                    display_name=data["display_name"],
                    bio=data["bio"],
                    place=data["place"],
                    gender=data["gender"],
                    age_range=data["age_range"],
                    avatar=data["avatar"] or None,
                    remove_avatar=data["remove_avatar"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Profile saved."))
                return redirect("accounts:settings")
        else:
            status = 400
    context = _settings_context(request, form=form)
    return render(request, "accounts/settings.html", context, status=status)


def _tokens_response(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    if getattr(request, "htmx", False):
        context = _settings_context(request, **extra)
        return render(request, "accounts/partials/_tokens.html", context, status=status)
    user: User = request.user  # type: ignore[assignment]
    context = _settings_context(request, form=_profile_form(user), **extra)
    return render(request, "accounts/settings.html", context, status=status)


def _profile_form(user: User) -> Form:
    return ProfileForm(
        initial={
            "display_name": user.display_name,
            "bio": user.bio,
            "place": user.place,
            "gender": user.gender,
            "age_range": user.age_range,
        }
    )


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_response(request, status=400, token_form=form)
    user: User = request.user  # type: ignore[assignment]
    try:
        token, plaintext = actions.token_create(user=user, name=form.cleaned_data["name"])
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _tokens_response(request, status=exc.status, token_form=form)
    # The key is shown in this response only; it is never stored in clear.
    return _tokens_response(request, status=201, new_token=plaintext, new_token_id=token.pk)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    actions.token_revoke(user=user, token_id=token_id)
    if getattr(request, "htmx", False):
        return _tokens_response(request)
    messages.success(request, _("Token revoked."))
    return redirect(reverse("accounts:settings") + "#tokens")


# --- profile ------------------------------------------------------------------------------


def _tab_page(*, tab: str, person: User, viewer: Any, cursor: str | None) -> dict[str, Any]:
    """The data of one profile tab, fetched by the owning app's query."""
    if tab == "boards":
        from grassroots.engagement.queries import boards_for_viewer

        return {"boards": boards_for_viewer(owner=person, viewer=viewer)}
    from grassroots.engagement.queries import liked_notes_page, viewer_note_states

    if tab == "likes":
        page = liked_notes_page(user=person, viewer=viewer, cursor=cursor, limit=NOTES_PAGE_SIZE)
    else:
        from grassroots.feed.queries import profile_notes_page

        page = profile_notes_page(
            author=person, viewer=viewer, cursor=cursor, limit=NOTES_PAGE_SIZE
        )
    liked_ids, _collected = viewer_note_states(
        viewer=viewer, note_ids=[note.pk for note in page.items]
    )
    return {"page": page, "liked_ids": liked_ids}


@vary_on_headers("HX-Request", "HX-Target")
@require_GET
def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = queries.user_by_username(username)
    if person.username != username:  # one address per person
        url = reverse("accounts:profile", args=[person.username])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    tab = request.GET.get("tab", "notes")
    if tab not in PROFILE_TABS:
        tab = "notes"
    cursor = request.GET.get("cursor") or None
    viewer = request.user
    context: dict[str, Any] = {
        "person": person,
        "tab": tab,
        "tabs": [
            ("notes", _("Notes")),
            ("boards", _("Boards")),
            ("likes", _("Likes")),
        ],
        "is_self": viewer.is_authenticated and viewer.pk == person.pk,
        "nav": "me" if viewer.is_authenticated and viewer.pk == person.pk else "",
    }
    context.update(_tab_page(tab=tab, person=person, viewer=viewer, cursor=cursor))
    htmx = getattr(request, "htmx", False)
    if htmx and cursor:
        return render(request, "feed/partials/_cards.html", context)
    if htmx and request.headers.get("HX-Target") == "profile-tab":
        return render(request, "accounts/partials/_profile_tab.html", context)
    context["following"] = queries.is_following(viewer=viewer, user=person)
    return render(request, "accounts/profile.html", context)


def _people_list(request: HttpRequest, username: str, *, kind: str) -> HttpResponse:
    person = queries.user_by_username(username)
    if person.username != username:
        return redirect(f"accounts:{kind}", person.username, permanent=True)
    cursor = request.GET.get("cursor") or None
    page_fn = queries.followers_page if kind == "followers" else queries.following_page
    page = page_fn(user=person, cursor=cursor, limit=PEOPLE_PAGE_SIZE)
    followed = queries.followed_ids(viewer=request.user, user_ids=[p.pk for p in page.items])
    context = {
        "person": person,
        "kind": kind,
        "people": page.items,
        "followed": followed,
        "next_cursor": page.next_cursor,
        "title": _("Followers") if kind == "followers" else _("Following"),
    }
    if getattr(request, "htmx", False) and cursor:
        return render(request, "accounts/partials/_user_rows_more.html", context)
    return render(request, "accounts/user_list.html", context)


@vary_on_headers("HX-Request")
@require_GET
def followers(request: HttpRequest, username: str) -> HttpResponse:
    return _people_list(request, username, kind="followers")


@vary_on_headers("HX-Request")
@require_GET
def following(request: HttpRequest, username: str) -> HttpResponse:
    return _people_list(request, username, kind="following")


@require_POST
def follow(request: HttpRequest, username: str) -> HttpResponse:
    """Follow or unfollow. The form says which (`action`), so a double click is harmless."""
    if not request.user.is_authenticated:
        return _login_redirect(request)
    viewer: User = request.user
    person = queries.user_by_username(username)
    wanted = request.POST.get("action")
    if wanted not in ("follow", "unfollow"):
        wanted = "unfollow" if queries.is_following(viewer=viewer, user=person) else "follow"
    if wanted == "follow":
        actions.follow_user(follower=viewer, followee=person)
    else:
        actions.unfollow_user(follower=viewer, followee=person)
    if getattr(request, "htmx", False):
        person.refresh_from_db(fields=["followers_count"])
        context = {
            "person": person,
            "following": wanted == "follow",
            "show_counts": bool(request.POST.get("show_counts")),
            "oob": True,  # also refresh the follower count on the profile header
            "next_url": _safe_next(request, ""),
        }
        return render(request, "accounts/partials/_follow_button.html", context)
    return redirect(_safe_next(request, reverse("accounts:profile", args=[person.username])))


@require_GET
def avatar(request: HttpRequest, username: str) -> FileResponse:
    """The stored avatar. Versioned URLs (?v=…) are cached for a year, others briefly."""
    path = (
        queries.users_by_username_ci(username)
        .filter(is_active=True)
        .values_list("avatar", flat=True)
        .first()
    )
    if not path:
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "image/webp"
    response = FileResponse(handle, content_type=content_type)
    if request.GET.get("v") == avatar_version_of(path):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
