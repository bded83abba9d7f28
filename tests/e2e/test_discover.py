"""Browse discover without searching: cards with loading covers, infinite scroll, open a note."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOTES = 45  # more than two pages of 20
PAGE_SIZE = 20

VISIBLE_COVERS_LOADED = """cards => {
  const inView = cards
    .map(card => card.querySelector('.cover img'))
    .filter(img => img.getBoundingClientRect().top < window.innerHeight);
  return inView.length > 0 && inView.every(img => img.complete && img.naturalWidth > 0);
}"""

# Where each card sits on the page, by note id.
CARD_POSITIONS = """() => Object.fromEntries([...document.querySelectorAll('.card')].map(card => {
  const box = card.getBoundingClientRect();
  return [card.dataset.noteId, [Math.round(box.left), Math.round(box.top + window.scrollY)]];
}))"""


@pytest.fixture
def many_notes(db):
    authors = [UserFactory(username=f"author{i}") for i in range(3)]
    return [
        NoteFactory(title=f"Tip {i:02d}", author=authors[i % 3], hot_score=float(i))
        for i in range(NOTES)
    ]


def test_discover_cards_load_and_scroll_for_more(page, many_notes, shoot):
    page.goto("/")
    # With a mouse there is no swipe: every channel, the last one too, is on screen.
    expect(page.get_by_test_id("channels").locator("a").last).to_be_in_viewport()
    grid = page.get_by_test_id("feed-grid")
    cards = grid.locator(".card")
    expect(cards).to_have_count(PAGE_SIZE)
    # Highest hot score first.
    expect(cards.first.locator(".card-title")).to_have_text("Tip 44")
    page.wait_for_function(
        f"() => ({VISIBLE_COVERS_LOADED})(Array.from(document.querySelectorAll('.card')))"
    )
    first = cards.first
    expect(first.locator(".author")).to_contain_text("User")
    expect(first.locator(".card-likes")).to_contain_text("0")
    assert first.locator(".cover img").get_attribute("alt")
    shoot(page, "discover-desktop")

    # Ranking reads across the first row: five columns at this width, filled shortest first.
    columns = grid.locator(".masonry-col")
    expect(columns).to_have_count(5)
    tops = grid.locator(".masonry-col > .card:first-child .card-title").all_inner_texts()
    assert tops == ["Tip 44", "Tip 43", "Tip 42", "Tip 41", "Tip 40"]
    first_page = page.evaluate(CARD_POSITIONS)
    # The infinite-scroll sentinel stays after the columns.
    assert grid.evaluate("g => g.lastElementChild.dataset.testid") == "feed-sentinel"

    # Reaching the sentinel fetches the next page into the same grid, twice, then stops.
    page.get_by_test_id("feed-sentinel").scroll_into_view_if_needed()
    expect(cards).to_have_count(2 * PAGE_SIZE)
    page.get_by_test_id("feed-sentinel").scroll_into_view_if_needed()
    expect(cards).to_have_count(NOTES)
    expect(page.get_by_test_id("feed-sentinel")).to_have_count(0)
    ids = cards.evaluate_all("cs => cs.map(c => c.dataset.noteId)")
    assert len(set(ids)) == NOTES
    # Later pages only append below: the cards shown first did not move.
    now = page.evaluate(CARD_POSITIONS)
    assert {note_id: now[note_id] for note_id in first_page} == first_page
    # The sentinel's place, after the columns, is where the next one went (none left now).
    assert grid.evaluate("g => g.lastElementChild.classList.contains('masonry-col')")

    # The last card's cover (from the third page) loads too.
    last_cover = grid.locator(".card", has_text="Tip 00").locator(".cover img")
    last_cover.scroll_into_view_if_needed()
    expect(last_cover).to_have_js_property("complete", True)
    assert last_cover.evaluate("img => img.naturalWidth") > 0

    columns.nth(3).locator(".card").first.locator(".card-title").click()
    expect(page.get_by_test_id("note-title")).to_have_text("Tip 41")
    assert page.url.endswith(f"/n/{many_notes[41].pk}")
