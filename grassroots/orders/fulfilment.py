"""The order state machine, payments and order notifications.

    pending_payment ──pay──► paid ──ship──► shipped ──deliver──► delivered ──complete──► completed
          │                   │                │                    │
          └──cancel──►  cancelled ◄──cancel────┘ (paid: refunded)   │
                              paid / shipped / delivered ──refund──► refunded

Every transition runs with the order row locked, checks TRANSITIONS (an illegal one raises
Conflict, 409, before anything is written), applies its stock effect, and logs an OrderEvent.
Locks are always taken order → payment → variants (in id order), so no two paths deadlock.
Notifications are written only after the change commits (transaction.on_commit).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.orders.checkout import deallocate, lock_variants, take_out_shipped
from grassroots.orders.models import (
    Order,
    OrderEvent,
    OrderNotification,
    Payment,
    PaymentCallback,
)
from grassroots.orders.payments import GatewayTimeout, get_gateway
from grassroots.shops.models import ShopMember

S = Order.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
# Units still allocated (not shipped) in these states; leaving them without shipping frees them.
ALLOCATED_STATUSES = frozenset({S.PENDING_PAYMENT, S.PAID})
TIMESTAMPS: dict[str, str] = {
    S.PAID: "paid_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "closed_at",
    S.REFUNDED: "closed_at",
}
PAYMENT_WINDOW = timedelta(seconds=int(getattr(settings, "ORDERS_PAYMENT_SECONDS", 1800)))
TRACKING_MAX = 40


# --- notifications (after commit) --------------------------------------------------------------

# Who hears about what: the buyer, the shop's members ("seller"), or both.
NOTICE_AUDIENCE: dict[str, tuple[bool, bool]] = {  # kind: (buyer, seller)
    "placed": (False, False),
    "paid": (True, True),
    "shipped": (True, False),
    "delivered": (True, True),
    "completed": (False, True),
    "cancelled": (True, True),
    "refunded": (True, True),
}


def _write_notices(order_id: int, kind: str, actor_id: int | None) -> None:
    order = Order.objects.filter(pk=order_id).only("buyer_id", "shop_id").first()
    if order is None:
        return
    to_buyer, to_seller = NOTICE_AUDIENCE[kind]
    rows = []
    if to_buyer and order.buyer_id != actor_id:
        rows.append(OrderNotification(recipient_id=order.buyer_id, order=order, kind=kind))
    if to_seller:
        members = ShopMember.objects.filter(shop_id=order.shop_id).values_list("user_id", flat=True)
        rows += [
            OrderNotification(recipient_id=user_id, order=order, kind=kind, as_seller=True)
            for user_id in members
            if user_id != actor_id
        ]
    OrderNotification.objects.bulk_create(rows)


def notify(order: Order, kind: str, actor: User | None = None) -> None:
    """Queue the order's notices for after the commit (nothing if the change rolls back)."""
    if not any(NOTICE_AUDIENCE.get(kind, (False, False))):
        return
    order_id, actor_id = order.pk, (actor.pk if actor is not None else None)
    transaction.on_commit(lambda: _write_notices(order_id, kind, actor_id))


@transaction.atomic
def notices_mark_read(*, user: User) -> int:
    return OrderNotification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- who may act --------------------------------------------------------------------------------


def _is_member(user: User, shop_id: int) -> bool:
    return ShopMember.objects.filter(shop_id=shop_id, user_id=user.pk).exists()


def _locked_order(order_id: int) -> Order:
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise NotFound(_("This order does not exist."))
    return order


def _order_for(actor: User, order_id: int, *, buyer: bool, seller: bool) -> Order:
    """The locked order if the actor plays an allowed role; others get the same 404."""
    order = _locked_order(order_id)
    if buyer and order.buyer_id == actor.pk:
        return order
    if seller and _is_member(actor, order.shop_id):
        return order
    raise NotFound(_("This order does not exist."))


# --- transitions ---------------------------------------------------------------------------------


def _transition(order: Order, to: str, *, actor: User | None, message: str = "") -> Order:
    """Move a locked order to `to`, or refuse (Conflict) without changing anything."""
    origin = order.status
    if to not in TRANSITIONS[origin]:
        raise Conflict(
            "illegal_transition",
            _("An order that is %(status)s cannot become %(target)s.")
            % {"status": S(origin).label, "target": S(to).label},
        )
    lines = list(order.lines.filter(variant__isnull=False).order_by("variant_id"))
    if lines and (origin in ALLOCATED_STATUSES or to == S.SHIPPED):
        lock_variants([line.variant_id for line in lines if line.variant_id is not None])
        for line in lines:
            assert line.variant_id is not None  # noqa: S101
            if to == S.SHIPPED:
                moved = take_out_shipped(line.variant_id, line.quantity)
            elif to in (S.CANCELLED, S.REFUNDED):
                moved = deallocate(line.variant_id, line.quantity)
            else:
                continue
            if not moved:  # the invariant broke elsewhere: refuse rather than go negative
                raise Conflict("stock_inconsistent", _("Stock for this order is inconsistent."))
    now = timezone.now()
    order.status = to
    fields = ["status"]
    if to in TIMESTAMPS:
        setattr(order, TIMESTAMPS[to], now)
        fields.append(TIMESTAMPS[to])
    if to == S.SHIPPED:
        fields.append("tracking_number")
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order, from_status=origin, to_status=to, actor=actor, message=message[:200]
    )
    notify(order, to, actor)
    return order


