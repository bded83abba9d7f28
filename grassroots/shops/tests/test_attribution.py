"""shops.attribution: touches recorded only from listed notes carrying the card; last touch
within 7 days wins; guest touches move to the user at log-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.shops import attribution
from grassroots.shops.models import ProductTouch
from grassroots.shops.tests.factories import (
    NoteFactory,
    NoteProductFactory,
    ProductFactory,
    ShopMemberFactory,
)

pytestmark = pytest.mark.django_db


def _card(product=None, **note_kwargs):
    product = product or ProductFactory()
    note = NoteFactory(**note_kwargs)
    NoteProductFactory(note=note, product=product)
    return product, note


def test_touch_from_a_listed_note_with_the_card_is_recorded():
    product, note = _card()
    buyer = UserFactory()
    touch = attribution.touch_record(
        product_id=product.pk, note_id=note.pk, user=buyer, session_key=None, kind="view"
    )
    assert touch is not None and touch.user_id == buyer.pk and touch.note_id == note.pk


@pytest.mark.parametrize("case", ["no_card", "private", "draft", "deleted", "no_note", "kind"])
def test_touches_that_do_not_count_are_ignored(case):
    product = ProductFactory()
    buyer = UserFactory()
    note_id: int | None
    kind = "view"
    if case == "no_card":
        note_id = NoteFactory().pk
    elif case == "private":
        note_id = _card(product, private=True)[1].pk
    elif case == "draft":
        note_id = _card(product, draft=True)[1].pk
    elif case == "deleted":
        note_id = _card(product, deleted_at=timezone.now())[1].pk
    elif case == "no_note":
        note_id = None
    else:
        note_id = _card(product)[1].pk
        kind = "purchase"
    result = attribution.touch_record(
        product_id=product.pk, note_id=note_id, user=buyer, session_key=None, kind=kind
    )
    assert result is None
    assert not ProductTouch.objects.exists()


def test_shop_members_do_not_touch_their_own_products():
    product, note = _card()
    staff = ShopMemberFactory(shop=product.shop).user
    assert (
        attribution.touch_record(
            product_id=product.pk, note_id=note.pk, user=staff, session_key=None, kind="view"
        )
        is None
    )
    assert (
        attribution.touch_record(
            product_id=product.pk,
            note_id=note.pk,
            user=product.shop.owner,
            session_key=None,
            kind="cart",
        )
        is None
    )


def test_a_guest_without_a_key_records_nothing():
    product, note = _card()
    assert (
        attribution.touch_record(
            product_id=product.pk,
            note_id=note.pk,
            user=AnonymousUser(),
            session_key=None,
            kind="view",
        )
        is None
    )


def test_reload_within_thirty_minutes_refreshes_the_touch():
    product, note = _card()
    buyer = UserFactory()
    start = timezone.now() - timedelta(hours=1)
    first = attribution.touch_record(
        product_id=product.pk, note_id=note.pk, user=buyer, session_key=None, kind="view", at=start
    )
    again = attribution.touch_record(
        product_id=product.pk,
        note_id=note.pk,
        user=buyer,
        session_key=None,
        kind="view",
        at=start + timedelta(minutes=10),
    )
    assert first is not None and again is not None and again.pk == first.pk
    assert ProductTouch.objects.get().created_at == start + timedelta(minutes=10)
    later = attribution.touch_record(
        product_id=product.pk,
        note_id=note.pk,
        user=buyer,
        session_key=None,
        kind="view",
        at=start + timedelta(minutes=50),
    )
    assert later is not None and later.pk != first.pk


def test_last_note_within_seven_days_wins():
    product, first_note = _card()
    _, second_note = _card(product)
    buyer = UserFactory()
    now = timezone.now()
    for note, days_ago in ((first_note, 3), (second_note, 1)):
        attribution.touch_record(
            product_id=product.pk,
            note_id=note.pk,
            user=buyer,
            session_key=None,
            kind="view",
            at=now - timedelta(days=days_ago),
        )
    assert (
        attribution.attributed_note_id(product_id=product.pk, user=buyer, session_key=None, at=now)
        == second_note.pk
    )
    # Seen from two days ago, only the first touch had happened.
    assert (
        attribution.attributed_note_id(
            product_id=product.pk, user=buyer, session_key=None, at=now - timedelta(days=2)
        )
        == first_note.pk
    )


def test_touch_older_than_seven_days_does_not_count():
    product, note = _card()
    buyer = UserFactory()
    now = timezone.now()
    attribution.touch_record(
        product_id=product.pk,
        note_id=note.pk,
        user=buyer,
        session_key=None,
        kind="view",
        at=now - timedelta(days=7, seconds=1),
    )
    assert (
        attribution.attributed_note_id(product_id=product.pk, user=buyer, session_key=None, at=now)
        is None
    )
    assert (
        attribution.attributed_note_id(
            product_id=product.pk, user=buyer, session_key=None, at=now - timedelta(seconds=2)
        )
        == note.pk
    )


def test_other_products_and_other_buyers_are_not_credited():
    product, note = _card()
    buyer, other = UserFactory(), UserFactory()
    now = timezone.now()
    attribution.touch_record(
        product_id=product.pk, note_id=note.pk, user=buyer, session_key=None, kind="view"
    )
    assert (
        attribution.attributed_note_id(product_id=product.pk, user=other, session_key=None, at=now)
        is None
    )
    assert (
        attribution.attributed_note_id(
            product_id=ProductFactory().pk, user=buyer, session_key=None, at=now
        )
        is None
    )


def test_a_note_hidden_since_the_touch_loses_the_credit():
    product, note = _card()
    buyer = UserFactory()
    attribution.touch_record(
        product_id=product.pk, note_id=note.pk, user=buyer, session_key=None, kind="view"
    )
    note.is_listed = False
    note.save(update_fields=["is_listed"])
    assert (
        attribution.attributed_note_id(
            product_id=product.pk, user=buyer, session_key=None, at=timezone.now()
        )
        is None
    )


def test_guest_touches_follow_the_guest_to_their_account():
    product, note = _card()
    buyer = UserFactory()
    attribution.touch_record(
        product_id=product.pk,
        note_id=note.pk,
        user=AnonymousUser(),
        session_key="guest-1",
        kind="cart",
    )
    now = timezone.now()
    # Before the claim, the key is enough for a signed-in lookup.
    assert (
        attribution.attributed_note_id(
            product_id=product.pk, user=buyer, session_key="guest-1", at=now
        )
        == note.pk
    )
    assert attribution.attribution_claim_guest(session_key="guest-1", user=buyer) == 1
    assert (
        attribution.attributed_note_id(product_id=product.pk, user=buyer, session_key=None, at=now)
        == note.pk
    )
    # Claiming again (or another user claiming) finds nothing left.
    assert attribution.attribution_claim_guest(session_key="guest-1", user=UserFactory()) == 0


def test_visitor_key_is_kept_in_the_session(rf):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    assert attribution.visitor_key(request, create=False) is None
    key = attribution.visitor_key(request)
    assert key and attribution.visitor_key(request) == key


@pytest.mark.parametrize(
    ("value", "expected"), [("12", 12), ("0", None), ("-3", None), ("x", None), (None, None)]
)
def test_parse_note_id(value, expected):
    assert attribution.parse_note_id(value) == expected
