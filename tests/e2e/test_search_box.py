"""The search box in a real browser: suggestions while typing, arrow keys, Enter, click log."""

from __future__ import annotations

import time
from typing import Any

import pytest

from grassroots.feed.tests.factories import TopicFactory
from grassroots.search.models import SearchQuery
from grassroots.search.suggest import suggest_index_reset
from grassroots.search.tests.helpers import index_all, publish

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_pinyin_then_arrow_and_enter_opens_the_suggestion(page: Any) -> None:
    suggest_index_reset()
    TopicFactory(name="推车", note_count=5)
    TopicFactory(name="推荐", note_count=9)
    page.goto("/")
    box = page.locator(".searchbox input[name=q]")
    box.fill("tui")
    options = page.locator("#search-suggest [role=option]")
    options.first.wait_for()
    assert page.locator("#search-suggest").is_visible()
    assert box.get_attribute("aria-expanded") == "true"
    assert [text.strip() for text in options.all_inner_texts()] == ["#推荐", "#推车"]
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**/search?q=%E6%8E%A8%E8%BD%A6")
    assert page.locator('[data-testid="search-page"]').is_visible()
    assert page.locator(".searchbox input[name=q]").input_value() == "推车"


def test_escape_closes_the_list_and_keeps_the_text(page: Any) -> None:
    suggest_index_reset()
    TopicFactory(name="推车", note_count=5)
    page.goto("/")
    box = page.locator(".searchbox input[name=q]")
    box.fill("tc")
    page.locator("#search-suggest [role=option]").first.wait_for()
    box.press("Escape")
    assert page.locator("#search-suggest").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "tc"


def test_opening_a_result_card_logs_the_click(page: Any) -> None:
    note = publish("红酒保存", "开了的红酒放冰箱")
    index_all()
    page.goto("/search?q=红酒")
    page.locator(f'article[data-note-id="{note.pk}"] .card-title').click()
    page.wait_for_url(f"**/n/{note.pk}**")
    deadline = time.monotonic() + 5
    while SearchQuery.objects.get().click_count == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert SearchQuery.objects.get().clicked_note_ids == [note.pk]
