"""Fixed-window attempt counters in the Django cache (local memory embedded, Redis in production).

Used for log-in failures, sign-ups and password-reset mails. A counter is a cache key with
a time-to-live of one window; `cache.add` then `cache.incr` keeps it atomic on Redis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    """At most `attempts` per `window` seconds for one key."""

    name: str
    attempts: int
    window: int

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{digest}"

    def exceeded(self, *parts: str) -> bool:
        count = cache.get(self.key(*parts), 0)
        return int(count) >= self.attempts

    def hit(self, *parts: str) -> int:
        """Count one attempt; returns the count in the current window."""
        key = self.key(*parts)
        cache.add(key, 0, timeout=self.window)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr: start a new window
            cache.set(key, 1, timeout=self.window)
            return 1

    def reset(self, *parts: str) -> None:
        cache.delete(self.key(*parts))


# 10 wrong passwords per account and address in 15 minutes; 50 per address for any accounts.
LOGIN_FAILURES = Limit("login", attempts=10, window=15 * 60)
LOGIN_FAILURES_PER_IP = Limit("login-ip", attempts=50, window=15 * 60)
SIGNUPS_PER_IP = Limit("signup", attempts=20, window=60 * 60)
PASSWORD_RESETS_PER_IP = Limit("reset", attempts=10, window=60 * 60)
PASSWORD_RESETS_PER_EMAIL = Limit("reset-email", attempts=5, window=60 * 60)


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets.

    Behind a reverse proxy set GRASSROOTS_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP") so that
    limits apply per client, not to the proxy's own address.
    """
    if request is None:
        return ""
    header = getattr(settings, "GRASSROOTS_CLIENT_IP_HEADER", "")
    if header:
        value = str(request.META.get(header, "")).split(",")[0].strip()
        if value:
            return value
    return str(request.META.get("REMOTE_ADDR", ""))
