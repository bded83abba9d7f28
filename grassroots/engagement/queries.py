from __future__ import annotations

from typing import Any

from grassroots.engagement.models import Notification


def unread_notification_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
