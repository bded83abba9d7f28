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


@pytest.fixture
def many_notes(db):
    authors = [UserFactory(username=f"author{i}") for i in range(3)]
    return [
        NoteFactory(title=f"Tip {i:02d}", author=authors[i % 3], hot_score=float(i))
        for i in range(NOTES)
    ]


def test_discover_cards_load_and_scroll_for_more(page, many_notes, shoot):
    page.goto("/")
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

    # Reaching the sentinel fetches the next page into the same grid, twice, then stops.
    page.get_by_test_id("feed-sentinel").scroll_into_view_if_needed()
    expect(cards).to_have_count(2 * PAGE_SIZE)
    page.get_by_test_id("feed-sentinel").scroll_into_view_if_needed()
    expect(cards).to_have_count(NOTES)
    expect(page.get_by_test_id("feed-sentinel")).to_have_count(0)
    ids = cards.evaluate_all("cs => cs.map(c => c.dataset.noteId)")
    assert len(set(ids)) == NOTES

    # The last card's cover (from the third page) loads too.
    last_cover = cards.last.locator(".cover img")
    last_cover.scroll_into_view_if_needed()
    expect(last_cover).to_have_js_property("complete", True)
    assert last_cover.evaluate("img => img.naturalWidth") > 0

    cards.nth(3).locator(".card-title").click()
    expect(page.get_by_test_id("note-title")).to_have_text("Tip 41")
    assert page.url.endswith(f"/n/{many_notes[41].pk}")
