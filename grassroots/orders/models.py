"""Carts, addresses, shipping rules, checkouts with stock reservations, orders and payments.

Stock rules (see docs/orders.md and grassroots/shops/models.py): a checkout *reserves* units
for a limited time (StockReservation); placing the order *allocates* them on the variant
(Variant.allocated); shipping takes them out of stock and allocation together; cancelling or
refunding before shipping gives the allocation back. Writes live in orders.actions only.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grassroots.shops.money import CURRENCY_CHOICES, DEFAULT_CURRENCY

USER = settings.AUTH_USER_MODEL


class Address(models.Model):
    """A delivery address owned by one user (orders keep a snapshot, so edits are safe)."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="addresses")
    recipient = models.CharField(_("recipient"), max_length=40)
    phone = models.CharField(_("phone"), max_length=20)
    region = models.CharField(_("region"), max_length=80)  # province / city / district
    line = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(is_default=True), name="address_one_default"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient}, {self.region}"

    def snapshot(self) -> dict[str, str]:
        return {
            "recipient": self.recipient,
            "phone": self.phone,
            "region": self.region,
            "line": self.line,
            "postcode": self.postcode,
        }


class ShippingRule(models.Model):
    """A shop's delivery fee: base fee + fee per extra unit, free from a subtotal (optional).

    Amounts are in the shop's currency. A shop without a rule ships for free.
    """

    shop = models.OneToOneField(
        "shops.Shop", on_delete=models.CASCADE, related_name="shipping_rule"
    )
    base_fee = models.DecimalField(
        _("base fee"), default=Decimal("0"), max_digits=12, decimal_places=2
    )
    per_extra_unit = models.DecimalField(
        _("fee per extra unit"), default=Decimal("0"), max_digits=12, decimal_places=2
    )
    free_over = models.DecimalField(
        _("free from"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"shipping of shop {self.shop_id}"


class Cart(models.Model):
    """A signed-in user's cart (a guest's cart lives in the session until log-in)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="cart")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"cart of {self.user_id}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey("shops.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=1)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_item_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_item_quantity_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"


class CheckoutSession(models.Model):
    """One checkout attempt: holds reservations until completed or expired.

    `key` is the client's idempotency key: starting twice with the same key returns the same
    session, completing it twice returns the same orders.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")

    buyer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="checkouts")
    key = models.CharField(max_length=64)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyer", "key"], name="checkout_key_once"),
        ]

    def __str__(self) -> str:
        return f"checkout {self.pk} ({self.status})"


class StockReservation(models.Model):
    """Units of a variant held for a checkout until `expires_at`."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ALLOCATED = "allocated", _("Allocated")
        RELEASED = "released", _("Released")

    checkout = models.ForeignKey(
        CheckoutSession, on_delete=models.CASCADE, related_name="reservations"
    )
    variant = models.ForeignKey("shops.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["variant_id"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="reservation_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="reservation_quantity_pos"),
        ]
        indexes = [
            models.Index(
                fields=["variant", "expires_at"],
                condition=Q(status="active"),
                name="reservation_live_idx",
            ),
            models.Index(
                fields=["expires_at"], condition=Q(status="active"), name="reservation_expiry_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of {self.variant_id} for checkout {self.checkout_id}"


class Order(models.Model):
    """One shop's part of a checkout. Status moves only through orders.actions transitions."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    buyer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="orders")
    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="orders")
    checkout = models.ForeignKey(
        CheckoutSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    number = models.CharField(max_length=24, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING_PAYMENT)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_fee = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    address = models.JSONField(default=dict)  # snapshot of the Address at checkout
    tracking_number = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # cancelled or refunded

    class Meta:
        indexes = [
            models.Index(fields=["buyer", "-id"], name="order_buyer_idx"),
            models.Index(fields=["shop", "-id"], name="order_shop_idx"),
            models.Index(fields=["status", "created_at"], name="order_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("subtotal") + F("shipping_fee")), name="order_total_sum"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "shops.Product", null=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    variant = models.ForeignKey(
        "shops.Variant", null=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    title = models.CharField(max_length=120)  # product title + variant attributes, as sold
    sku = models.CharField(max_length=40, blank=True)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=12, decimal_places=2)
    # The note that led the buyer here (shops.attribution, last note within 7 days).
    source_note = models.ForeignKey(
        "notes.Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="order_lines"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["source_note"], name="orderline_note_idx")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"


class OrderEvent(models.Model):
    """The order's log: every status transition (and payment notes) with who and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    message = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"

    @staticmethod
    def _label(status: str) -> str:
        return str(Order.Status(status).label) if status in Order.Status.values else status

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class Payment(models.Model):
    """One charge attempt for an order through a gateway."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the gateway")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=20)
    reference = models.CharField(max_length=64, unique=True)  # the gateway's charge id
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    failure = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Money is counted once: at most one successful (or refunded) payment per order.
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status__in=["succeeded", "refunded"]),
                name="payment_one_success",
            ),
            models.UniqueConstraint(
                fields=["order"], condition=Q(status="pending"), name="payment_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"


class PaymentCallback(models.Model):
    """Every callback a gateway delivered, once per (gateway, event id): replays are no-ops."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=64)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    outcome = models.CharField(max_length=20)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="callback_once"),
        ]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.event_id}"


class OrderNotification(models.Model):
    """A buyer's or seller's notice about an order, written after the change committed."""

    class Kind(models.TextChoices):
        PLACED = "placed", _("New order")
        PAID = "paid", _("Order paid")
        SHIPPED = "shipped", _("Order shipped")
        DELIVERED = "delivered", _("Order delivered")
        COMPLETED = "completed", _("Order completed")
        CANCELLED = "cancelled", _("Order cancelled")
        REFUNDED = "refunded", _("Order refunded")

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="order_notices")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    as_seller = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "-id"], name="order_notice_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
