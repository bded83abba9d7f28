"""Switch the interface language from the top bar and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grassroots.notes.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switch_changes_the_page_text_and_back(page):
    note = NoteFactory(title="Hotpot night")
    page.goto(f"/n/{note.pk}")  # the browser asks for English (locale en-US)
    nav = page.locator("header.topbar nav.topnav")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link", name="Discover", exact=True)).to_be_visible()

    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(nav.get_by_role("link", name="发现", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="注册", exact=True)).to_be_visible()
    expect(page.get_by_test_id("comments").locator("h2")).to_contain_text("评论")
    # Same page, and the choice outlives navigation (a cookie, not the browser's language).
    assert page.url.endswith(f"/n/{note.pk}")
    expect(page.get_by_test_id("note-title")).to_have_text("Hotpot night")
    page.goto("/")
    expect(nav.get_by_role("link", name="发现", exact=True)).to_be_visible()
    expect(page.get_by_test_id("language-select")).to_have_value("zh-hans")

    page.get_by_test_id("language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link", name="Discover", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="发现", exact=True)).to_have_count(0)
