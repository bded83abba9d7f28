"""Shared helpers of the security suite: database snapshots, CSRF cookies, markup checks."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.test import Client

# The markers every XSS payload carries: whatever turns live would run one of these.
XSS_MARKERS = ("alert(1)", "xss()")
_CSRF_VALUE = re.compile(r"[A-Za-z0-9]{64}")


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (auto-created m2m tables too), for before/after comparison.

    Counts would miss an UPDATE (a changed bio, a revoked token); whole rows do not.
    """
    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        state[model._meta.label] = list(model._default_manager.order_by("pk").values_list())
    return state


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def with_csrf_cookie(client: Client) -> str:
    """Give the client the CSRF cookie a browser would hold (from a page); returns its value.

    Attacks are about a victim's browser that has the cookie but not the token: testing
    without the cookie too would only prove the easier case.
    """
    response = client.get("/")
    assert response.status_code == 200
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    assert cookie is not None and cookie.value
    return str(cookie.value)


def without_csrf_tokens(html: str) -> str:
    """Page HTML with the per-request masked CSRF tokens blanked, for byte comparisons."""
    return _CSRF_VALUE.sub("<csrf>", html)


def media_files(root: Any = None) -> list[str]:
    """Files (not directories) under MEDIA_ROOT, relative paths, sorted."""
    base = Path(root or settings.MEDIA_ROOT)
    found: list[str] = []
    for folder, _dirs, files in os.walk(base):
        for name in files:
            found.append(str((Path(folder) / name).relative_to(base)))
    return sorted(found)


def json_of(response: Any) -> Any:
    return json.loads(response.content.decode() or "null")


class MarkupAudit(HTMLParser):
    """Parses a page the way a browser tokenises it and records live script-ish markup.

    A payload that was escaped ends up as text or inside an attribute value; one that was
    not escaped becomes a <script> element, an on* handler or a javascript: URL.
    """

    URL_ATTRIBUTES = frozenset(
        {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "hx-get"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.texts: list[str] = []
        self.attribute_values: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
        for name, raw in attrs:
            value = raw or ""
            self.attribute_values.append(value)
            lowered = name.lower()
            if (lowered.startswith("on") or lowered.startswith("hx-on")) and any(
                marker in value for marker in XSS_MARKERS
            ):
                self.live.append(f"<{tag} {name}={value!r}>")
            compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if lowered in self.URL_ATTRIBUTES and compact.startswith(("javascript:", "vbscript:")):
                self.live.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and any(marker in data for marker in XSS_MARKERS):
            self.live.append(f"<script>{data[:80]}")
        elif not self._in_script:
            self.texts.append(data)

    @property
    def shown(self) -> str:
        """Everything a reader could see: text and attribute values, unescaped."""
        return "\n".join(self.texts + self.attribute_values)


def audit_markup(html: str) -> MarkupAudit:
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit
