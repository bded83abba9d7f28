"""Reads for orders: carts, addresses, orders for their buyer or their shop's members.

By-id reads answer another person's object exactly like a missing one (404), so ids cannot be
probed. Lists are prefetched: an order page costs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from grassroots.core.errors import NotFound
from grassroots.orders.actions import GUEST_CART_SESSION_KEY, MAX_QUANTITY
from grassroots.orders.checkout import ShopGroup, checkout_groups, group_by_shop
from grassroots.orders.models import (
    Address,
    CartItem,
    CheckoutSession,
    Order,
    OrderEvent,
    OrderLine,
    OrderNotification,
    ShippingRule,
)
from grassroots.shops.models import ShopMember, Variant

# Revenue for dashboards: lines of orders whose money stays with the shop.
REVENUE_STATUSES = frozenset(
    {
        Order.Status.PAID,
        Order.Status.SHIPPED,
        Order.Status.DELIVERED,
        Order.Status.COMPLETED,
    }
)
PAGE_SIZE = 20


def lines_for_revenue() -> QuerySet[OrderLine]:
    """Order lines that count as revenue (sum their line_total); the dashboards' contract."""
    return OrderLine.objects.filter(order__status__in=REVENUE_STATUSES)


# --- cart ---------------------------------------------------------------------------------------


@dataclass
class CartView:
    items: list[CartItem]
    groups: list[ShopGroup]

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)


def cart_items(user: Any) -> list[CartItem]:
    return list(
        CartItem.objects.filter(cart__user_id=user.pk)
        .select_related("variant__product__shop")
        .order_by("id")
    )


def cart_view(user: Any) -> CartView:
    items = cart_items(user)
    quantities = {item.variant_id: item.quantity for item in items}
    groups = group_by_shop(quantities) if quantities else []
    ids = {item.variant_id: item.pk for item in items}
    for group in groups:
        for line in group.lines:
            line.item_id = ids.get(line.variant.pk)
    return CartView(items=items, groups=groups)


def guest_cart_view(session: Any) -> CartView:
    """A guest's session cart, priced like a real one (unavailable lines left out)."""
    raw = session.get(GUEST_CART_SESSION_KEY) or {}
    quantities: dict[int, int] = {}
    for key, value in raw.items():
        try:
            quantities[int(key)] = max(1, min(int(value), MAX_QUANTITY))
        except (TypeError, ValueError):
            continue
    live = set(
        Variant.objects.filter(
            pk__in=list(quantities),
            is_active=True,
            product__status="active",
            product__shop__is_active=True,
        ).values_list("pk", flat=True)
    )
    quantities = {k: v for k, v in quantities.items() if k in live}
    return CartView(items=[], groups=group_by_shop(quantities) if quantities else [])


def cart_count(user: Any) -> int:
    return sum(CartItem.objects.filter(cart__user_id=user.pk).values_list("quantity", flat=True))


# --- addresses ----------------------------------------------------------------------------------


def addresses_of(user: Any) -> list[Address]:
    return list(Address.objects.filter(owner_id=user.pk).order_by("-is_default", "-id"))


# --- checkout -----------------------------------------------------------------------------------


def checkout_for_buyer(*, user: Any, checkout_id: int) -> CheckoutSession:
    checkout = (
        CheckoutSession.objects.select_related("address")
        .filter(pk=checkout_id, buyer_id=user.pk)
        .first()
    )
    if checkout is None:
        raise NotFound(_("This checkout does not exist."))
    return checkout


def checkout_summary(checkout: CheckoutSession) -> list[ShopGroup]:
    return checkout_groups(checkout)


# --- orders -------------------------------------------------------------------------------------


def _with_detail(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("shop", "buyer").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor").order_by("id")),
        "payments",
    )


def order_for_buyer(*, user: Any, order_id: int) -> Order:
    order = _with_detail(Order.objects.filter(pk=order_id, buyer_id=user.pk)).first()
    if order is None:
        raise NotFound(_("This order does not exist."))
    return order


def order_for_seller(*, user: Any, order_id: int) -> Order:
    """An order of a shop the user is a member of (else 404, as for a missing order)."""
    shops = ShopMember.objects.filter(user_id=user.pk).values("shop_id")
    order = _with_detail(Order.objects.filter(pk=order_id, shop_id__in=shops)).first()
    if order is None:
        raise NotFound(_("This order does not exist."))
    return order


def _page(
    orders: QuerySet[Order], before: int | None, limit: int
) -> tuple[list[Order], int | None]:
    if before:
        orders = orders.filter(pk__lt=before)
    rows = list(orders.order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def orders_of_buyer(
    *, user: Any, status: str | None = None, before: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[Order], int | None]:
    """(orders newest first, the `before` of the next page or None)."""
    orders = (
        Order.objects.filter(buyer_id=user.pk)
        .select_related("shop")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
    )
    if status:
        orders = orders.filter(status=status)
    return _page(orders, before, limit)


def orders_of_seller(
    *,
    user: Any,
    shop_id: int | None = None,
    status: str | None = None,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[Order], int | None]:
    """Orders of the shops the user is a member of (optionally one of them)."""
    shops = ShopMember.objects.filter(user_id=user.pk)
    if shop_id is not None:
        shops = shops.filter(shop_id=shop_id)
    orders = (
        Order.objects.filter(shop_id__in=shops.values("shop_id"))
        .select_related("shop", "buyer")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
    )
    if status:
        orders = orders.filter(status=status)
    return _page(orders, before, limit)


def notices_of(user: Any, limit: int = 20) -> list[OrderNotification]:
    return list(
        OrderNotification.objects.filter(recipient_id=user.pk)
        .select_related("order")
        .order_by("-id")[:limit]
    )


def unread_notice_count(user: Any) -> int:
    return OrderNotification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def shipping_rule_of(shop_id: int) -> ShippingRule | None:
    return ShippingRule.objects.filter(shop_id=shop_id).first()
