"""XSS: payloads in every user-written field render as text on every page that shows them.

Pages are parsed the way a browser tokenises them (html.parser): an escaped payload is text
or an attribute value; an unescaped one becomes a <script>, an on* handler or a javascript:
URL. Each page must also *show* the payload it is expected to carry, so a page that simply
stopped rendering the field cannot pass.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from grassroots.accounts import actions as accounts
from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions as engagement
from grassroots.engagement import boards as board_actions
from grassroots.notes import actions as notes
from grassroots.notes.tests.factories import image_bytes
from tests.security.helpers import audit_markup, json_of

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'  # 30 characters: fits names
TITLE = '"><b onclick=xss()>'  # titles have at most 20 characters
JS_LINK = "javascript:alert(1)"
BODY = (
    f"{SCRIPT} {IMG} [click]({JS_LINK}) {JS_LINK}\n"
    f'#tag{SCRIPT} #x"onmouseover=alert(1)// @victim{IMG} @victim{SCRIPT}'
)


@pytest.fixture
def stage(db) -> dict[str, Any]:
    mallory = UserFactory(username="mallory", display_name=IMG)
    victim = UserFactory(username="victim", display_name="Victim")
    accounts.profile_update(user=mallory, bio=f"{SCRIPT} {IMG} {JS_LINK}", place=SCRIPT)
    note = notes.note_publish(
        author=mallory,
        title=TITLE,
        body=BODY,
        images=[image_bytes()],
        alt_texts=[IMG],
        place_name=IMG,
        place_city=SCRIPT,
    )
    draft = notes.note_publish(author=mallory, title=TITLE, body=BODY, status="draft")
    victims_note = notes.note_publish(author=victim, title="Plain", body="plain")
    comment = engagement.comment_create(note=note, author=mallory, body=f"{SCRIPT} {IMG}")
    reply = engagement.comment_create(
        note=note, author=mallory, body=f"@victim{SCRIPT} {JS_LINK}", reply_to=comment
    )
    engagement.comment_create(note=victims_note, author=mallory, body=f"{IMG} {SCRIPT}")
    board = board_actions.board_create(owner=mallory, name=IMG, description=f"{SCRIPT} {JS_LINK}")
    engagement.note_collect(user=mallory, note=note, board=board)
    engagement.note_like(user=victim, note=note)
    engagement.note_like(user=mallory, note=victims_note)
    accounts.follow_user(follower=mallory, followee=victim)
    return {
        "mallory": mallory,
        "victim": victim,
        "note": note,
        "draft": draft,
        "comment": comment,
        "reply": reply,
        "board": board,
    }


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{SCRIPT}</p>",
        f'<img alt="{IMG}">',
        f'<img alt="{TITLE}">',
        f"<p>{TITLE}</p>",
        f'<a href="{JS_LINK}">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<div hx-on:click="alert(1)"></div>',
    ],
)
def test_the_audit_sees_live_payloads(html):
    """The checker itself: unescaped payloads are caught, escaped ones are only shown."""
    assert audit_markup(html).live
    escaped = audit_markup(f"<p>{escape(html)}</p>")
    assert not escaped.live and html in escaped.shown


def check_page(client: Client, url: str, expected: list[str], **extra: Any) -> None:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    audit = audit_markup(response.content.decode())
    assert not audit.live, (url, audit.live)
    for payload in expected:
        assert payload in audit.shown, (url, "payload not shown", payload)


def test_pages_show_payloads_as_text(stage):
    note, board, comment = stage["note"], stage["board"], stage["comment"]
    victim = as_user(stage["victim"])
    mallory = as_user(stage["mallory"])
    anonymous = Client()
    pages = [
        (victim, f"/n/{note.pk}", [TITLE, SCRIPT, IMG, JS_LINK]),
        (anonymous, f"/n/{note.pk}", [TITLE, SCRIPT, IMG]),
        (anonymous, "/", [TITLE, IMG]),
        (anonymous, "/t/tag", [TITLE, IMG]),
        (anonymous, "/u/mallory/", [IMG, SCRIPT, JS_LINK, TITLE]),
        (anonymous, "/u/mallory/?tab=boards", [IMG]),
        (anonymous, "/u/victim/?tab=likes", [TITLE]),
        (anonymous, "/u/victim/followers/", [IMG]),
        (anonymous, "/u/mallory/following/", [IMG]),
        (victim, "/notifications", [IMG, SCRIPT]),
        (anonymous, f"/boards/{board.pk}", [IMG, SCRIPT, TITLE]),
        (anonymous, f"/notes/{note.pk}/comments", [SCRIPT, IMG]),
        (anonymous, f"/comments/{comment.pk}/replies", [SCRIPT, JS_LINK]),
        (mallory, f"/n/{note.pk}/edit", [TITLE, SCRIPT, IMG]),
        (mallory, "/settings/", [IMG, SCRIPT, JS_LINK]),
        (mallory, f"/boards/{board.pk}/edit", [IMG, SCRIPT]),
        (mallory, f"/notes/{note.pk}/collect", [IMG]),
        (mallory, "/drafts", [TITLE]),
        (mallory, "/u/mallory/", [IMG, SCRIPT, TITLE]),
        (mallory, "/following", []),
    ]
    for client, url, expected in pages:
        check_page(client, url, expected)


def test_htmx_partials_show_payloads_as_text(stage):
    note, comment = stage["note"], stage["comment"]
    htmx = {"HTTP_HX_REQUEST": "true"}
    anonymous = Client()
    check_page(anonymous, f"/notes/{note.pk}/comments", [SCRIPT, IMG], **htmx)
    check_page(anonymous, f"/comments/{comment.pk}/replies", [SCRIPT], **htmx)
    check_page(anonymous, "/u/mallory/?tab=boards", [IMG], HTTP_HX_TARGET="profile-tab", **htmx)
    victim = as_user(stage["victim"])
    check_page(victim, f"/notes/{note.pk}/collect", [], **htmx)
    response = victim.post(
        f"/notes/{note.pk}/comments", {"body": f"{SCRIPT} {IMG}"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    audit = audit_markup(response.content.decode())
    assert not audit.live and SCRIPT in audit.shown


def test_publish_errors_echo_input_as_text(stage):
    client = as_user(stage["mallory"])
    response = client.post(
        "/publish",
        {"title": "ok", "body": "fine", "topics": SCRIPT, "visibility": "public"},
    )
    assert response.status_code == 422
    audit = audit_markup(response.content.decode())
    assert not audit.live
    assert SCRIPT in audit.shown  # the refusal quotes the topic, as text


@pytest.mark.parametrize(
    "url",
    [
        "/login/?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        "/signup/?next=/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
        "/login/?next=javascript:alert(1)",
        "/t/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/u/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/c/%3Cscript%3E",
        "/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_reflected_input_is_inert(db, url):
    response = Client().get(url)
    assert response.status_code in (200, 404)
    audit = audit_markup(response.content.decode())
    assert not audit.live, audit.live


def test_api_answers_are_json_and_not_sniffed(stage):
    response = Client().get(f"/api/notes/{stage['note'].pk}")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert json_of(response)["title"] == TITLE  # stored as typed; escaping is the page's job


def test_images_are_served_as_images(stage):
    image = stage["note"].images.get()
    response = Client().get(f"/img/{image.pk}/large")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
