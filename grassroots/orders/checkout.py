"""Checkout: reserve stock for a while, then place one order per shop with stock allocated.

Stock is never oversold (docs/orders.md):

1. `checkout_start` reserves the cart's units for RESERVATION_TTL. Reservable units of a
   variant = stock - allocated - live reservations (active and not expired), computed with the
   variant rows locked (PostgreSQL: SELECT … FOR UPDATE ordered by variant id; SQLite: the
   IMMEDIATE transaction already holds the database's write lock).
2. `checkout_complete` writes the orders, then turns the reservations into allocations as the
   transaction's last step (the hot rows stay locked only for that and the commit). On
   PostgreSQL the variant rows are locked with SELECT … FOR UPDATE in variant id order (no
   deadlocks between checkouts); on both databases the allocation itself is a conditional
   UPDATE (… WHERE stock - allocated >= qty), so a lost race can only fail, never overshoot.
   Any failure rolls the whole checkout back, orders included.
3. Expired reservations stop counting at once (the reservable sum ignores them); the
   `release_reservations` job (also run by `serve`) marks them released and their checkouts
   expired, and cancels orders left unpaid too long.

Completing a checkout is idempotent: a replay returns the same orders; the client's key makes
starting idempotent too.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, NotFound, ValidationFailed
from grassroots.orders.actions import address_for_owner, shipping_fee
from grassroots.orders.models import (
    CartItem,
    CheckoutSession,
    Order,
    OrderEvent,
    OrderLine,
    ShippingRule,
    StockReservation,
)
from grassroots.shops import attribution
from grassroots.shops.models import Product, Shop, ShopMember, Variant
from grassroots.shops.money import CurrencyMismatch, Money, total

RESERVATION_TTL = timedelta(seconds=int(getattr(settings, "ORDERS_RESERVATION_SECONDS", 900)))


# --- stock primitives -----------------------------------------------------------------------


def lock_variants(variant_ids: list[int]) -> dict[int, Variant]:
    """The variants, freshly read and locked for this transaction, in variant id order."""
    ids = sorted(set(variant_ids))
    query = Variant.objects.filter(pk__in=ids).order_by("pk")
    if connection.vendor == "postgresql":
        query = query.select_for_update()
    # SQLite: every transaction is IMMEDIATE (settings), i.e. already the only writer.
    return {variant.pk: variant for variant in query}


def live_reserved(
    variant_ids: list[int], *, now: datetime, exclude_checkout: int | None = None
) -> dict[int, int]:
    """Units held by live reservations per variant (active and not yet expired)."""
    rows = StockReservation.objects.filter(
        variant_id__in=variant_ids, status=StockReservation.Status.ACTIVE, expires_at__gt=now
    )
    if exclude_checkout is not None:
        rows = rows.exclude(checkout_id=exclude_checkout)
    sums = rows.values("variant_id").annotate(units=Sum("quantity")).order_by()
    return {row["variant_id"]: int(row["units"]) for row in sums}


def allocate(variant_id: int, quantity: int) -> bool:
    """allocated += quantity only if stock - allocated >= quantity (one conditional UPDATE)."""
    return bool(
        Variant.objects.filter(pk=variant_id, stock__gte=F("allocated") + quantity).update(
            allocated=F("allocated") + quantity
        )
    )


def deallocate(variant_id: int, quantity: int) -> bool:
    """Give back allocated units of an order that will not ship."""
    return bool(
        Variant.objects.filter(pk=variant_id, allocated__gte=quantity).update(
            allocated=F("allocated") - quantity
        )
    )


def take_out_shipped(variant_id: int, quantity: int) -> bool:
    """Shipping: the units leave both the shelf (stock) and the allocation."""
    return bool(
        Variant.objects.filter(pk=variant_id, allocated__gte=quantity, stock__gte=quantity).update(
            stock=F("stock") - quantity, allocated=F("allocated") - quantity
        )
    )


# --- checkout summary -----------------------------------------------------------------------


@dataclass
class CheckoutLine:
    variant: Variant
    quantity: int
    unit_price: Money
    line_total: Money
    item_id: int | None = None  # the cart line, when priced for the cart page

    @property
    def title(self) -> str:
        return line_title(self.variant)


@dataclass
class ShopGroup:
    """One future order: a shop's lines with subtotal, shipping fee and total."""

    shop: Shop
    lines: list[CheckoutLine] = field(default_factory=list)
    subtotal: Money | None = None
    shipping: Money | None = None
    total: Money | None = None

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


