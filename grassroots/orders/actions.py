"""Writes for the buyer's side before checkout: cart, guest cart, addresses, shipping rules.

Checkout and stock live in orders.checkout; the order state machine and payments in
orders.fulfilment.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import NotFound, ValidationFailed
from grassroots.orders.models import Address, Cart, CartItem, ShippingRule
from grassroots.shops import attribution
from grassroots.shops.models import Shop, Variant
from grassroots.shops.money import parse_amount
from grassroots.shops.queries import is_shop_member, shop_for_member, variant_for_sale

MAX_QUANTITY = 99  # per cart line
MAX_CART_LINES = 50
MAX_ADDRESSES = 20
GUEST_CART_SESSION_KEY = "orders_guest_cart"  # {"<variant id>": quantity, ...}


# --- cart -------------------------------------------------------------------------------


def _check_quantity(quantity: int) -> int:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise ValidationFailed("bad_quantity", _("Quantity must be a whole number."))
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed(
            "bad_quantity",
            _("Quantity must be between 1 and %(max)s.") % {"max": MAX_QUANTITY},
            field="quantity",
        )
    return quantity


def _sellable(variant_id: int, user: Any) -> Variant:
    variant = variant_for_sale(variant_id)
    if user is not None and user.is_authenticated and is_shop_member(user, variant.product.shop):
        raise ValidationFailed("own_shop", _("You cannot buy from your own shop."))
    return variant


def cart_for_user(user: User) -> Cart:
    cart, _created = Cart.objects.get_or_create(user=user)
    return cart


@transaction.atomic
def cart_add(
    *,
    user: User,
    variant_id: int,
    quantity: int = 1,
    note_id: int | None = None,
    visitor_key: str | None = None,
) -> CartItem:
    """Add units of a variant to the user's cart (adds to an existing line, up to the cap).

    `note_id` is the note the buyer came from (`?from=`): recorded as an attribution touch.
    """
    _check_quantity(quantity)
    variant = _sellable(variant_id, user)
    cart = cart_for_user(user)
    item = CartItem.objects.select_for_update().filter(cart=cart, variant=variant).first()
    if item is None:
        if CartItem.objects.filter(cart=cart).count() >= MAX_CART_LINES:
            raise ValidationFailed("cart_full", _("Your cart is full."))
        try:
            with transaction.atomic():
                item = CartItem.objects.create(cart=cart, variant=variant, quantity=quantity)
        except IntegrityError:  # a concurrent add created the line: add to it
            item = CartItem.objects.select_for_update().get(cart=cart, variant=variant)
            item.quantity = min(item.quantity + quantity, MAX_QUANTITY)
            item.save(update_fields=["quantity"])
    else:
        item.quantity = min(item.quantity + quantity, MAX_QUANTITY)
        item.save(update_fields=["quantity"])
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    attribution.touch_record(
        product_id=variant.product_id,
        note_id=note_id,
        user=user,
        session_key=visitor_key,
        kind="cart",
    )
    return item


def _own_item(user: User, item_id: int) -> CartItem:
    item = CartItem.objects.filter(pk=item_id, cart__user_id=user.pk).first()
    if item is None:  # another buyer's line answers the same as a missing one
        raise NotFound(_("This cart item does not exist."))
    return item


@transaction.atomic
def cart_set_quantity(*, user: User, item_id: int, quantity: int) -> CartItem:
    _check_quantity(quantity)
    item = _own_item(user, item_id)
    CartItem.objects.filter(pk=item.pk).update(quantity=quantity)
    item.quantity = quantity
    return item


@transaction.atomic
def cart_remove(*, user: User, item_id: int) -> None:
    _own_item(user, item_id).delete()


# --- guest cart (session) -----------------------------------------------------------------


def guest_cart_add(
    *,
    session: Any,
    variant_id: int,
    quantity: int = 1,
    note_id: int | None = None,
    visitor_key: str | None = None,
) -> dict[str, int]:
    """Add to a guest's cart kept in the session; merged into a real cart at log-in."""
    _check_quantity(quantity)
    variant = _sellable(variant_id, None)
    items = dict(session.get(GUEST_CART_SESSION_KEY) or {})
    key = str(variant.pk)
    if key not in items and len(items) >= MAX_CART_LINES:
        raise ValidationFailed("cart_full", _("Your cart is full."))
    items[key] = min(int(items.get(key, 0)) + quantity, MAX_QUANTITY)
    session[GUEST_CART_SESSION_KEY] = items
    attribution.touch_record(
        product_id=variant.product_id,
        note_id=note_id,
        user=None,
        session_key=visitor_key,
        kind="cart",
    )
    return items


def guest_cart_remove(*, session: Any, variant_id: int) -> None:
    items = dict(session.get(GUEST_CART_SESSION_KEY) or {})
    items.pop(str(variant_id), None)
    session[GUEST_CART_SESSION_KEY] = items


