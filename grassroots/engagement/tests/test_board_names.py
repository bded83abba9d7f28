"""The default board's generated name reads in the reader's language; chosen names do not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions
from grassroots.engagement.board_names import board_display_name
from grassroots.engagement.models import Board, Collect
from grassroots.engagement.tests.factories import NoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_default_board():
    member = UserFactory()
    with translation.override("zh-hans"):
        actions.note_collect(user=member, note=NoteFactory())
    board = Board.objects.get(owner=member, is_default=True)
    assert board.name == "默认专辑"  # stored as made
    return board


@pytest.mark.parametrize(
    ("stored", "is_default", "shown"),
    [
        ("默认专辑", True, "Default board"),
        ("Default board", True, "Default board"),
        ("默认专辑 2", True, "Default board 2"),  # the name was taken when it was made
        ("Picks", True, "Picks"),  # renamed by its owner
        ("默认专辑", False, "默认专辑"),  # an ordinary board that happens to use the name
    ],
)
def test_board_display_name(stored, is_default, shown):
    assert board_display_name(Board(name=stored, is_default=is_default)) == shown


def test_board_display_name_follows_the_active_language():
    with translation.override("zh-hans"):
        assert board_display_name(Board(name="Default board", is_default=True)) == "默认专辑"


def test_pages_show_the_default_board_in_the_reader_language(chinese_default_board):
    board = chinese_default_board
    owner = Client()
    owner.force_login(board.owner)
    pages = [
        reverse("engagement:board", args=[board.pk]),
        reverse("accounts:profile", args=[board.owner.username]) + "?tab=boards",
        reverse("engagement:collect", args=[Collect.objects.get(board=board).note_id]),
        reverse("engagement:board_edit", args=[board.pk]),
    ]
    for url in pages:
        html = owner.get(url).content.decode()
        assert "Default board" in html and "默认专辑" not in html, url
    zh = owner.get(pages[0], HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "默认专辑" in zh
    board.refresh_from_db()
    assert board.name == "默认专辑"


def test_api_board_name_is_resolved_and_the_stored_name_kept(chinese_default_board):
    board = chinese_default_board
    api = Client()
    api.force_login(board.owner)
    assert [b["name"] for b in api.get("/api/boards").json()] == ["Default board"]
    zh = api.get("/api/boards", HTTP_ACCEPT_LANGUAGE="zh-Hans").json()
    assert [b["name"] for b in zh] == ["默认专辑"]
    assert Board.objects.get(pk=board.pk).name == "默认专辑"