def _refund_payment(order: Order) -> None:
    """Give the money of a paid order back (locks the payment after the order)."""
    payment = (
        Payment.objects.select_for_update()
        .filter(order=order, status=Payment.Status.SUCCEEDED)
        .first()
    )
    if payment is None:
        return
    get_gateway(payment.gateway).refund(
        reference=payment.reference, amount=payment.amount, currency=payment.currency
    )
    payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["status"])


@transaction.atomic
def order_cancel(*, actor: User, order_id: int, reason: str = "") -> Order:
    """Cancel before shipping (buyer or seller); a paid order gets its money back."""
    order = _order_for(actor, order_id, buyer=True, seller=True)
    paid = order.status == S.PAID
    _transition(order, S.CANCELLED, actor=actor, message=reason or "cancelled")
    if paid:
        _refund_payment(order)
    return order


@transaction.atomic
def order_ship(*, actor: User, order_id: int, tracking_number: str) -> Order:
    """The seller hands the parcel over: tracking number required."""
    tracking = " ".join(str(tracking_number or "").split())
    order = _order_for(actor, order_id, buyer=False, seller=True)
    if not tracking or len(tracking) > TRACKING_MAX:
        raise ValidationFailed(
            "bad_tracking",
            _("Enter the tracking number (at most %(max)s characters).") % {"max": TRACKING_MAX},
            field="tracking_number",
        )
    if S.SHIPPED in TRANSITIONS[order.status]:
        order.tracking_number = tracking
    return _transition(order, S.SHIPPED, actor=actor, message=f"tracking {tracking}")


@transaction.atomic
def order_deliver(*, actor: User, order_id: int) -> Order:
    """Delivered: marked by the seller (carrier confirmed) or the buyer (received)."""
    order = _order_for(actor, order_id, buyer=True, seller=True)
    return _transition(order, S.DELIVERED, actor=actor, message="delivered")


@transaction.atomic
def order_complete(*, actor: User, order_id: int) -> Order:
    """The buyer confirms all is well: the order is closed."""
    order = _order_for(actor, order_id, buyer=True, seller=False)
    return _transition(order, S.COMPLETED, actor=actor, message="completed")


@transaction.atomic
def order_refund(*, actor: User, order_id: int, reason: str = "") -> Order:
    """The seller refunds (paid, shipped or delivered): the payment is refunded."""
    order = _order_for(actor, order_id, buyer=False, seller=True)
    _transition(order, S.REFUNDED, actor=actor, message=reason or "refunded")
    _refund_payment(order)
    return order


# --- payments -------------------------------------------------------------------------------------


@transaction.atomic
def _payment_open(*, buyer: User, order_id: int, gateway: str) -> tuple[Payment, bool]:
    """(payment, is_new): a new pending payment, or the successful one of a paid order."""
    order = _order_for(buyer, order_id, buyer=True, seller=False)
    done = Payment.objects.filter(
        order=order, status__in=[Payment.Status.SUCCEEDED, Payment.Status.REFUNDED]
    ).first()
    if done is not None:
        return done, False  # a replayed "pay": the same payment, the money counted once
    if order.status != S.PENDING_PAYMENT:
        raise Conflict("not_payable", _("This order cannot be paid now."))
    if Payment.objects.filter(order=order, status=Payment.Status.PENDING).exists():
        raise Conflict("payment_pending", _("A payment for this order is being confirmed."))
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                order=order,
                gateway=gateway,
                reference=f"pay_{secrets.token_hex(12)}",
                amount=order.total,
                currency=order.currency,
            )
    except IntegrityError:
        raise Conflict(
            "payment_pending", _("A payment for this order is being confirmed.")
        ) from None
    return payment, True