def line_title(variant: Variant) -> str:
    attributes = variant.attributes if isinstance(variant.attributes, dict) else {}
    options = " / ".join(str(value) for value in attributes.values())
    title = variant.product.title
    return (f"{title} ({options})" if options else title)[:120]


def group_by_shop(
    quantities: dict[int, int], *, variants: list[Variant] | None = None
) -> list[ShopGroup]:
    """Price `{variant id: units}` per shop with current prices and shipping rules.

    `variants` (with product and shop loaded) saves reading them again. Mixing currencies
    inside one order is refused (CurrencyMismatch), never converted.
    """
    if variants is None:
        variants = list(
            Variant.objects.select_related("product__shop").filter(pk__in=list(quantities))
        )
    groups: dict[int, ShopGroup] = {}
    for variant in sorted(variants, key=lambda v: v.pk):
        shop = variant.product.shop
        group = groups.setdefault(shop.pk, ShopGroup(shop=shop))
        if variant.product.currency != shop.currency:
            raise CurrencyMismatch(shop.currency, variant.product.currency)
        price = Money(variant.price, variant.product.currency)
        quantity = quantities[variant.pk]
        group.lines.append(CheckoutLine(variant, quantity, price, price * quantity))
    rules = {rule.shop_id: rule for rule in ShippingRule.objects.filter(shop_id__in=list(groups))}
    for group in groups.values():
        currency = group.shop.currency
        group.subtotal = total([line.line_total for line in group.lines], currency)
        fee = shipping_fee(
            shop=group.shop,
            units=group.units,
            subtotal=group.subtotal.amount,
            rule=rules.get(group.shop.pk),
        )
        group.shipping = Money(fee, currency)
        group.total = group.subtotal + group.shipping
    return [groups[shop_id] for shop_id in sorted(groups)]


def checkout_groups(checkout: CheckoutSession) -> list[ShopGroup]:
    quantities = dict(
        checkout.reservations.order_by("variant_id").values_list("variant_id", "quantity")
    )
    return group_by_shop(quantities)


# --- start ------------------------------------------------------------------------------------


def _check_sellable(variants: list[Variant], buyer: User, *, membership: bool = True) -> None:
    """Every variant on sale, none from a shop the buyer belongs to (one membership query)."""
    for variant in variants:
        product = variant.product
        if not (
            variant.is_active and product.status == Product.Status.ACTIVE and product.shop.is_active
        ):
            raise ValidationFailed(
                "unavailable",
                _("%(title)s is no longer for sale; remove it from your cart.")
                % {"title": product.title},
            )
    if not membership:
        return
    shop_ids = {variant.product.shop_id for variant in variants}
    if ShopMember.objects.filter(shop_id__in=shop_ids, user_id=buyer.pk).exists():
        raise ValidationFailed("own_shop", _("You cannot buy from your own shop."))


def _reserve(checkout: CheckoutSession, quantities: dict[int, int], now: datetime) -> None:
    locked = lock_variants(list(quantities))
    held = live_reserved(list(locked), now=now)
    rows = []
    for variant_id in sorted(quantities):
        variant = locked.get(variant_id)
        wanted = quantities[variant_id]
        available = 0
        if variant is not None:
            available = variant.stock - variant.allocated - held.get(variant_id, 0)
        if wanted > available:
            raise Conflict(
                "out_of_stock",
                _("Not enough stock: %(left)s left of an item in your cart.")
                % {"left": max(available, 0)},
            )
        rows.append(
            StockReservation(
                checkout=checkout,
                variant_id=variant_id,
                quantity=wanted,
                expires_at=checkout.expires_at,
            )
        )
    StockReservation.objects.bulk_create(rows)