@transaction.atomic
def cart_merge_guest(*, user: User, items: dict[str, int]) -> int:
    """Move a guest cart's lines into the user's cart; lines no longer for sale are dropped."""
    merged = 0
    for key, quantity in sorted(items.items()):
        try:
            variant_id = int(key)
            amount = max(1, min(int(quantity), MAX_QUANTITY))
            cart_add(user=user, variant_id=variant_id, quantity=amount)
        except (ValueError, TypeError, NotFound, ValidationFailed):
            continue
        merged += 1
    return merged


def on_login(*, request: Any, user: User) -> None:
    """Called by the accounts log-in paths right after `login()`: the guest's cart and
    attribution touches become the user's (session data survives the session key change)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    items = session.pop(GUEST_CART_SESSION_KEY, None)
    if items:
        cart_merge_guest(user=user, items=dict(items))
    key = attribution.visitor_key(request, create=False)
    if key:
        attribution.attribution_claim_guest(session_key=key, user=user)


# --- addresses ------------------------------------------------------------------------------


ADDRESS_LIMITS = {"recipient": 40, "phone": 20, "region": 80, "line": 200, "postcode": 12}


def _clean_address(fields: dict[str, Any]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for name, limit in ADDRESS_LIMITS.items():
        value = " ".join(str(fields.get(name) or "").split())
        if name != "postcode" and not value:
            raise ValidationFailed("required", _("Please fill this in."), field=name)
        if len(value) > limit:
            raise ValidationFailed(
                "too_long",
                _("At most %(limit)s characters.") % {"limit": limit},
                field=name,
            )
        clean[name] = value
    phone = clean["phone"].replace(" ", "").replace("-", "")
    if not phone.lstrip("+").isdigit() or len(phone) < 5:
        raise ValidationFailed("bad_phone", _("Enter a phone number."), field="phone")
    return clean


def address_for_owner(*, user: User, address_id: int) -> Address:
    address = Address.objects.filter(pk=address_id, owner_id=user.pk).first()
    if address is None:
        raise NotFound(_("This address does not exist."))
    return address


@transaction.atomic
def address_create(
    *,
    owner: User,
    recipient: str,
    phone: str,
    region: str,
    line: str,
    postcode: str = "",
    is_default: bool = False,
) -> Address:
    clean = _clean_address(
        {
            "recipient": recipient,
            "phone": phone,
            "region": region,
            "line": line,
            "postcode": postcode,
        }
    )
    if Address.objects.filter(owner=owner).count() >= MAX_ADDRESSES:
        raise ValidationFailed("too_many", _("You have too many addresses."))
    first = not Address.objects.filter(owner=owner).exists()
    if is_default or first:
        Address.objects.filter(owner=owner, is_default=True).update(is_default=False)
    return Address.objects.create(owner=owner, is_default=is_default or first, **clean)


@transaction.atomic
def address_update(*, user: User, address_id: int, **fields: Any) -> Address:
    address = address_for_owner(user=user, address_id=address_id)
    merged = {**address.snapshot(), **{k: v for k, v in fields.items() if k in ADDRESS_LIMITS}}
    clean = _clean_address(merged)
    for name, value in clean.items():
        setattr(address, name, value)
    if fields.get("is_default"):
        Address.objects.filter(owner=user, is_default=True).exclude(pk=address.pk).update(
            is_default=False
        )
        address.is_default = True
    address.save()
    return address


@transaction.atomic
def address_delete(*, user: User, address_id: int) -> None:
    address_for_owner(user=user, address_id=address_id).delete()  # orders keep snapshots


# --- shipping rules -------------------------------------------------------------------------


@transaction.atomic
def shipping_rule_set(
    *,
    user: User,
    shop_id: int,
    base_fee: object,
    per_extra_unit: object = "0",
    free_over: object = None,
) -> ShippingRule:
    """Set a shop's shipping fee rule (shop members only); amounts in the shop's currency."""
    shop = shop_for_member(user=user, shop_id=shop_id)
    values = {
        "base_fee": parse_amount(base_fee, shop.currency, field="base_fee"),
        "per_extra_unit": parse_amount(per_extra_unit, shop.currency, field="per_extra_unit"),
        "free_over": (
            None
            if free_over in (None, "")
            else parse_amount(free_over, shop.currency, field="free_over")
        ),
    }
    rule, _created = ShippingRule.objects.update_or_create(shop=shop, defaults=values)
    return rule


_UNLOADED = object()


def shipping_fee(
    *, shop: Shop, units: int, subtotal: Decimal, rule: ShippingRule | None | object = _UNLOADED
) -> Decimal:
    """The fee for `units` items worth `subtotal` (shop currency). No rule: free.

    Pass `rule` when it is already loaded (None = the shop has none)."""
    if rule is _UNLOADED:
        rule = ShippingRule.objects.filter(shop_id=shop.pk).first()
    assert rule is None or isinstance(rule, ShippingRule)  # noqa: S101
    if rule is None or units <= 0:
        return Decimal("0")
    if rule.free_over is not None and subtotal >= rule.free_over:
        return Decimal("0")
    return rule.base_fee + rule.per_extra_unit * (units - 1)
