"""Shops and their catalogue: products with variants (SKUs) carrying price and stock.

Stock semantics (shared with the orders app): `stock` is the units on hand; `allocated` is the
units committed to orders that have not shipped (pending payment or paid). Units a checkout
may still reserve = stock - allocated - live reservations. Shipping takes units out of both.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grassroots.shops.money import CURRENCY_CHOICES, DEFAULT_CURRENCY, Money

USER = settings.AUTH_USER_MODEL


class Shop(models.Model):
    """A buyer's shop (any user may open one; a brand may own one too)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    policies = models.TextField(_("policies"), max_length=2000, blank=True)
    avatar = models.CharField(max_length=200, blank=True)  # storage path, like profile avatars
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="owned_shops")
    brand = models.ForeignKey(
        "brands.Brand", null=True, blank=True, on_delete=models.SET_NULL, related_name="shops"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class ShopMember(models.Model):
    """Who may change a shop's catalogue and fulfil its orders."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="shop_memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shop", "user"], name="shop_member_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in shop {self.shop_id} ({self.role})"


class Product(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("On sale")
        DRAFT = "draft", _("Draft")
        ARCHIVED = "archived", _("Archived")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="products")
    title = models.CharField(_("title"), max_length=60)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    category = models.ForeignKey(
        "notes.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Lowest active variant price, denormalised for cards (kept by shops.catalogue).
    price_from = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY)
    note_count = models.PositiveIntegerField(default=0)  # listed notes that carry its card
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["shop", "status", "-id"], name="product_shop_idx")]

    def __str__(self) -> str:
        return self.title


class Variant(models.Model):
    """One SKU: a combination of attributes (size, colour…) with its own price and stock."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=40)
    # {"size": "M", "colour": "red"}; empty for a product without options.
    attributes = models.JSONField(default=dict, blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    allocated = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "sku"], name="variant_sku_unique"),
            models.CheckConstraint(
                condition=Q(allocated__lte=F("stock")), name="variant_allocated_within_stock"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.sku}"

    @property
    def currency(self) -> str:
        return self.product.currency

    @property
    def unit_price(self) -> Money:
        return Money(self.price, self.product.currency)


class ProductImage(models.Model):
    """One re-encoded product picture (sizes stored by grassroots.core.images)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    large = models.CharField(max_length=200)
    medium = models.CharField(max_length=200)
    thumb = models.CharField(max_length=200)
    alt_text = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "position"], name="product_image_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"image {self.position + 1} of product {self.product_id}"


class NoteProduct(models.Model):
    """A product card in a note, chosen by the note's author while publishing."""

    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="product_links")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="note_links")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["note", "product"], name="note_product_once")
        ]
        indexes = [models.Index(fields=["product", "note"], name="noteproduct_product_idx")]

    def __str__(self) -> str:
        return f"note {self.note_id} -> product {self.product_id}"


class ProductTouch(models.Model):
    """A visitor reached a product from a note (a card click/view, or an add-to-cart).

    The evidence the attribution rule reads (shops.attribution). A signed-in visitor's touches
    carry the user; a guest's carry the session's visitor key until they sign in.
    """

    class Kind(models.TextChoices):
        VIEW = "view", _("Product view")
        CART = "cart", _("Added to cart")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="touches")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["product", "user", "-created_at"], name="touch_product_user_idx"),
            models.Index(
                fields=["product", "session_key", "-created_at"], name="touch_product_guest_idx"
            ),
            models.Index(fields=["note", "kind"], name="touch_note_kind_idx"),
            models.Index(fields=["session_key"], name="touch_session_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of product {self.product_id} from note {self.note_id}"


class VerifiedPurchase(models.Model):
    """A note published from a delivered order line: the author bought what they review.

    `order_line_id` names an orders.OrderLine (a plain id: the orders app keeps its own
    migrations; one note per order line).
    """

    note = models.OneToOneField(
        "notes.Note", on_delete=models.CASCADE, related_name="verified_purchase"
    )
    order_line_id = models.PositiveBigIntegerField(unique=True)
    product = models.ForeignKey(
        Product, null=True, on_delete=models.SET_NULL, related_name="verified_purchases"
    )
    buyer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"note {self.note_id} verified by order line {self.order_line_id}"