@transaction.atomic
def checkout_start(
    *,
    buyer: User,
    key: str | None = None,
    address_id: int | None = None,
    now: datetime | None = None,
) -> CheckoutSession:
    """Reserve the whole cart for RESERVATION_TTL. The same key returns the same checkout."""
    key = (key or uuid.uuid4().hex)[:64]
    existing = CheckoutSession.objects.filter(buyer=buyer, key=key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    items = list(
        CartItem.objects.filter(cart__user_id=buyer.pk).select_related("variant__product__shop")
    )
    if not items:
        raise ValidationFailed("cart_empty", _("Your cart is empty."))
    _check_sellable([item.variant for item in items], buyer)
    quantities = {item.variant_id: item.quantity for item in items}
    for item in items:  # mixed currencies are refused before anything is held
        if item.variant.product.currency != item.variant.product.shop.currency:
            raise CurrencyMismatch(
                item.variant.product.shop.currency, item.variant.product.currency
            )
    address = address_for_owner(user=buyer, address_id=address_id) if address_id else None
    try:
        with transaction.atomic():
            checkout = CheckoutSession.objects.create(
                buyer=buyer, key=key, address=address, expires_at=now + RESERVATION_TTL
            )
    except IntegrityError:  # the same key raced in: the other request's checkout wins
        return CheckoutSession.objects.get(buyer=buyer, key=key)
    # One open checkout per buyer: a new one releases what an older one still holds, so
    # checking out again (a second tab, a changed cart) never holds the units twice.
    older = CheckoutSession.objects.filter(buyer=buyer, status=CheckoutSession.Status.OPEN)
    older = older.exclude(pk=checkout.pk)
    StockReservation.objects.filter(
        checkout__in=older, status=StockReservation.Status.ACTIVE
    ).update(status=StockReservation.Status.RELEASED)
    older.update(status=CheckoutSession.Status.EXPIRED)
    _reserve(checkout, quantities, now)
    return checkout


# --- complete -------------------------------------------------------------------------------


def _order_number(now: datetime) -> str:
    return f"{timezone.localtime(now):%Y%m%d}-{secrets.token_hex(4).upper()}"


def _remove_from_cart(buyer: User, quantities: dict[int, int]) -> None:
    for item in CartItem.objects.filter(cart__user_id=buyer.pk, variant_id__in=list(quantities)):
        left = item.quantity - quantities[item.variant_id]
        if left > 0:
            CartItem.objects.filter(pk=item.pk).update(quantity=left)
        else:
            item.delete()


@transaction.atomic
def checkout_complete(
    *,
    buyer: User,
    checkout_id: int,
    address_id: int | None = None,
    visitor_key: str | None = None,
    now: datetime | None = None,
) -> list[Order]:
    """Place one order per shop from the checkout's reservations, allocating the stock.

    A replay (the checkout already completed) returns the same orders and changes nothing.
    """
    from grassroots.orders.fulfilment import notify

    locking = CheckoutSession.objects.select_related("address").filter(pk=checkout_id, buyer=buyer)
    if connection.vendor == "postgresql":
        locking = locking.select_for_update(of=("self",))
    checkout = locking.first()
    if checkout is None:
        raise NotFound(_("This checkout does not exist."))
    if checkout.status == CheckoutSession.Status.COMPLETED:
        return list(checkout.orders.order_by("id"))
    now = now or timezone.now()
    if checkout.status != CheckoutSession.Status.OPEN or checkout.expires_at <= now:
        raise Conflict(
            "checkout_expired", _("This checkout expired; please check out again from your cart.")
        )
    if address_id and address_id != checkout.address_id:
        checkout.address = address_for_owner(user=buyer, address_id=address_id)
    if checkout.address is None:
        raise ValidationFailed("address_required", _("Choose a delivery address."), field="address")
    reservations = list(
        checkout.reservations.filter(status=StockReservation.Status.ACTIVE).order_by("variant_id")
    )
    quantities = {r.variant_id: r.quantity for r in reservations}
    if not quantities:
        raise Conflict("checkout_expired", _("This checkout holds nothing any more."))
    variants = list(Variant.objects.select_related("product__shop").filter(pk__in=list(quantities)))
    # Membership was checked when the checkout started; availability is checked again.
    _check_sellable(variants, buyer, membership=False)
    groups = group_by_shop(quantities, variants=variants)
    snapshot = checkout.address.snapshot()
    orders: list[Order] = []
    for group in groups:
        assert group.subtotal is not None and group.shipping is not None  # noqa: S101
        assert group.total is not None  # noqa: S101
        order = Order.objects.create(
            buyer=buyer,
            shop=group.shop,
            checkout=checkout,
            number=_order_number(now),
            currency=group.shop.currency,
            subtotal=group.subtotal.amount,
            shipping_fee=group.shipping.amount,
            total=group.total.amount,
            address=snapshot,
        )
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    product_id=line.variant.product_id,
                    variant=line.variant,
                    title=line.title,
                    sku=line.variant.sku,
                    unit_price=line.unit_price.amount,
                    quantity=line.quantity,
                    line_total=line.line_total.amount,
                    source_note_id=attribution.attributed_note_id(
                        product_id=line.variant.product_id,
                        user=buyer,
                        session_key=visitor_key,
                        at=now,
                    ),
                )
                for line in group.lines
            ]
        )
        OrderEvent.objects.create(
            order=order,
            from_status="",
            to_status=Order.Status.PENDING_PAYMENT,
            actor=buyer,
            message="order placed",
        )
        notify(order, "placed")
        orders.append(order)
    _remove_from_cart(buyer, quantities)
    checkout.status = CheckoutSession.Status.COMPLETED
    checkout.completed_at = now
    checkout.save(update_fields=["status", "completed_at", "address"])
    # The critical section comes last, so the hot variant rows stay locked only for the
    # allocation and the commit: lock in id order, then allocate conditionally; a refusal
    # rolls back everything above.
    lock_variants(list(quantities))
    for variant_id in sorted(quantities):
        if not allocate(variant_id, quantities[variant_id]):
            raise Conflict("out_of_stock", _("Sorry, an item in your cart just sold out."))
    StockReservation.objects.filter(pk__in=[r.pk for r in reservations]).update(
        status=StockReservation.Status.ALLOCATED
    )
    return orders


