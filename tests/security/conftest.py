"""Fixtures of the security suite: a small community with one object of every kind."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from grassroots.accounts import actions as account_actions
from grassroots.accounts.models import ApiToken, User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands.tests.factories import security_objects
from grassroots.engagement import actions as engagement_actions
from grassroots.engagement import boards as board_actions
from grassroots.engagement.models import Board, Comment
from grassroots.notes import actions as note_actions
from grassroots.notes.models import Note, NoteImage, Topic
from grassroots.notes.tests.factories import image_bytes
from grassroots.orders.tests.factories import security_objects as order_security_objects
from grassroots.search.history import history_record
from grassroots.search.models import SearchHistoryEntry
from grassroots.shops.tests.factories import security_objects as shop_security_objects

TOPIC_NAME = "campfire"
CATEGORY_SLUG = "travel-camping"


@dataclass
class Site:
    """One of everything a URL can point at, owned by `member` (who is logged in)."""

    member: User
    other: User
    note: Note
    image: NoteImage
    comment: Comment
    board: Board
    topic: Topic
    token: ApiToken
    token_key: str
    history_entry: SearchHistoryEntry
    brand: dict[str, str]  # brand_slug, member_id, product_id, ... (brands.tests.factories)
    shops: dict[str, str]  # shop_slug, shop_product_id, ... (shops.tests.factories)
    orders: dict[str, str]  # order_id, item_id, address_id, ... (orders.tests.factories)

    def url_kwargs(self) -> dict[str, str]:
        """A real value for every URL parameter name the site uses."""
        return {
            "note_id": str(self.note.pk),
            "image_id": str(self.image.pk),
            "size": "medium",
            "comment_id": str(self.comment.pk),
            "board_id": str(self.board.pk),
            "token_id": str(self.token.pk),
            "entry_id": str(self.history_entry.pk),
            "username": self.other.username,
            "name": self.topic.name,
            "slug": CATEGORY_SLUG,
            "theme_key": "no-such-theme",
            "uidb64": urlsafe_base64_encode(force_bytes(self.member.pk)),
            "token": default_token_generator.make_token(self.member),
            **self.orders,
            **self.brand,
            **self.shops,
        }


@pytest.fixture
def site(db) -> Site:
    member = UserFactory(username="member", display_name="Member")
    other = UserFactory(username="other", display_name="Other")
    note = note_actions.note_publish(
        author=member,
        title="Member note",
        body=f"A night by the fire #{TOPIC_NAME}",
        images=[image_bytes()],
        category=CATEGORY_SLUG,
    )
    comment = engagement_actions.comment_create(note=note, author=other, body="Nice fire")
    board = board_actions.board_create(owner=member, name="Trips")
    token, key = account_actions.token_create(user=member, name="script")
    history_record(user=member, query="campfire")
    return Site(
        member=member,
        other=other,
        note=note,
        image=note.images.get(),
        comment=comment,
        board=board,
        topic=Topic.objects.get(name=TOPIC_NAME),
        token=token,
        token_key=key,
        history_entry=SearchHistoryEntry.objects.get(user=member),
        brand=security_objects(member=member, other=other),
        shops=shop_security_objects(member=member, other=other),
        orders=order_security_objects(member=member, other=other),
    )


@pytest.fixture
def strict_client() -> Client:
    """A browser-like client: CSRF checks on, as in production."""
    return Client(enforce_csrf_checks=True)
