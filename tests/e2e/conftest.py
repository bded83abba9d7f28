"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and
# the live server are still synchronous, so Django's async-safety guard must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, user):  # type: ignore[no-untyped-def]
    """Sign `user` in for the page's browser context by planting a real session cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return user


@pytest.fixture
def login(page, live_server):  # type: ignore[no-untyped-def]
    """`login(user)` signs the user in for the `page` fixture's browser context."""
    return lambda user: sign_in(page, live_server, user)


@pytest.fixture
def shoot(request):  # type: ignore[no-untyped-def]
    """Save a full-page screenshot when E2E_SCREENSHOT_DIR is set (visual review); else no-op."""
    folder = os.environ.get("E2E_SCREENSHOT_DIR")

    def _shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
        if folder:
            os.makedirs(folder, exist_ok=True)
            page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)

    return _shoot