def order_pay(*, buyer: User, order_id: int, token: str, gateway: str = "test") -> Payment:
    """Charge the order through a gateway (the buyer only).

    Three short steps, never holding a lock while the gateway thinks: open a pending payment
    (one per order at a time), charge, settle. A timeout leaves the payment pending until the
    gateway's callback settles it. Paying a paid order returns its payment again.
    """
    gateway_impl = get_gateway(gateway)
    payment, is_new = _payment_open(buyer=buyer, order_id=order_id, gateway=gateway)
    if not is_new:
        return payment
    try:
        result = gateway_impl.charge(
            reference=payment.reference,
            amount=payment.amount,
            currency=payment.currency,
            token=token,
        )
    except GatewayTimeout:
        return payment  # pending: the callback decides
    except Exception:
        _payment_discard(payment.pk)  # refused before anything happened (bad token)
        raise
    payment = payment_settle(
        payment_id=payment.pk,
        outcome=result.outcome,
        amount=payment.amount,
        currency=payment.currency,
        message=result.message,
    )
    for body in result.callbacks:  # the test gateway "posts" its callbacks now
        payment_callback(gateway=gateway, payload=body)
    payment.refresh_from_db()
    return payment


@transaction.atomic
def _payment_discard(payment_id: int) -> None:
    Payment.objects.filter(pk=payment_id, status=Payment.Status.PENDING).update(
        status=Payment.Status.FAILED, failure="refused by the gateway"
    )


@transaction.atomic
def payment_settle(
    *, payment_id: int, outcome: str, amount: Any, currency: str, message: str = ""
) -> Payment:
    """Record the gateway's verdict on a pending payment; settling twice changes nothing."""
    order_id = Payment.objects.filter(pk=payment_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFound(_("Unknown payment."))
    order = _locked_order(order_id)  # order first, then payment: the one lock order
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status != Payment.Status.PENDING:
        return payment
    now = timezone.now()
    if outcome != "succeeded":
        payment.status = Payment.Status.FAILED
        payment.failure = (message or outcome)[:120]
        payment.settled_at = now
        payment.save(update_fields=["status", "failure", "settled_at"])
        OrderEvent.objects.create(
            order=order,
            from_status=order.status,
            to_status=order.status,
            message=f"payment {payment.reference} declined",
        )
        return payment
    try:
        paid = Decimal(str(amount))
    except InvalidOperation:
        paid = Decimal(-1)
    if paid != payment.amount or currency != payment.currency:
        raise ValidationFailed("amount_mismatch", _("The paid amount does not match the order."))
    payment.status = Payment.Status.SUCCEEDED
    payment.settled_at = now
    payment.save(update_fields=["status", "settled_at"])
    if order.status == S.PENDING_PAYMENT:
        _transition(order, S.PAID, actor=None, message=f"paid: {payment.reference}")
    else:  # e.g. cancelled for non-payment meanwhile: the money goes straight back
        _refund_payment(order)
        OrderEvent.objects.create(
            order=order,
            from_status=order.status,
            to_status=order.status,
            message=f"late payment {payment.reference} refunded",
        )
    return payment


def payment_callback(*, gateway: str, payload: dict[str, Any]) -> PaymentCallback:
    """Handle a gateway callback: verified, recorded once per event id, then applied.

    A replay of the same event returns the first record and changes nothing.
    """
    event = get_gateway(gateway).verify_callback(payload)
    if not event.event_id or not event.reference:
        raise ValidationFailed("bad_callback", _("The callback names no event or payment."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = PaymentCallback.objects.create(
                    gateway=gateway,
                    event_id=event.event_id,
                    outcome=event.outcome,
                    payload={k: str(v) for k, v in payload.items()},
                )
        except IntegrityError:
            return PaymentCallback.objects.get(gateway=gateway, event_id=event.event_id)
        payment = Payment.objects.filter(gateway=gateway, reference=event.reference).first()
        if payment is None:
            return record  # kept for the record; nothing to apply
        record.payment = payment
        record.save(update_fields=["payment"])
        payment_settle(
            payment_id=payment.pk,
            outcome=event.outcome,
            amount=event.amount,
            currency=event.currency,
        )
    return record


# --- expiry of unpaid orders ------------------------------------------------------------------


def orders_cancel_unpaid(*, now: datetime | None = None, batch: int = 200) -> int:
    """Cancel orders still awaiting payment after PAYMENT_WINDOW (not while a payment is
    being confirmed), giving their stock back; returns how many."""
    cutoff = (now or timezone.now()) - PAYMENT_WINDOW
    ids = list(
        Order.objects.filter(status=S.PENDING_PAYMENT, created_at__lte=cutoff)
        .exclude(payments__status=Payment.Status.PENDING)
        .order_by("id")
        .values_list("pk", flat=True)[:batch]
    )
    cancelled = 0
    for order_id in ids:
        with transaction.atomic():
            order = _locked_order(order_id)
            if order.status != S.PENDING_PAYMENT:
                continue
            if Payment.objects.filter(order=order, status=Payment.Status.PENDING).exists():
                continue
            _transition(order, S.CANCELLED, actor=None, message="not paid in time")
            cancelled += 1
    return cancelled


def require_member(user: User, shop_id: int) -> None:
    if not _is_member(user, shop_id):
        raise Forbidden()
