from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Unread notification count for the nav bar; one cheap indexed count per page."""
    user = getattr(request, "user", None)
    unread = 0
    # htmx partials never render the nav bar: skip the count there.
    if user is not None and user.is_authenticated and not getattr(request, "htmx", False):
        from grassroots.engagement.queries import unread_notification_count

        unread = unread_notification_count(user=user)
    return {"unread_notifications": unread}
