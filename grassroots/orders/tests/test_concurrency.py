"""Stock is never oversold and money never counted twice under real concurrency (PostgreSQL).

Each job runs in its own thread with its own connection (as gunicorn workers would), all
released together by a barrier.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable

from grassroots.core.errors import Conflict
from grassroots.core.testing import POSTGRES_ONLY, run_together
from grassroots.orders import actions, fulfilment
from grassroots.orders.checkout import checkout_complete, checkout_place, checkout_start
from grassroots.orders.models import Order, Payment, PaymentCallback, StockReservation
from grassroots.orders.payments.testing import callback_body
from grassroots.orders.tests.factories import make_buyer, make_variant

pytestmark = POSTGRES_ONLY


def test_twenty_concurrent_checkouts_of_the_last_unit_make_exactly_one_order():
    variant = make_variant(stock=1)
    buyers = [make_buyer() for _ in range(20)]
    for user, _address in buyers:
        actions.cart_add(user=user, variant_id=variant.pk)
    outcomes: list[str] = []

    def checkout(user, address) -> Callable[[], None]:
        def job() -> None:
            try:
                checkout_place(buyer=user, key=uuid.uuid4().hex, address_id=address.pk)
            except Conflict as exc:
                outcomes.append(exc.code)
            else:
                outcomes.append("ordered")

        return job

    run_together([checkout(user, address) for user, address in buyers])
    assert outcomes.count("ordered") == 1
    assert set(outcomes) == {"ordered", "out_of_stock"}
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert (variant.stock, variant.allocated) == (1, 1)
    assert StockReservation.objects.filter(status="allocated").count() == 1
    assert not StockReservation.objects.filter(status="active").exists()


def test_concurrent_checkouts_of_many_units_never_oversell():
    variant = make_variant(stock=7)
    buyers = [make_buyer() for _ in range(12)]
    for user, _address in buyers:
        actions.cart_add(user=user, variant_id=variant.pk, quantity=2)

    def checkout(user, address) -> Callable[[], None]:
        def job() -> None:
            with contextlib.suppress(Conflict):
                checkout_place(buyer=user, key=uuid.uuid4().hex, address_id=address.pk)

        return job

    run_together([checkout(user, address) for user, address in buyers])
    variant.refresh_from_db()
    assert Order.objects.count() == 3  # 3 × 2 = 6 ≤ 7; a fourth would need 8
    assert variant.allocated == 6 <= variant.stock


def test_replayed_completion_races_return_the_same_orders():
    variant = make_variant(stock=3)
    user, address = make_buyer()
    actions.cart_add(user=user, variant_id=variant.pk, quantity=2)
    checkout = checkout_start(buyer=user, key="race", address_id=address.pk)
    results: list[list[int]] = []

    def complete() -> None:
        orders = checkout_complete(buyer=user, checkout_id=checkout.pk)
        results.append([o.pk for o in orders])

    run_together([complete for _ in range(8)])
    assert len({tuple(r) for r in results}) == 1
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.allocated == 2


def test_concurrent_duplicate_callbacks_count_the_money_once():
    variant = make_variant(stock=3)
    user, address = make_buyer()
    actions.cart_add(user=user, variant_id=variant.pk)
    order = checkout_place(buyer=user, key="cb", address_id=address.pk)[0]
    payment = fulfilment.order_pay(buyer=user, order_id=order.pk, token="tok_timeout")
    body = callback_body(
        reference=payment.reference, outcome="succeeded", amount=order.total, currency="CNY"
    )

    def deliver() -> None:
        fulfilment.payment_callback(gateway="test", payload=dict(body))

    run_together([deliver for _ in range(10)])
    order.refresh_from_db()
    assert order.status == "paid"
    assert PaymentCallback.objects.count() == 1
    assert Payment.objects.filter(order=order, status="succeeded").count() == 1
    assert order.events.filter(to_status="paid").count() == 1


def test_concurrent_ship_and_cancel_leave_consistent_stock():
    variant = make_variant(stock=4)
    user, address = make_buyer()
    actions.cart_add(user=user, variant_id=variant.pk, quantity=2)
    order = checkout_place(buyer=user, key="sc", address_id=address.pk)[0]
    fulfilment.order_pay(buyer=user, order_id=order.pk, token="tok_success")
    seller = order.shop.owner

    def ship() -> None:
        with contextlib.suppress(Conflict):
            fulfilment.order_ship(actor=seller, order_id=order.pk, tracking_number="T")

    def cancel() -> None:
        with contextlib.suppress(Conflict):
            fulfilment.order_cancel(actor=user, order_id=order.pk)

    run_together([ship, cancel, ship, cancel])
    order.refresh_from_db()
    variant.refresh_from_db()
    assert order.status in ("shipped", "cancelled")
    assert variant.allocated == 0
    assert variant.stock == (2 if order.status == "shipped" else 4)
    assert order.events.exclude(from_status="").count() == 2  # paid, then exactly one more
