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


def place_order(
    buyer: User, address: Address, variant: Variant, quantity: int = 1
) -> Order:
    actions.cart_add(user=buyer, variant_id=variant.pk, quantity=quantity)
    orders = checkout_place(buyer=buyer, key=uuid.uuid4().hex, address_id=address.pk)
    assert len(orders) == 1
    return orders[0]
