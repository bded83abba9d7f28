"""Seeding attribution: which note convinced a buyer.

The rule (also in docs/shops.md):

- A *touch* is recorded when a visitor reaches a product from a note: the product page opened
  through a note's product card (`/p/<id>?from=<note_id>`, kind "view") or an add-to-cart that
  carries the note (kind "cart"). A touch counts only if the note is listed (published, public,
  not deleted or hidden) AND carries that product's card; anything else is silently ignored
  (a forged `from=` cannot claim credit). Touches by the shop's own members are not recorded.
- Repeated touches of the same kind, product, note and visitor within 30 minutes refresh the
  existing touch instead of adding one (a reload is not a second click).
- At order time, the line is credited to the note of the visitor's **last** touch of that
  product within the **7 days** before the order (`ATTRIBUTION_WINDOW`), if that note is still
  listed. No touch in the window: no note (the sale is "direct").
- A visitor is the signed-in user, or for a guest the visitor key kept in the session
  (`visitor_key(request)`: a random token stored in the session data, so it survives the
  session key change at log-in). `attribution_claim_guest` hands a guest's touches to the user
  at log-in; until then, a signed-in lookup that passes the same visitor key also sees them.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from grassroots.notes.models import Note
from grassroots.shops.models import NoteProduct, ProductTouch, ShopMember

ATTRIBUTION_WINDOW = timedelta(days=7)
TOUCH_REFRESH_WINDOW = timedelta(minutes=30)
VISITOR_SESSION_KEY = "shops_visitor"
TOUCH_KINDS = frozenset(ProductTouch.Kind.values)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def visitor_key(request: HttpRequest, *, create: bool = True) -> str | None:
    """The guest's attribution key, kept in the session data (None if absent and not created)."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    key = session.get(VISITOR_SESSION_KEY)
    if isinstance(key, str) and key:
        return key
    if not create:
        return None
    key = secrets.token_hex(16)
    session[VISITOR_SESSION_KEY] = key
    return key


def parse_note_id(value: object) -> int | None:
    """`?from=` as a note id, or None for anything that is not a positive integer."""
    try:
        note_id = int(str(value))
    except (TypeError, ValueError):
        return None
    return note_id if 0 < note_id < 2**63 else None


def note_carries_product(*, note_id: int, product_id: int) -> bool:
    """Whether the note is listed and shows this product's card (one query)."""
    return NoteProduct.objects.filter(
        note_id=note_id, product_id=product_id, note__is_listed=True
    ).exists()


@transaction.atomic
def touch_record(
    *,
    product_id: int,
    note_id: int | None,
    user: Any,
    session_key: str | None,
    kind: str,
    at: datetime | None = None,
) -> ProductTouch | None:
    """Record that a visitor reached product_id from note_id (see the module rule).

    Returns the touch, or None when nothing counts (no note, unknown kind, a note that does not
    carry the card or is not listed, no visitor identity, the shop's own member).
    """
    if note_id is None or kind not in TOUCH_KINDS:
        return None
    signed_in = _authenticated(user)
    guest_key = (session_key or "")[:64]
    if not signed_in and not guest_key:
        return None
    if not note_carries_product(note_id=note_id, product_id=product_id):
        return None
    if (
        signed_in
        and ShopMember.objects.filter(shop__products__id=product_id, user_id=user.pk).exists()
    ):
        return None
    moment = at or timezone.now()
    visitor = Q(user_id=user.pk) if signed_in else Q(user__isnull=True, session_key=guest_key)
    recent = (
        ProductTouch.objects.select_for_update()
        .filter(
            visitor,
            product_id=product_id,
            note_id=note_id,
            kind=kind,
            created_at__gte=moment - TOUCH_REFRESH_WINDOW,
        )
        .order_by("-created_at")
        .first()
    )
    if recent is not None:
        if recent.created_at < moment:
            recent.created_at = moment
            recent.save(update_fields=["created_at"])
        return recent
    return ProductTouch.objects.create(
        product_id=product_id,
        note_id=note_id,
        user_id=user.pk if signed_in else None,
        session_key="" if signed_in else guest_key,
        kind=kind,
        created_at=moment,
    )


def attributed_note_id(
    *, product_id: int, user: Any, session_key: str | None, at: datetime
) -> int | None:
    """The note that gets the credit for a sale of product_id at `at`, or None.

    = the note of this visitor's last touch of the product in the 7 days up to `at`, when that
    note is still listed. The visitor is the user (if signed in) plus the guest touches of
    `session_key` not yet claimed by anyone.
    """
    visitor = Q(pk__in=[])
    if _authenticated(user):
        visitor |= Q(user_id=user.pk)
    if session_key:
        visitor |= Q(user__isnull=True, session_key=session_key[:64])
    touch = (
        ProductTouch.objects.filter(
            visitor,
            product_id=product_id,
            created_at__gt=at - ATTRIBUTION_WINDOW,
            created_at__lte=at,
            note__is_listed=True,
        )
        .order_by("-created_at", "-id")
        .values_list("note_id", flat=True)
        .first()
    )
    return int(touch) if touch is not None else None


def attribution_claim_guest(*, session_key: str | None, user: Any) -> int:
    """Give a guest's touches (by visitor key) to the user who just signed in; returns how many."""
    if not session_key or not _authenticated(user):
        return 0
    return ProductTouch.objects.filter(user__isnull=True, session_key=session_key[:64]).update(
        user_id=user.pk, session_key=""
    )


def listed_note_exists(note_id: int) -> bool:
    """Whether a note id names a listed note (for callers validating `from=` themselves)."""
    return Note.objects.filter(pk=note_id, is_listed=True).exists()
