"""The nav bar's "Insights" link for brand members, at no cost per page.

At log-in (one query) the session remembers where the link points: the workspace of the
user's first verified brand, or the explorer for staff. base.html reads the session, which is
loaded anyway for a signed-in user, so pages pay no query, members or not. Opening a workspace
refreshes the value (views.workspace); a membership granted during a session shows after the
next log-in or the first visit to the workspace; the pages themselves always check access.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from grassroots.brands.queries import verified_brands_of

NAV_SESSION_KEY = "insights_home"


def remember_insights_home(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """user_logged_in receiver: store the link target (or nothing) in the new session."""
    if request is None or not hasattr(request, "session"):
        return
    slug = verified_brands_of(user).order_by("name").values_list("slug", flat=True).first()
    if slug is not None:
        request.session[NAV_SESSION_KEY] = reverse("insights:workspace", args=[slug])
    elif getattr(user, "is_staff", False):
        request.session[NAV_SESSION_KEY] = reverse("insights:explore")
    else:
        request.session.pop(NAV_SESSION_KEY, None)
