"""Writes for product cards in notes and verified-purchase notes.

A note carries up to 5 product cards (each on sale when added); Product.note_count is kept
by recounting under a product row lock. A buyer's note about a delivered order line becomes
a verified purchase, which also adds the product's card when there is room.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, NotFound, ValidationFailed
from grassroots.notes.models import Note
from grassroots.shops.models import NoteProduct, Product, VerifiedPurchase

NOTE_PRODUCTS_MAX = 5
# Order statuses after which the buyer has the goods in hand (contract with orders).
DELIVERED_STATUSES = ("delivered", "completed")


# --- product cards in notes ------------------------------------------------------------------


def product_note_counts_refresh(product_ids: Iterable[int]) -> None:
    """Recount Product.note_count (listed notes carrying the card) for these products."""
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        return
    # Serialise recounts per product (in id order): two notes adding the same card at once
    # must not both count before either commits. NO KEY: the card rows' foreign keys take
    # KEY SHARE locks on the product, which a plain FOR UPDATE would deadlock against.
    list(
        Product.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts = dict(
        NoteProduct.objects.filter(product_id__in=ids, note__is_listed=True)
        .values_list("product_id")
        .annotate(n=Count("id"))
        .values_list("product_id", "n")
    )
    for pk in ids:
        Product.objects.filter(pk=pk).exclude(note_count=counts.get(pk, 0)).update(
            note_count=counts.get(pk, 0)
        )


def clean_product_ids(value: Iterable[object] | None) -> list[int]:
    """Product ids as given (order kept, duplicates dropped); ValidationFailed if not ids."""
    ids: list[int] = []
    for item in value or []:
        try:
            pk = int(str(item).strip())
        except (TypeError, ValueError):
            raise ValidationFailed(
                "bad_product", _("Choose products from the list."), field="products"
            ) from None
        if pk <= 0:
            raise ValidationFailed(
                "bad_product", _("Choose products from the list."), field="products"
            )
        if pk not in ids:
            ids.append(pk)
    if len(ids) > NOTE_PRODUCTS_MAX:
        raise ValidationFailed(
            "too_many_products",
            _("At most %(max)d products per note.") % {"max": NOTE_PRODUCTS_MAX},
            field="products",
        )
    return ids


@transaction.atomic
def note_products_set(*, note: Note, author: User, product_ids: Iterable[object]) -> list[int]:
    """Set the product cards of one's own note, in order (at most 5, each on sale).

    Cards already on the note stay even if their product went off sale since (they are only
    hidden from readers); new ones must be on sale in an active shop.
    """
    if note.author_id != author.pk:
        raise NotFound(_("This note does not exist or is not available."))
    wanted = clean_product_ids(product_ids)
    existing = dict(NoteProduct.objects.filter(note=note).values_list("product_id", "id"))
    new_ids = [pk for pk in wanted if pk not in existing]
    if new_ids:
        on_sale = set(
            Product.objects.filter(
                pk__in=new_ids, status=Product.Status.ACTIVE, shop__is_active=True
            ).values_list("pk", flat=True)
        )
        if len(on_sale) != len(new_ids):
            raise ValidationFailed(
                "unknown_product",
                _("One of the products is not on sale; choose another."),
                field="products",
            )
    removed = [pk for pk in existing if pk not in wanted]
    NoteProduct.objects.filter(note=note, product_id__in=removed).delete()
    for position, pk in enumerate(wanted):
        if pk in existing:
            NoteProduct.objects.filter(pk=existing[pk]).exclude(position=position).update(
                position=position
            )
        else:
            NoteProduct.objects.create(note=note, product_id=pk, position=position)
    product_note_counts_refresh([*wanted, *removed])
    return wanted


# --- verified purchases ----------------------------------------------------------------------


def order_line_for_review(*, user: Any, order_line_id: object) -> Any:
    """The buyer's own delivered order line that has no verified note yet; else 4xx.

    NotFound for another buyer's line or an unknown id (same answer), Conflict when the line
    is not delivered yet or already has its note.
    """
    order_line_model = apps.get_model("orders", "OrderLine")
    try:
        line_id = int(str(order_line_id))
    except (TypeError, ValueError):
        line_id = 0
    line = None
    if line_id > 0 and getattr(user, "is_authenticated", False):
        line = (
            order_line_model.objects.select_related("order", "product__shop")
            .filter(pk=line_id, order__buyer_id=user.pk)
            .first()
        )
    if line is None:
        raise NotFound(_("This order line does not exist."), code="unknown_order_line")
    if line.order.status not in DELIVERED_STATUSES:
        raise Conflict(
            "not_delivered", _("You can share a verified experience once it is delivered.")
        )
    if VerifiedPurchase.objects.filter(order_line_id=line.pk).exists():
        raise Conflict("already_reviewed", _("You already shared a note about this purchase."))
    return line


@transaction.atomic
def verified_purchase_record(*, note: Note, buyer: User, order_line_id: object) -> VerifiedPurchase:
    """Mark the buyer's note as a verified purchase of a delivered order line; the product's
    card is added to the note when it is still on sale and not there yet."""
    if note.author_id != buyer.pk:
        raise NotFound(_("This note does not exist or is not available."))
    line = order_line_for_review(user=buyer, order_line_id=order_line_id)
    if VerifiedPurchase.objects.filter(note=note).exists():
        raise Conflict("already_verified", _("This note is already a verified purchase."))
    try:
        with transaction.atomic():
            record = VerifiedPurchase.objects.create(
                note=note, order_line_id=line.pk, product_id=line.product_id, buyer=buyer
            )
    except IntegrityError:
        raise Conflict(
            "already_reviewed", _("You already shared a note about this purchase.")
        ) from None
    product = line.product
    if (
        product is not None
        and product.status == Product.Status.ACTIVE
        and product.shop.is_active
        and not NoteProduct.objects.filter(note=note, product=product).exists()
        and NoteProduct.objects.filter(note=note).count() < NOTE_PRODUCTS_MAX
    ):
        position = NoteProduct.objects.filter(note=note).count()
        NoteProduct.objects.create(note=note, product=product, position=position)
        product_note_counts_refresh([product.pk])
    return record
