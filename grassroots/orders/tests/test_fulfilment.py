"""The order state machine, payments through the test gateway, callbacks and notifications."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import Conflict, NotFound, ValidationFailed
from grassroots.orders import fulfilment
from grassroots.orders.models import Order, OrderEvent, OrderNotification, Payment, PaymentCallback
from grassroots.orders.payments.testing import callback_body
from grassroots.orders.tests.factories import make_buyer, make_variant, place_order
from grassroots.shops.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(variant, buyer):
    user, address = buyer
    return place_order(user, address, variant, quantity=2)


def _seller(order: Order):
    return order.shop.owner


def _row(model, pk):
    return model.objects.filter(pk=pk).values().get()


def test_happy_path_logs_every_transition_and_moves_stock(placed, variant, buyer):
    user, _ = buyer
    seller = _seller(placed)
    payment = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    assert payment.status == "succeeded" and payment.amount == placed.total
    fulfilment.order_ship(actor=seller, order_id=placed.pk, tracking_number="SF123")
    variant.refresh_from_db()
    assert (variant.stock, variant.allocated) == (3, 0)
    fulfilment.order_deliver(actor=seller, order_id=placed.pk)
    fulfilment.order_complete(actor=user, order_id=placed.pk)
    placed.refresh_from_db()
    assert placed.status == "completed" and placed.tracking_number == "SF123"
    assert placed.paid_at and placed.shipped_at and placed.delivered_at
    steps = list(placed.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "pending_payment"),
        ("pending_payment", "paid"),
        ("paid", "shipped"),
        ("shipped", "delivered"),
        ("delivered", "completed"),
    ]


@pytest.mark.parametrize(
    ("prepare", "action"),
    [
        ([], "ship"),
        ([], "deliver"),
        ([], "complete"),
        (["pay"], "complete"),
        (["pay", "ship"], "cancel"),
        (["cancel"], "pay_again"),
        (["pay", "ship", "deliver", "complete"], "refund"),
        (["cancel"], "ship"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(placed, buyer, prepare, action):
    user, _ = buyer
    seller = _seller(placed)
    calls = {
        "pay": lambda: fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success"),
        "pay_again": lambda: fulfilment.order_pay(
            buyer=user, order_id=placed.pk, token="tok_success"
        ),
        "ship": lambda: fulfilment.order_ship(
            actor=seller, order_id=placed.pk, tracking_number="T"
        ),
        "deliver": lambda: fulfilment.order_deliver(actor=seller, order_id=placed.pk),
        "complete": lambda: fulfilment.order_complete(actor=user, order_id=placed.pk),
        "cancel": lambda: fulfilment.order_cancel(actor=user, order_id=placed.pk),
        "refund": lambda: fulfilment.order_refund(actor=seller, order_id=placed.pk),
    }
    for step in prepare:
        calls[step]()
    variant_id = placed.lines.get().variant_id
    from grassroots.shops.models import Variant

    before = (
        _row(Order, placed.pk),
        _row(Variant, variant_id),
        OrderEvent.objects.count(),
        list(Payment.objects.values()),
    )
    with pytest.raises(Conflict) as refused:
        calls[action]()
    assert refused.value.status == 409
    after = (
        _row(Order, placed.pk),
        _row(Variant, variant_id),
        OrderEvent.objects.count(),
        list(Payment.objects.values()),
    )
    assert before == after


def test_cancel_before_payment_gives_stock_back(placed, variant, buyer):
    user, _ = buyer
    fulfilment.order_cancel(actor=user, order_id=placed.pk)
    variant.refresh_from_db()
    assert variant.allocated == 0 and variant.stock == 5
    placed.refresh_from_db()
    assert placed.status == "cancelled" and placed.closed_at


def test_cancel_after_payment_refunds_the_money(placed, variant, buyer):
    user, _ = buyer
    fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    fulfilment.order_cancel(actor=_seller(placed), order_id=placed.pk)
    assert Payment.objects.get(order=placed).status == "refunded"
    variant.refresh_from_db()
    assert variant.allocated == 0


def test_refund_after_shipping_keeps_stock_and_refunds(placed, variant, buyer):
    user, _ = buyer
    seller = _seller(placed)
    fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    fulfilment.order_ship(actor=seller, order_id=placed.pk, tracking_number="YT1")
    fulfilment.order_refund(actor=seller, order_id=placed.pk, reason="damaged")
    variant.refresh_from_db()
    assert (variant.stock, variant.allocated) == (3, 0)
    assert Payment.objects.get(order=placed).status == "refunded"
    assert placed.events.last().message == "damaged"


def test_only_the_right_people_act(placed, buyer):
    user, _ = buyer
    stranger = UserFactory()
    staff = ShopMemberFactory(shop=placed.shop).user
    with pytest.raises(NotFound):
        fulfilment.order_pay(buyer=stranger, order_id=placed.pk, token="tok_success")
    with pytest.raises(NotFound):
        fulfilment.order_pay(buyer=staff, order_id=placed.pk, token="tok_success")
    fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    with pytest.raises(NotFound):  # the buyer is not the seller
        fulfilment.order_ship(actor=user, order_id=placed.pk, tracking_number="X")
    with pytest.raises(NotFound):
        fulfilment.order_refund(actor=stranger, order_id=placed.pk)
    fulfilment.order_ship(actor=staff, order_id=placed.pk, tracking_number="X")  # shop staff may


def test_tracking_number_is_required(placed, buyer):
    user, _ = buyer
    fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    with pytest.raises(ValidationFailed):
        fulfilment.order_ship(actor=_seller(placed), order_id=placed.pk, tracking_number="  ")
    placed.refresh_from_db()
    assert placed.status == "paid"


def test_declined_card_leaves_the_order_payable(placed, buyer):
    user, _ = buyer
    declined = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_decline")
    assert declined.status == "failed"
    placed.refresh_from_db()
    assert placed.status == "pending_payment"
    paid = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    assert paid.status == "succeeded" and paid.pk != declined.pk


def test_unknown_token_is_refused_without_leaving_a_pending_payment(placed, buyer):
    user, _ = buyer
    with pytest.raises(ValidationFailed):
        fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_nope")
    assert not Payment.objects.filter(status="pending").exists()


def test_a_gateway_the_site_has_not_enabled_is_refused_and_changes_nothing(placed, buyer, settings):
    settings.PAYMENT_GATEWAYS = []  # production's default: the TEST gateway is off
    user, _ = buyer
    with pytest.raises(NotFound) as info:
        fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    assert info.value.code == "gateway_disabled"
    assert not Payment.objects.exists()
    placed.refresh_from_db()
    assert placed.status == "pending_payment"


def test_timeout_stays_pending_until_the_callback(placed, buyer):
    user, _ = buyer
    payment = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_timeout")
    assert payment.status == "pending"
    with pytest.raises(Conflict):  # no second charge while the first is unknown
        fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    body = callback_body(
        reference=payment.reference, outcome="succeeded", amount=placed.total, currency="CNY"
    )
    fulfilment.payment_callback(gateway="test", payload=body)
    fulfilment.payment_callback(gateway="test", payload=body)  # replay
    placed.refresh_from_db()
    assert placed.status == "paid"
    assert PaymentCallback.objects.count() == 1
    assert placed.events.filter(to_status="paid").count() == 1


def test_duplicate_callbacks_count_the_money_once(placed, buyer):
    user, _ = buyer
    payment = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_duplicate")
    assert payment.status == "succeeded"
    assert PaymentCallback.objects.count() == 1  # the second delivery was a replay
    assert Payment.objects.filter(order=placed, status="succeeded").count() == 1
    again = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    assert again.pk == payment.pk  # paying a paid order replays the same payment
    assert Payment.objects.filter(order=placed).count() == 1
    assert placed.events.filter(to_status="paid").count() == 1


def test_forged_or_wrong_amount_callbacks_change_nothing(placed, buyer):
    user, _ = buyer
    payment = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_timeout")
    body = callback_body(
        reference=payment.reference, outcome="succeeded", amount=placed.total, currency="CNY"
    )
    forged = {**body, "amount": "0.01"}
    with pytest.raises(ValidationFailed):
        fulfilment.payment_callback(gateway="test", payload=forged)
    wrong = callback_body(
        reference=payment.reference,
        outcome="succeeded",
        amount=Decimal("0.01"),
        currency="CNY",
        event_id="evt_wrong",
    )
    with pytest.raises(ValidationFailed):
        fulfilment.payment_callback(gateway="test", payload=wrong)
    placed.refresh_from_db()
    assert placed.status == "pending_payment"
    assert not PaymentCallback.objects.exists()


def test_late_payment_on_a_cancelled_order_is_refunded(placed, buyer):
    user, _ = buyer
    payment = fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_timeout")
    Payment.objects.filter(pk=payment.pk).update(status="failed")  # gateway said nothing yet
    fulfilment.order_cancel(actor=user, order_id=placed.pk)
    Payment.objects.filter(pk=payment.pk).update(status="pending")
    body = callback_body(
        reference=payment.reference, outcome="succeeded", amount=placed.total, currency="CNY"
    )
    fulfilment.payment_callback(gateway="test", payload=body)
    payment.refresh_from_db()
    placed.refresh_from_db()
    assert payment.status == "refunded" and placed.status == "cancelled"


def test_notifications_only_after_commit(placed, buyer, django_capture_on_commit_callbacks):
    user, _ = buyer
    seller = _seller(placed)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    assert not OrderNotification.objects.exists()  # nothing before the commit
    assert pending
    for callback in pending:
        callback()
    kinds = set(OrderNotification.objects.values_list("recipient_id", "kind"))
    assert (seller.pk, "paid") in kinds and (user.pk, "paid") in kinds
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.order_ship(actor=seller, order_id=placed.pk, tracking_number="T1")
    assert OrderNotification.objects.filter(recipient=user, kind="shipped").exists()
    assert not OrderNotification.objects.filter(recipient=seller, kind="shipped").exists()


def test_rolled_back_change_sends_nothing(placed, buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationFailed):
        fulfilment.order_ship(actor=_seller(placed), order_id=placed.pk, tracking_number="")
    assert not OrderNotification.objects.exists()


def test_revenue_lines_follow_the_contract(placed, buyer):
    from grassroots.orders.queries import lines_for_revenue

    user, _ = buyer
    assert not lines_for_revenue().exists()
    fulfilment.order_pay(buyer=user, order_id=placed.pk, token="tok_success")
    assert list(lines_for_revenue().values_list("order_id", flat=True)) == [placed.pk]
    fulfilment.order_cancel(actor=user, order_id=placed.pk)
    assert not lines_for_revenue().exists()


def test_two_buyers_orders_are_independent(variant):
    first, a1 = make_buyer()
    second, a2 = make_buyer()
    o1 = place_order(first, a1, variant)
    o2 = place_order(second, a2, variant)
    fulfilment.order_cancel(actor=first, order_id=o1.pk)
    o2.refresh_from_db()
    assert o2.status == "pending_payment"
    variant.refresh_from_db()
    assert variant.allocated == 1


def test_order_numbers_are_unique(variant):
    other = make_variant()
    user, address = make_buyer()
    numbers = {place_order(user, address, v).number for v in (variant, other)}
    assert len(numbers) == 2
