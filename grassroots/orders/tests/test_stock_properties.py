"""Property test: any sequence of reserve / allocate / pay / cancel / refund / ship / deliver /
expire keeps the stock books straight (hypothesis drives the sequences)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grassroots.core.errors import DomainError
from grassroots.orders import actions, fulfilment
from grassroots.orders.checkout import (
    checkout_complete,
    checkout_start,
    live_reserved,
    reservations_release_expired,
)
from grassroots.orders.models import (
    CartItem,
    CheckoutSession,
    Order,
    OrderLine,
    Payment,
    StockReservation,
)
from grassroots.orders.tests.factories import make_buyer, make_variant
from grassroots.shops.models import Variant

pytestmark = pytest.mark.django_db

UNSHIPPED = ("pending_payment", "paid")
SHIPPED = ("shipped", "delivered", "completed")

reserve = st.tuples(
    st.just("reserve"),
    st.integers(0, 2),  # buyer
    st.integers(0, 2),  # variant
    st.integers(1, 4),  # quantity
)
allocate = st.tuples(st.just("allocate"), st.integers(0, 3))  # counted from the newest
lifecycle = st.tuples(
    st.sampled_from(["pay", "pay", "ship", "ship", "cancel", "refund", "deliver", "complete"]),
    st.integers(0, 3),  # counted from the newest order
)
expire = st.tuples(st.just("expire"))
# Weighted so that sequences often get as far as shipping and refunds.
operation = st.one_of(reserve, reserve, allocate, allocate, lifecycle, lifecycle, lifecycle, expire)


def _check_books(variants: list[Variant], initial: dict[int, int]) -> None:
    now = timezone.now()
    held = live_reserved([v.pk for v in variants], now=now)
    for variant in variants:
        variant.refresh_from_db()
        assert 0 <= variant.allocated <= variant.stock
        lines = OrderLine.objects.filter(variant=variant)
        unshipped = lines.filter(order__status__in=UNSHIPPED).aggregate(n=Sum("quantity"))["n"]
        assert variant.allocated == (unshipped or 0)
        shipped = (
            lines.filter(order__shipped_at__isnull=False).aggregate(n=Sum("quantity"))["n"] or 0
        )
        assert variant.stock == initial[variant.pk] - shipped
        assert held.get(variant.pk, 0) <= variant.stock - variant.allocated
    for order in Order.objects.all():
        assert order.total == order.subtotal + order.shipping_fee
        settled = Payment.objects.filter(order=order, status__in=["succeeded", "refunded"])
        assert settled.count() <= 1
        if order.status in ("paid", *SHIPPED):
            assert settled.filter(status="succeeded").count() == 1


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    stocks=st.lists(st.integers(0, 5), min_size=3, max_size=3),
    ops=st.lists(operation, min_size=4, max_size=30),
)
def test_random_sequences_keep_allocation_within_stock(db, stocks, ops):
    with transaction.atomic():
        variants = [make_variant(stock=stock) for stock in stocks]
        initial = {v.pk: v.stock for v in variants}
        buyers = [make_buyer() for _ in range(3)]
        checkouts: list[int] = []
        orders: list[int] = []
        for op in ops:
            name = op[0]
            try:
                if name == "reserve":
                    user, address = buyers[op[1]]
                    CartItem.objects.filter(cart__user=user).delete()
                    actions.cart_add(user=user, variant_id=variants[op[2]].pk, quantity=op[3])
                    checkout = checkout_start(
                        buyer=user, key=uuid.uuid4().hex, address_id=address.pk
                    )
                    checkouts.append(checkout.pk)
                elif name == "allocate" and checkouts:
                    checkout = CheckoutSession.objects.get(
                        pk=checkouts[-1 - op[1] % len(checkouts)]
                    )
                    placed = checkout_complete(buyer=checkout.buyer, checkout_id=checkout.pk)
                    orders.extend(o.pk for o in placed if o.pk not in orders)
                elif name == "expire":
                    past = timezone.now() - timedelta(seconds=1)
                    StockReservation.objects.filter(status="active").update(expires_at=past)
                    CheckoutSession.objects.filter(status="open").update(expires_at=past)
                    reservations_release_expired()
                elif orders:
                    order = Order.objects.get(pk=orders[-1 - op[1] % len(orders)])
                    seller = order.shop.owner
                    if name == "pay":
                        fulfilment.order_pay(
                            buyer=order.buyer, order_id=order.pk, token="tok_success"
                        )
                    elif name == "cancel":
                        fulfilment.order_cancel(actor=order.buyer, order_id=order.pk)
                    elif name == "refund":
                        fulfilment.order_refund(actor=seller, order_id=order.pk)
                    elif name == "ship":
                        fulfilment.order_ship(actor=seller, order_id=order.pk, tracking_number="T")
                    elif name == "deliver":
                        fulfilment.order_deliver(actor=seller, order_id=order.pk)
                    elif name == "complete":
                        fulfilment.order_complete(actor=order.buyer, order_id=order.pk)
            except DomainError:
                pass  # refused: must have changed nothing, which the books below check
            _check_books(variants, initial)
        transaction.set_rollback(True)
