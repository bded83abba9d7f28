"""Like, collect and comment on a note detail page without reloading it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement.models import Collect, Comment, NoteLike
from grassroots.notes.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _mark_document(page):
    """A flag that lives as long as this document: gone after any full page load."""
    page.evaluate("window.__sameDocument = true")


def _still_same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


@pytest.fixture
def note(db):
    return NoteFactory(title="Night market tips", author=UserFactory(username="chef"))


def test_like_counts_without_reload_and_sticks(page, login, note):
    reader = login(UserFactory(username="reader"))
    page.goto(f"/n/{note.pk}")
    like = page.get_by_test_id("like-button")
    expect(page.get_by_test_id("like-count")).to_have_text("0")
    expect(like).to_have_attribute("aria-pressed", "false")
    _mark_document(page)

    like.click()
    expect(page.get_by_test_id("like-count")).to_have_text("1")
    expect(page.get_by_test_id("like-button")).to_have_attribute("aria-pressed", "true")
    assert _still_same_document(page)
    assert NoteLike.objects.filter(user=reader, note=note).exists()

    page.reload()
    expect(page.get_by_test_id("like-count")).to_have_text("1")
    expect(page.get_by_test_id("like-button")).to_have_attribute("aria-pressed", "true")


def test_collect_goes_to_the_default_board_which_lists_the_note(page, login, note):
    reader = login(UserFactory(username="reader"))
    page.goto(f"/n/{note.pk}")
    _mark_document(page)
    page.get_by_test_id("collect-button").click()
    expect(page.get_by_test_id("collect-count")).to_have_text("1")
    expect(page.get_by_test_id("collect-button")).to_have_attribute("aria-pressed", "true")
    # The chooser offers to move it right away; the default board is the current one.
    expect(page.get_by_test_id("board-chooser")).to_be_visible()
    assert _still_same_document(page)
    collect = Collect.objects.select_related("board").get(user=reader, note=note)
    assert collect.board.is_default

    # Profile → boards tab → the default board lists the note.
    page.goto(f"/u/{reader.username}/?tab=boards")
    board_link = page.locator(f"a.board-card[href='/boards/{collect.board_id}']")
    expect(board_link).to_contain_text(collect.board.name)
    board_link.click()
    expect(page.get_by_test_id("board-head")).to_contain_text(collect.board.name)
    card = page.get_by_test_id("board-notes").locator(f".card[data-note-id='{note.pk}']")
    expect(card).to_contain_text("Night market tips")


def test_comment_and_reply_appear_without_reload(page, login, note):
    login(UserFactory(username="reader", display_name="Reader"))
    page.goto(f"/n/{note.pk}")
    _mark_document(page)

    form = page.get_by_test_id("comment-form")
    form.locator("textarea[name=body]").fill("Which stall had the best skewers?")
    form.get_by_role("button", name="Send").click()
    comment = page.get_by_test_id("comment").filter(has_text="Which stall had the best skewers?")
    expect(comment).to_have_count(1)
    expect(form.locator("textarea[name=body]")).to_have_value("")
    expect(page.locator(f"#comment-count-{note.pk}")).to_have_text("1")

    comment.locator("summary", has_text="Reply").first.click()
    reply_form = comment.locator("form.comment-form")
    reply_form.locator("textarea[name=body]").fill("The one by the bridge!")
    reply_form.get_by_role("button", name="Send").click()
    reply = comment.get_by_test_id("reply").filter(has_text="The one by the bridge!")
    expect(reply).to_have_count(1)
    assert _still_same_document(page)

    top = Comment.objects.get(note=note, parent__isnull=True)
    assert Comment.objects.filter(parent=top, body="The one by the bridge!").exists()
    page.reload()
    expect(page.get_by_test_id("comment")).to_contain_text(["Which stall had the best skewers?"])
    expect(page.get_by_test_id("reply")).to_contain_text(["The one by the bridge!"])
