"""Helpers for orders tests: a shop with stock, a buyer with an address, orders placed the
real way (through orders.actions / orders.checkout). Shops rows come from shops' factories."""

from __future__ import annotations

import uuid
from decimal import Decimal

from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.orders import actions
from grassroots.orders.checkout import checkout_place
from grassroots.orders.models import Address, Order
from grassroots.shops.models import Shop, Variant
from grassroots.shops.tests.factories import ProductFactory, ShopFactory, VariantFactory


def make_variant(
    *, stock: int = 10, price: str = "19.90", shop: Shop | None = None, title: str = ""
) -> Variant:
    shop = shop or ShopFactory()
    product = ProductFactory(shop=shop, **({"title": title} if title else {}))
    return VariantFactory(product=product, stock=stock, price=Decimal(price))


def make_buyer(username: str | None = None) -> tuple[User, Address]:
    buyer = UserFactory(**({"username": username} if username else {}))
    address = actions.address_create(
        owner=buyer, recipient="Li Lei", phone="13800000000", region="Shanghai", line="1 Road"
    )
    return buyer, address


def place_order(buyer: User, address: Address, variant: Variant, quantity: int = 1) -> Order:
    actions.cart_add(user=buyer, variant_id=variant.pk, quantity=quantity)
    orders = checkout_place(buyer=buyer, key=uuid.uuid4().hex, address_id=address.pk)
    assert len(orders) == 1
    return orders[0]


# --- the security suite's objects (tests/security) ------------------------------------------

# The gateway callback is authenticated by the gateway's signature, not a session or token.
ANONYMOUS_WRITES = {("post", "/api/payments/callbacks/{gateway}")}
# The fixture's order is paid: these two get through CSRF and then answer 409 (no shipment yet).
STATE_DEPENDENT_WRITES = {
    ("post", "/api/orders/{order_id}/received"),
    ("post", "/api/seller/orders/{order_id}/deliver"),
}


def security_objects(*, member: User, other: User) -> dict[str, str]:
    """URL values for the route walks: `member` has a cart line, an address, an open checkout
    and a paid order bought from `other`'s shop, where `member` then became staff (so the one
    order serves the buyer and the seller routes), and a shop of their own."""
    from grassroots.orders.checkout import checkout_start
    from grassroots.orders.fulfilment import order_pay
    from grassroots.shops.tests.factories import ShopMemberFactory

    sold_by_other = ShopFactory(owner=other)
    first = make_variant(stock=5)  # a third shop: the cart and the open checkout
    second = make_variant(shop=sold_by_other, stock=5)
    address = actions.address_create(
        owner=member, recipient="Member", phone="13900000000", region="Beijing", line="2 Lane"
    )
    order = place_order(member, address, second)
    order_pay(buyer=member, order_id=order.pk, token="tok_success")
    item = actions.cart_add(user=member, variant_id=first.pk)
    checkout = checkout_start(buyer=member, key="security", address_id=address.pk)
    own_shop = ShopFactory(owner=member)
    ShopMemberFactory(shop=sold_by_other, user=member)
    return {
        "order_id": str(order.pk),
        "item_id": str(item.pk),
        "address_id": str(address.pk),
        "checkout_id": str(checkout.pk),
        "shop_id": str(own_shop.pk),
        "variant_id": str(first.pk),
        "gateway": "test",
    }


def security_bodies(kwargs: dict[str, str]) -> dict[tuple[str, str], dict[str, object]]:
    """Valid JSON bodies of the orders API writes (for the CSRF suite's positive controls)."""
    return {
        ("post", "/api/cart/items"): {"variant_id": int(kwargs["variant_id"])},
        ("patch", "/api/cart/items/{item_id}"): {"quantity": 2},
        ("post", "/api/addresses"): {
            "recipient": "X",
            "phone": "13000000000",
            "region": "R",
            "line": "L",
        },
        ("patch", "/api/addresses/{address_id}"): {"recipient": "Hacked"},
        ("put", "/api/shops/{shop_id}/shipping-rule"): {"base_fee": "5"},
        ("post", "/api/checkout"): {},
        ("post", "/api/checkout/{checkout_id}/complete"): {},
        ("post", "/api/orders/{order_id}/pay"): {"token": "tok_success"},
        ("post", "/api/orders/{order_id}/cancel"): {},
        ("post", "/api/seller/orders/{order_id}/ship"): {"tracking_number": "T"},
        ("post", "/api/seller/orders/{order_id}/refund"): {},
        ("post", "/api/seller/orders/{order_id}/cancel"): {},
    }