def checkout_place(
    *,
    buyer: User,
    key: str,
    address_id: int,
    visitor_key: str | None = None,
) -> list[Order]:
    """Start and complete in one call (API clients, benchmarks); replays by key are safe."""
    checkout = checkout_start(buyer=buyer, key=key, address_id=address_id)
    return checkout_complete(
        buyer=buyer, checkout_id=checkout.pk, address_id=address_id, visitor_key=visitor_key
    )


# --- expiry job -------------------------------------------------------------------------------


@transaction.atomic
def reservations_release_expired(*, now: datetime | None = None, batch: int = 1000) -> int:
    """Mark expired reservations released and their open checkouts expired; returns how many.

    Expired reservations already stopped counting; this keeps the live set small and tells
    the buyer the checkout is over. Safe to run anywhere, any number of times.
    """
    now = now or timezone.now()
    ids = list(
        StockReservation.objects.filter(
            status=StockReservation.Status.ACTIVE, expires_at__lte=now
        ).values_list("pk", flat=True)[:batch]
    )
    released = StockReservation.objects.filter(
        pk__in=ids, status=StockReservation.Status.ACTIVE
    ).update(status=StockReservation.Status.RELEASED)
    CheckoutSession.objects.filter(status=CheckoutSession.Status.OPEN, expires_at__lte=now).update(
        status=CheckoutSession.Status.EXPIRED
    )
    return released


def reservable(variant_id: int, *, now: datetime | None = None) -> int:
    """Units a new checkout could reserve now (for pages; not a lock)."""
    variant = Variant.objects.filter(pk=variant_id).values("stock", "allocated").first()
    if variant is None:
        return 0
    held = live_reserved([variant_id], now=now or timezone.now()).get(variant_id, 0)
    return max(int(variant["stock"]) - int(variant["allocated"]) - held, 0)
