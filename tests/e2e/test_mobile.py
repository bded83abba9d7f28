"""Phone-sized smoke test: bottom tab bar instead of the top nav, two-column masonry."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.tests.factories import NoteFactory
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_layout_has_a_tab_bar_and_two_columns(phone, shoot):
    author = UserFactory(username="phone_author")
    for i in range(8):
        NoteFactory(title=f"Phone tip {i}", author=author, hot_score=float(i))
    phone.goto("/")

    tabbar = phone.locator("nav.tabbar")
    expect(tabbar).to_be_visible()
    expect(tabbar.get_by_role("link", name="Home")).to_be_visible()
    box = tabbar.bounding_box()
    assert box is not None and box["y"] + box["height"] >= PHONE["height"] - 1  # pinned to bottom

    channels = phone.get_by_test_id("channels")
    expect(channels.get_by_role("link", name="Food", exact=True)).to_be_attached()
    assert channels.evaluate("c => c.scrollWidth > c.clientWidth")  # a horizontal scroller

    grid = phone.get_by_test_id("feed-grid")
    expect(grid.locator(".card")).to_have_count(8)
    assert grid.evaluate("g => getComputedStyle(g).columnCount") == "2"  # the no-JS fallback
    expect(grid.locator(".masonry-col")).to_have_count(2)
    lefts = grid.locator(".card").evaluate_all(
        "cs => [...new Set(cs.map(c => Math.round(c.getBoundingClientRect().left)))]"
    )
    assert len(lefts) == 2
    assert _no_horizontal_overflow(phone)
    shoot(phone, "discover-mobile")

    note_id = grid.locator(".card").first.get_attribute("data-note-id")
    phone.goto(f"/n/{note_id}")
    expect(phone.get_by_test_id("carousel")).to_be_visible()
    assert _no_horizontal_overflow(phone)
    shoot(phone, "detail-mobile")


def test_phone_publish_form_fits(phone, live_server, shoot):
    sign_in(phone, live_server, UserFactory(username="phone_writer"))

    phone.goto("/")
    phone.locator("nav.tabbar .tab-publish").click()
    expect(phone.get_by_test_id("note-form")).to_be_visible()
    expect(phone.get_by_test_id("publish")).to_be_visible()
    assert _no_horizontal_overflow(phone)
    shoot(phone, "publish-mobile")


def test_phone_board_chooser_is_a_sheet_above_the_tab_bar(phone, live_server, shoot):
    from grassroots.engagement.boards import board_create
    from grassroots.engagement.models import Collect

    reader = sign_in(phone, live_server, UserFactory(username="phone_reader"))
    trips = board_create(owner=reader, name="Trips", description="", is_private=False)
    note = NoteFactory(title="Harbour walk", author=UserFactory(username="phone_walker"))
    phone.goto(f"/n/{note.pk}")

    phone.get_by_test_id("choose-board").click()
    sheet = phone.get_by_test_id("board-chooser")
    expect(sheet).to_be_visible()
    sheet.evaluate("el => Promise.all(el.getAnimations().map(a => a.finished))")  # slid in
    sheet_box = sheet.bounding_box()
    tab_box = phone.locator("nav.tabbar").bounding_box()
    assert sheet_box is not None and tab_box is not None
    assert sheet_box["width"] >= PHONE["width"] - 1  # full width, fixed to the bottom
    assert abs(sheet_box["y"] + sheet_box["height"] - tab_box["y"]) <= 1  # right above the tab bar
    shoot(phone, "board-chooser-mobile")

    phone.get_by_test_id("chooser-close").click()
    expect(sheet).to_have_count(0)

    phone.get_by_test_id("choose-board").click()
    sheet.get_by_role("button", name="Trips").click()
    expect(phone.get_by_test_id("collect-button")).to_have_attribute("aria-pressed", "true")
    expect(sheet).to_have_count(0)
    assert Collect.objects.get(user=reader, note=note).board_id == trips.pk


def test_phone_header_switches_the_language(phone):
    phone.goto("/")
    switch = phone.locator("header.topbar .langswitch")
    expect(switch).to_be_visible()  # the top nav is hidden on phones; the globe is not
    box = switch.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    phone.get_by_test_id("language-select").select_option("zh-hans")
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(phone.locator("nav.tabbar").get_by_role("link", name="首页")).to_be_visible()
    assert _no_horizontal_overflow(phone)
