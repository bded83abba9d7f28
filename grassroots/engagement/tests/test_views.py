from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions, queries
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import Board, Collect, Comment, NoteLike, Notification
from grassroots.engagement.tests.factories import (
    CommentFactory,
    NoteFactory,
    NotificationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def browser(member):
    client = Client()
    client.force_login(member)
    return client


def fresh(obj):
    obj.refresh_from_db()
    return obj


def find(pattern, text):
    match = re.search(pattern, text)
    assert match, pattern
    return match.group(1)


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- like / collect bar ----------------------------------------------------------------------


def test_like_form_post_redirects_back_and_htmx_swaps_the_bar(browser):
    note = NoteFactory()
    url = reverse("engagement:like", args=[note.pk])
    response = browser.post(url, {"state": "on", "next": "/somewhere?x=1"})
    assert response.status_code == 302 and response["Location"] == "/somewhere?x=1"
    assert fresh(note).like_count == 1
    # The same (stale) button clicked again asks for "on" again: still one like.
    browser.post(url, {"state": "on"})
    assert fresh(note).like_count == 1

    response = browser.post(url, {"state": "off", "next": "/n/1"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="note-actions-{note.pk}"' in html
    assert 'data-testid="like-button"' in html and 'aria-pressed="false"' in html
    assert fresh(note).like_count == 0
    # Without a state the POST toggles.
    browser.post(url, headers=HTMX)
    assert fresh(note).like_count == 1


def test_unsafe_next_is_ignored(browser):
    note = NoteFactory()
    response = browser.post(
        reverse("engagement:like", args=[note.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notes:detail", args=[note.pk])


def test_anonymous_is_sent_to_log_in():
    note = NoteFactory()
    client = Client()
    url = reverse("engagement:like", args=[note.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    response = client.post(url, headers=HTMX)
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    comment = client.post(reverse("engagement:comments", args=[note.pk]), {"body": "hi"})
    assert comment.status_code == 302
    assert not NoteLike.objects.exists() and not Comment.objects.exists()


def test_note_actions_for_anonymous_link_to_login():
    note = NoteFactory()
    request = RequestFactory().get("/n/1")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = Template("{% load engagement_tags %}{% note_actions note %}").render(
        Context({"note": note, "request": request})
    )
    assert reverse("accounts:login") in html
    assert "<form" not in html


def test_collect_opens_the_board_chooser_and_moves(browser, member):
    note = NoteFactory()
    url = reverse("engagement:collect", args=[note.pk])
    response = browser.post(url, {"state": "on"}, headers=HTMX)
    html = response.content.decode()
    assert 'data-testid="board-chooser"' in html
    default = Board.objects.get(owner=member, is_default=True)
    trips = board_actions.board_create(owner=member, name="Trips <3")
    response = browser.post(url, {"board_id": trips.pk}, headers=HTMX)
    assert response.status_code == 200
    assert Collect.objects.get(user=member).board_id == trips.pk
    assert (fresh(default).note_count, fresh(trips).note_count) == (0, 1)
    chooser = browser.get(url, headers=HTMX).content.decode()
    assert "Trips &lt;3" in chooser and 'aria-current="true"' in chooser
    page = browser.get(url)
    assert page.status_code == 200 and "Trips &lt;3" in page.content.decode()
    browser.post(url, {"state": "off"})
    assert fresh(note).collect_count == 0
    assert browser.post(url, {"board_id": "abc"}).status_code == 404
    assert browser.post(url, {"board_id": 10**9}).status_code == 404
    assert fresh(note).collect_count == 0


def test_new_board_from_the_chooser_collects_into_it(browser, member):
    note = NoteFactory()
    response = browser.post(
        reverse("engagement:board_create"),
        {"name": "Wishlist", "note": note.pk, "next": reverse("notes:detail", args=[note.pk])},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notes:detail", args=[note.pk])
    board = Board.objects.get(owner=member, name="Wishlist")
    assert Collect.objects.get(user=member, note=note).board_id == board.pk


@pytest.mark.parametrize("kwargs", [{"private": True}, {"draft": True}])
def test_hidden_notes_are_404_on_every_page(browser, kwargs):
    note = NoteFactory(**kwargs)
    assert browser.post(reverse("engagement:like", args=[note.pk])).status_code == 404
    assert browser.post(reverse("engagement:collect", args=[note.pk])).status_code == 404
    assert browser.get(reverse("engagement:collect", args=[note.pk])).status_code == 404
    assert browser.get(reverse("engagement:comments", args=[note.pk])).status_code == 404
    posted = browser.post(reverse("engagement:comments", args=[note.pk]), {"body": "hi"})
    assert posted.status_code == 404
    note = fresh(note)
    assert (note.like_count, note.collect_count, note.comment_count) == (0, 0, 0)


# --- comments --------------------------------------------------------------------------------


def test_comment_post_redirects_to_the_comment(browser, member):
    note = NoteFactory()
    response = browser.post(
        reverse("engagement:comments", args=[note.pk]),
        {"body": "lovely", "next": reverse("notes:detail", args=[note.pk])},
    )
    comment = Comment.objects.get()
    assert (
        response["Location"] == reverse("notes:detail", args=[note.pk]) + f"#comment-{comment.pk}"
    )
    assert comment.author == member and fresh(note).comment_count == 1


def test_htmx_comment_and_reply_return_the_new_item_and_fresh_counts(browser):
    note = NoteFactory()
    url = reverse("engagement:comments", args=[note.pk])
    html = browser.post(url, {"body": "first"}, headers=HTMX).content.decode()
    top = Comment.objects.get()
    assert f'id="comment-{top.pk}"' in html and "first" in html
    assert f'id="comment-count-{note.pk}" hx-swap-oob="true">1<' in html
    reply_html = browser.post(
        url, {"body": "second", "reply_to": top.pk}, headers=HTMX
    ).content.decode()
    reply = Comment.objects.exclude(pk=top.pk).get()
    assert reply.parent_id == top.pk
    assert 'data-testid="reply"' in reply_html and "second" in reply_html
    assert f'id="comment-count-{note.pk}" hx-swap-oob="true">2<' in reply_html


@pytest.mark.parametrize("body", ["", "   ", "长" * 1000])
def test_bad_comments_are_refused_and_change_nothing(browser, body):
    note = NoteFactory()
    url = reverse("engagement:comments", args=[note.pk])
    page = browser.post(url, {"body": body})
    assert page.status_code == 422
    toast = browser.post(url, {"body": body}, headers=HTMX)
    assert toast.status_code == 422 and toast["HX-Retarget"] == "#toast"
    assert not Comment.objects.exists()
    assert fresh(note).comment_count == 0


def test_comment_bodies_are_rendered_inert(browser):
    note = NoteFactory()
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    actions.comment_create(note=note, author=UserFactory(), body=payload)
    for response in (
        browser.get(reverse("engagement:comments", args=[note.pk])),
        browser.get(reverse("engagement:comments", args=[note.pk]), headers=HTMX),
        browser.get(reverse("notes:detail", args=[note.pk])),
    ):
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_comment_form_needs_the_csrf_token(member):
    note = NoteFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("engagement:comments", args=[note.pk])
    assert client.post(url, {"body": "no token"}).status_code == 403
    assert not Comment.objects.exists()
    page = client.get(url).content.decode()
    token = find(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    response = client.post(url, {"body": "with token", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Comment.objects.get().body == "with token"


def test_comments_load_more_and_replies_paging(browser):
    note = NoteFactory()
    start = timezone.now() - timedelta(hours=1)
    tops = [
        CommentFactory(note=note, created_at=start + timedelta(minutes=i), body=f"top {i}")
        for i in range(25)
    ]
    for j in range(5):
        CommentFactory(
            note=note,
            parent=tops[0],
            reply_to=tops[0],
            body=f"reply {j}",
            created_at=tops[0].created_at + timedelta(seconds=j + 1),
        )
    Comment.objects.filter(pk=tops[0].pk).update(reply_count=5)
    html = browser.get(
        reverse("engagement:comments", args=[note.pk]), headers=HTMX
    ).content.decode()
    assert html.count('data-testid="comment"') == 20
    assert "reply 1" in html and "reply 2" not in html
    more = find(r'href="([^"]+)"[^>]*data-testid="comments-more"', html)
    rest = browser.get(more.replace("&amp;", "&"), headers=HTMX).content.decode()
    assert rest.count('data-testid="comment"') == 5 and "comments-more" not in rest
    replies_link = find(r'href="([^"]+)"[^>]*data-testid="replies-more"', html)
    replies = browser.get(replies_link, headers=HTMX).content.decode()
    assert re.findall(r"reply \d", replies) == ["reply 2", "reply 3", "reply 4"]
    assert browser.get(replies_link).status_code == 200


def test_comments_partial_query_count_is_constant(browser, member):
    small, big = NoteFactory(), NoteFactory()
    for note, count in ((small, 2), (big, 20)):
        for i in range(count):
            top = actions.comment_create(note=note, author=UserFactory(), body=f"c{i}")
            for j in range(3):
                actions.comment_create(note=note, author=UserFactory(), body=f"r{j}", reply_to=top)
            actions.comment_like(user=member, comment=top)
    url = "engagement:comments"
    base = count_queries(lambda: browser.get(reverse(url, args=[small.pk]), headers=HTMX))
    assert count_queries(lambda: browser.get(reverse(url, args=[big.pk]), headers=HTMX)) == base
    page = count_queries(lambda: browser.get(reverse(url, args=[small.pk])))
    assert count_queries(lambda: browser.get(reverse(url, args=[big.pk]))) == page


def test_comment_like_and_delete(browser, member):
    note = NoteFactory()
    comment = actions.comment_create(note=note, author=UserFactory(), body="hi")
    like = reverse("engagement:comment_like", args=[comment.pk])
    html = browser.post(like, {"state": "on"}, headers=HTMX).content.decode()
    assert 'aria-pressed="true"' in html and fresh(comment).like_count == 1
    browser.post(like, {"state": "on"})
    assert fresh(comment).like_count == 1
    delete = reverse("engagement:comment_delete", args=[comment.pk])
    assert browser.post(delete).status_code == 403
    mine = actions.comment_create(note=note, author=member, body="mine")
    response = browser.post(reverse("engagement:comment_delete", args=[mine.pk]), headers=HTMX)
    assert response.status_code == 200
    assert f'id="comment-count-{note.pk}" hx-swap-oob="true">1<' in response.content.decode()
    assert fresh(mine).deleted_at is not None
    again = browser.post(reverse("engagement:comment_delete", args=[mine.pk]))
    assert again.status_code == 404


# --- boards ----------------------------------------------------------------------------------


def test_board_page_shows_cards_and_hides_private_boards(member):
    owner = UserFactory()
    secret = board_actions.board_create(owner=owner, name="Secret", is_private=True)
    open_board = board_actions.board_create(owner=owner, name="Open", description="<i>desc</i>")
    note = NoteFactory(title="Hotpot night")
    actions.note_collect(user=owner, note=note, board=open_board)
    other = Client()
    other.force_login(member)
    for client in (Client(), other):
        assert client.get(reverse("engagement:board", args=[secret.pk])).status_code == 404
        page = client.get(reverse("engagement:board", args=[open_board.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Hotpot night" in html and 'class="masonry"' in html
        assert "&lt;i&gt;desc&lt;/i&gt;" in html
    mine = Client()
    mine.force_login(owner)
    assert mine.get(reverse("engagement:board", args=[secret.pk])).status_code == 200
    assert other.get(reverse("engagement:board_edit", args=[secret.pk])).status_code == 404
    assert other.get(reverse("engagement:board_edit", args=[open_board.pk])).status_code == 403
    assert other.post(reverse("engagement:board_delete", args=[open_board.pk])).status_code == 403
    assert Board.objects.filter(pk=open_board.pk).exists()


def test_board_page_query_count_is_constant(browser, member):
    small = board_actions.board_create(owner=member, name="Small")
    big = board_actions.board_create(owner=member, name="Big")
    for board, count in ((small, 2), (big, 25)):
        for note in NoteFactory.create_batch(count):
            actions.note_collect(user=member, note=note, board=board)
            actions.note_like(user=member, note=note)
    url = "engagement:board"
    base = count_queries(lambda: browser.get(reverse(url, args=[small.pk])))
    assert count_queries(lambda: browser.get(reverse(url, args=[big.pk]))) == base
    html = browser.get(reverse(url, args=[big.pk])).content.decode()
    assert 'data-testid="feed-sentinel"' in html
    next_url = find(r'hx-get="([^"]+)"', html.split('data-testid="board-notes"')[1])
    assert html.count('class="card"') == 20
    more = browser.get(next_url.replace("&amp;", "&"), headers=HTMX)
    assert more.status_code == 200
    assert more.content.decode().count('class="card"') == 5
    assert "feed-sentinel" not in more.content.decode()


def test_board_create_edit_delete_forms(browser, member):
    assert browser.get(reverse("engagement:board_create")).status_code == 200
    response = browser.post(
        reverse("engagement:board_create"), {"name": "Books", "is_private": "on"}
    )
    board = Board.objects.get(owner=member, name="Books")
    assert response["Location"] == reverse("engagement:board", args=[board.pk])
    assert board.is_private
    dup = browser.post(reverse("engagement:board_create"), {"name": "Books"})
    assert dup.status_code == 422
    assert "already have a board" in dup.content.decode()
    assert Board.objects.filter(owner=member).count() == 1
    long_name = browser.post(reverse("engagement:board_create"), {"name": "x" * 40})
    assert long_name.status_code == 422

    edit = reverse("engagement:board_edit", args=[board.pk])
    assert browser.get(edit).status_code == 200
    response = browser.post(edit, {"name": "Novels", "description": "good ones"})
    assert response.status_code == 302
    board = fresh(board)
    assert (board.name, board.description, board.is_private) == ("Novels", "good ones", False)

    response = browser.post(reverse("engagement:board_delete", args=[board.pk]))
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("accounts:profile", args=[member.username]) + "?tab=boards"
    )
    assert not Board.objects.filter(pk=board.pk).exists()
    actions.note_collect(user=member, note=NoteFactory())
    default = Board.objects.get(owner=member, is_default=True)
    assert browser.post(reverse("engagement:board_delete", args=[default.pk])).status_code == 409
    assert Board.objects.filter(pk=default.pk).exists()


def test_board_forms_need_login():
    response = Client().get(reverse("engagement:board_create"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_boards_partial_renders_previews(member):
    actions.note_collect(user=member, note=NoteFactory())
    request = RequestFactory().get("/")
    request.user = member
    boards = queries.boards_for_viewer(owner=member, viewer=member)
    html = Template("{% include 'engagement/partials/_boards.html' %}").render(
        Context({"boards": boards, "owner": member, "user": member, "request": request})
    )
    assert 'data-testid="board-card"' in html
    preview = boards[0].preview_notes[0]  # type: ignore[attr-defined]
    assert reverse("notes:cover", args=[preview.pk]) in html


# --- notifications ---------------------------------------------------------------------------


def test_notifications_page_marks_shown_ones_read(browser, member):
    note = NoteFactory(author=member, title="My note")
    fan = UserFactory(display_name="Fan <b>")
    actions.note_like(user=fan, note=note)
    actions.comment_create(note=note, author=fan, body="so good")
    assert queries.unread_notification_count(user=member) == 2
    page = browser.get(reverse("engagement:notifications"))
    html = page.content.decode()
    assert html.count('data-testid="notification"') == 2
    assert html.count("notif unread") == 2  # shown as new this time
    assert "Fan &lt;b&gt;" in html and "so good" in html
    assert queries.unread_notification_count(user=member) == 0
    html = browser.get(reverse("engagement:notifications")).content.decode()
    assert "notif unread" not in html and 'data-testid="unread-badge"' not in html
    likes = browser.get(reverse("engagement:notifications") + "?group=likes").content.decode()
    assert likes.count('data-testid="notification"') == 1


def test_unread_badge_in_the_nav(browser, member):
    NotificationFactory.create_batch(3, recipient=member)
    html = browser.get(reverse("engagement:board_create")).content.decode()
    assert re.search(r'data-testid="unread-badge">3<', html)


def test_notifications_page_query_count_is_constant(browser, member):
    def make(count):
        Notification.objects.all().delete()
        for _ in range(count):
            actor = UserFactory()
            note = NoteFactory(author=member)
            actions.note_like(user=actor, note=note)
            actions.comment_create(note=note, author=actor, body="hey")

    make(2)
    base = count_queries(lambda: browser.get(reverse("engagement:notifications")))
    make(10)
    assert count_queries(lambda: browser.get(reverse("engagement:notifications"))) == base


def test_notifications_need_login():
    response = Client().get(reverse("engagement:notifications"))
    assert response.status_code == 302


# --- topics ----------------------------------------------------------------------------------


def test_topic_follow_toggle(browser):
    topic = TopicFactory(name="咖啡")
    url = reverse("engagement:topic_follow", args=["咖啡"])
    html = browser.post(url, {"state": "on"}, headers=HTMX).content.decode()
    assert 'aria-pressed="true"' in html and fresh(topic).follower_count == 1
    response = browser.post(url, {"state": "off"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "feed:topic", args=["咖啡"]
    )
    assert fresh(topic).follower_count == 0
    assert browser.post(reverse("engagement:topic_follow", args=["nothing"])).status_code == 404
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and fresh(topic).follower_count == 0


def test_topic_follow_button_tag():
    topic = TopicFactory(name="tea")
    user = UserFactory()
    actions.topic_follow(user=user, topic=topic)
    request = RequestFactory().get("/t/tea")
    request.user = user
    html = Template("{% load engagement_tags %}{% topic_follow_button topic %}").render(
        Context({"topic": topic, "request": request})
    )
    assert 'aria-pressed="true"' in html and 'value="off"' in html
