"""Another member's draft, "only me", deleted or hidden note cannot be reached by id or seen
in any list: pages, API, image and cover URLs, comments, likes, collects, boards, profiles,
feeds and notifications. By-id answers are the very same 404 as for an id never used.

Each request is paired with a control (the same request on a public note, or by the author)
that must succeed, so a 404 here means "hidden", not "wrong URL".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from grassroots.accounts.actions import follow_user
from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.engagement import actions as engagement
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import Board, Comment
from grassroots.notes import actions as notes
from grassroots.notes.models import Note, NoteImage
from grassroots.notes.tests.factories import image_bytes
from tests.security.helpers import changed_tables, db_state, json_of, without_csrf_tokens

pytestmark = pytest.mark.django_db

TOPIC = "campfire"
CATEGORY = "travel-camping"
UNKNOWN_ID = 987654
HIDDEN_KINDS = ("draft", "private", "deleted", "hidden")


@dataclass
class Planted:
    note: Note
    image: NoteImage
    comment: Comment

    @property
    def title(self) -> str:
        return self.note.title


@dataclass
class World:
    alice: User  # the author
    bob: User  # another member: follows alice and the topic, mentioned in every note
    carol: User  # liked, collected and commented on every note while it was public
    mod: User  # staff
    notes: dict[str, Planted]
    alice_board: Board
    carol_board: Board

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(db) -> World:
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    carol = UserFactory(username="carol")
    mod = UserFactory(username="mod", is_staff=True)
    follow_user(follower=bob, followee=alice)
    alice_board = board_actions.board_create(owner=alice, name="Alice trips")
    carol_board = board_actions.board_create(owner=carol, name="Carol picks")
    planted: dict[str, Planted] = {}
    for kind in ("public", *HIDDEN_KINDS):
        note = notes.note_publish(
            author=alice,
            title=f"title-{kind}",
            body=f"body-{kind} with @bob #{TOPIC}",
            images=[image_bytes()],
            category=CATEGORY,
        )
        engagement.note_like(user=carol, note=note)
        engagement.note_collect(user=carol, note=note, board=carol_board)
        engagement.note_collect(user=alice, note=note, board=alice_board)
        comment = engagement.comment_create(note=note, author=carol, body=f"comment-{kind}")
        planted[kind] = Planted(note=note, image=note.images.get(), comment=comment)
    # Now take them out of sight, the ways the product does.
    notes.note_update(note=planted["draft"].note, editor=alice, status=Note.Status.DRAFT)
    notes.note_update(note=planted["private"].note, editor=alice, visibility="private")
    notes.note_delete(note=planted["deleted"].note, actor=alice)
    notes.notes_hide(note_ids=[planted["hidden"].note.pk], actor=mod)
    for item in planted.values():
        item.note.refresh_from_db()
    assert planted["public"].note.is_listed
    assert not any(planted[kind].note.is_listed for kind in HIDDEN_KINDS)
    return World(alice, bob, carol, mod, planted, alice_board, carol_board)


# --- requests by id ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ById:
    """One request about one note: `url` is formatted with note/image/comment ids."""

    label: str
    method: str
    url: str
    data: Any = None
    api: bool = False
    json_body: bool = False
    author_only: bool = False  # the control is the author (others get 404 on public notes too)
    staff_only: bool = False

    def path(self, note: int, image: int, comment: int) -> str:
        return self.url.format(note=note, image=image, comment=comment)

    def send(self, client: Client, note: int, image: int, comment: int) -> Any:
        url = self.path(note, image, comment)
        data = self.data(image) if callable(self.data) else self.data
        if self.json_body:
            return getattr(client, self.method)(
                url, json.dumps(data), content_type="application/json"
            )
        if self.method == "get":
            return client.get(url)
        if self.method == "post":
            return client.post(url, data or {})
        return getattr(client, self.method)(url)


def _picture(_image: int) -> dict[str, Any]:
    return {"images": [SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")]}


BY_ID = [
    # pages
    ById("detail page", "get", "/n/{note}"),
    ById("edit page", "get", "/n/{note}/edit", author_only=True),
    ById(
        "edit post",
        "post",
        "/n/{note}/edit",
        {"title": "x", "visibility": "public"},
        author_only=True,
    ),
    ById("delete page", "get", "/n/{note}/delete", author_only=True),
    ById("delete post", "post", "/n/{note}/delete", author_only=True),
    ById("cover", "get", "/n/{note}/cover"),
    ById("image large", "get", "/img/{image}/large"),
    ById("image medium", "get", "/img/{image}/medium"),
    ById("image thumb", "get", "/img/{image}/thumb"),
    ById("comments page", "get", "/notes/{note}/comments"),
    ById("comment post", "post", "/notes/{note}/comments", {"body": "hello"}),
    ById("like post", "post", "/notes/{note}/like", {"state": "on"}),
    ById("collect chooser", "get", "/notes/{note}/collect"),
    ById("collect post", "post", "/notes/{note}/collect", {"state": "on"}),
    ById("new board with note", "post", "/boards/new?note={note}", {"name": "Loot"}),
    ById("replies page", "get", "/comments/{comment}/replies"),
    ById("comment like post", "post", "/comments/{comment}/like", {"state": "on"}),
    ById("comment delete post", "post", "/comments/{comment}/delete", author_only=True),
    # API
    ById("api get", "get", "/api/notes/{note}", api=True),
    ById(
        "api patch",
        "patch",
        "/api/notes/{note}",
        {"title": "x"},
        api=True,
        json_body=True,
        author_only=True,
    ),
    ById("api delete", "delete", "/api/notes/{note}", api=True, author_only=True),
    ById("api restore", "post", "/api/notes/{note}/restore", api=True, staff_only=True),
    ById(
        "api add images", "post", "/api/notes/{note}/images", _picture, api=True, author_only=True
    ),
    ById(
        "api reorder images",
        "put",
        "/api/notes/{note}/images",
        lambda image: {"order": [image]},
        api=True,
        json_body=True,
        author_only=True,
    ),
    ById(
        "api remove image", "delete", "/api/notes/{note}/images/{image}", api=True, author_only=True
    ),
    ById("api like", "post", "/api/notes/{note}/like", api=True),
    ById("api unlike", "delete", "/api/notes/{note}/like", api=True),
    ById("api collect", "post", "/api/notes/{note}/collect", {}, api=True, json_body=True),
    ById("api uncollect", "delete", "/api/notes/{note}/collect", api=True),
    ById("api comments", "get", "/api/notes/{note}/comments", api=True),
    ById(
        "api comment",
        "post",
        "/api/notes/{note}/comments",
        {"body": "hi"},
        api=True,
        json_body=True,
    ),
    ById("api replies", "get", "/api/comments/{comment}/replies", api=True),
    ById("api comment delete", "delete", "/api/comments/{comment}", api=True, author_only=True),
    ById("api comment like", "post", "/api/comments/{comment}/like", api=True),
    ById("api comment unlike", "delete", "/api/comments/{comment}/like", api=True),
    ById("api product cards", "get", "/api/notes/{note}/products", api=True),
]


def _comparable(response: Any, request: ById, ids: tuple[int, int, int]) -> Any:
    """The answer with what legitimately differs blanked: CSRF tokens and the ids asked for
    (pages echo the path, e.g. in the language switch's `next` or a log-in redirect)."""
    if request.api:
        return json_of(response)
    note, image, comment = ids
    echoes = [
        (rf"/n/{note}(?!\d)", "/n/<id>"),
        (rf"/notes/{note}(?!\d)", "/notes/<id>"),
        (rf"/img/{image}(?!\d)", "/img/<id>"),
        (rf"/comments/{comment}(?!\d)", "/comments/<id>"),
        (rf"note={note}(?!\d)", "note=<id>"),
    ]
    text = without_csrf_tokens(response.content.decode())
    location = response.get("Location", "")
    for pattern, blank in echoes:
        text = re.sub(pattern, blank, text)
        location = re.sub(pattern, blank, unquote(location))
    return (response.status_code, text, location)


def _rolled_back(send: Any) -> Any:
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


def test_controls_succeed(world):
    """Every request works on a note the caller may see: the 404s below are about visibility."""
    public = world.notes["public"]
    clients = {user.pk: world.client(user) for user in (world.mod, world.alice, world.bob)}
    failures = []
    for request in BY_ID:
        if request.staff_only:
            target, caller = world.notes["deleted"], world.mod
        elif request.author_only:
            target, caller = public, world.alice
        else:
            target, caller = public, world.bob
        client = clients[caller.pk]
        response = _rolled_back(
            lambda c=client, r=request, t=target: r.send(c, t.note.pk, t.image.pk, t.comment.pk)
        )
        if response.status_code >= 400:
            failures.append((request.label, response.status_code))
    assert not failures


@pytest.mark.parametrize("viewer", ["bob", "anonymous", "mod"])
def test_hidden_notes_answer_like_unknown_ids(world, viewer):
    caller = None if viewer == "anonymous" else getattr(world, viewer)
    client = world.client(caller)
    kinds = HIDDEN_KINDS if viewer != "mod" else ("draft", "private")  # staff: see below
    problems = []
    for request in BY_ID:
        if caller is None and request.method != "get":
            continue  # anonymous writes are sent to log in; not a visibility question
        if viewer == "mod" and request.staff_only:
            continue
        before = db_state()  # one snapshot per request kind: rows are compared whole
        unknown = request.send(client, UNKNOWN_ID, UNKNOWN_ID, UNKNOWN_ID)
        if caller is not None or request.api:
            assert unknown.status_code == 404, (request.label, unknown.status_code)
        else:  # pages behind log-in send anonymous visitors to log in, whatever the id
            assert unknown.status_code in (302, 404), (request.label, unknown.status_code)
        expected = _comparable(unknown, request, (UNKNOWN_ID, UNKNOWN_ID, UNKNOWN_ID))
        for kind in kinds:
            planted = world.notes[kind]
            ids = (planted.note.pk, planted.image.pk, planted.comment.pk)
            response = request.send(client, *ids)
            if response.status_code != unknown.status_code:
                problems.append((request.label, kind, response.status_code))
            elif _comparable(response, request, ids) != expected:
                problems.append((request.label, kind, "answer differs from an unknown id"))
        if changed := changed_tables(before, db_state()):
            problems.append((request.label, "changed rows", changed))
    assert not problems, "\n".join(map(str, problems))


def test_staff_see_hidden_and_deleted_public_notes_only_to_moderate(world):
    client = world.client(world.mod)
    for kind in ("hidden", "deleted"):
        planted = world.notes[kind]
        assert client.get(f"/n/{planted.note.pk}").status_code == 200
        assert client.get(f"/img/{planted.image.pk}/large").status_code == 200
        assert client.get(f"/api/notes/{planted.note.pk}").status_code == 200
        # Moderating is not authoring.
        assert client.get(f"/n/{planted.note.pk}/edit").status_code == 404
        response = client.patch(
            f"/api/notes/{planted.note.pk}", '{"title": "x"}', content_type="application/json"
        )
        assert response.status_code == 404


def test_authors_still_reach_their_own_hidden_notes(world):
    client = world.client(world.alice)
    for kind in ("draft", "private", "hidden"):
        planted = world.notes[kind]
        assert client.get(f"/n/{planted.note.pk}").status_code == 200, kind
        assert client.get(f"/img/{planted.image.pk}/thumb").status_code == 200, kind
        assert client.get(f"/n/{planted.note.pk}/cover").status_code == 200, kind
    assert client.get(f"/n/{world.notes['deleted'].note.pk}").status_code == 404


# --- lists ------------------------------------------------------------------------------------


def _lists(world: World) -> list[tuple[str, bool]]:
    """(url, shows the public note too) of every list a note can appear in."""
    return [
        ("/", True),
        (f"/c/{CATEGORY}", True),
        ("/c/travel", True),
        (f"/t/{TOPIC}", True),
        ("/following", True),
        ("/u/alice/?tab=notes", True),
        ("/u/carol/?tab=likes", True),
        ("/u/alice/?tab=boards", True),
        ("/u/carol/?tab=boards", True),
        (f"/boards/{world.alice_board.pk}", True),
        (f"/boards/{world.carol_board.pk}", True),
        ("/notifications", True),
        ("/drafts", False),
        ("/api/feed/discover", True),
        (f"/api/feed/discover?category={CATEGORY}", True),
        (f"/api/feed/topics/{TOPIC}", True),
        ("/api/feed/following", True),
        ("/api/feed/users/alice/notes", True),
        ("/api/users/carol/likes", True),
        (f"/api/boards/{world.alice_board.pk}/notes", True),
        (f"/api/boards/{world.carol_board.pk}/notes", True),
        ("/api/notifications", True),
    ]


def _traces(planted: Planted) -> list[re.Pattern[str]]:
    """What would give a note away in a page or JSON: its title, its body, its URLs."""
    return [
        re.compile(re.escape(planted.title)),
        re.compile(re.escape(planted.note.body.split()[0])),
        re.compile(rf"/n/{planted.note.pk}(?!\d)"),
    ]


def _note_ids_in(data: Any) -> set[int]:
    """Ids of notes in an API answer: note objects (id + title) and note_id fields."""
    found: set[int] = set()
    if isinstance(data, dict):
        if "title" in data and "id" in data:
            found.add(data["id"])
        if data.get("note_id") is not None:
            found.add(data["note_id"])
        for value in data.values():
            found |= _note_ids_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= _note_ids_in(value)
    return found


@pytest.mark.parametrize("viewer", ["bob", "mod", "anonymous"])
def test_lists_omit_hidden_notes(world, viewer):
    caller = None if viewer == "anonymous" else getattr(world, viewer)
    if caller is not None and viewer == "mod":
        follow_user(follower=world.mod, followee=world.alice)
    client = world.client(caller)
    problems = []
    for url, shows_public in _lists(world):
        personal = url in ("/following", "/notifications", "/drafts") or url.startswith(
            ("/api/feed/following", "/api/notifications")
        )
        if caller is None and personal:
            continue
        if viewer == "mod" and url.endswith("notifications"):
            continue  # the moderator was not mentioned
        response = client.get(url)
        if response.status_code != 200:
            problems.append((url, response.status_code))
            continue
        text = response.content.decode()
        if shows_public and not any(t.search(text) for t in _traces(world.notes["public"])):
            problems.append((url, "control note missing"))
        listed_ids = _note_ids_in(json_of(response)) if url.startswith("/api/") else set()
        for kind in HIDDEN_KINDS:
            planted = world.notes[kind]
            if planted.note.pk in listed_ids:
                problems.append((url, kind, "id listed"))
            for trace in _traces(planted):
                if trace.search(text):
                    problems.append((url, kind, trace.pattern))
    assert not problems, "\n".join(map(str, problems))


def test_mention_notifications_of_hidden_notes_reveal_nothing(world):
    client = world.client(world.bob)
    body = json_of(client.get("/api/notifications"))
    mentions = [item for item in body["items"] if item["kind"] == "mention"]
    assert len(mentions) == 5  # one per note, all planted while the notes were public
    shown = {item["note_id"] for item in mentions}
    assert shown == {world.notes["public"].note.pk, None}
    assert {item["note_title"] for item in mentions} == {world.notes["public"].title, None}
