"""From a note to a shipped order in a real browser: note → product card → product → add to
cart → checkout → pay with the TEST gateway → the seller marks it shipped."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grassroots.accounts.tests.factories import UserFactory
from grassroots.orders import actions
from grassroots.orders.models import Order
from grassroots.shops.tests.factories import (
    NoteFactory,
    NoteProductFactory,
    ProductFactory,
    ShopFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(db):
    seller = UserFactory(username="seller", display_name="Seller")
    shop = ShopFactory(owner=seller, name="Trail Shop", slug="trail-shop")
    product = ProductFactory(shop=shop, title="Folding stove", price_from=Decimal("89.00"))
    variant = VariantFactory(product=product, sku="STOVE", price=Decimal("89.00"), stock=3)
    actions.shipping_rule_set(user=seller, shop_id=shop.pk, base_fee="10")
    note = NoteFactory(title="Stove review", author=UserFactory(username="camper"))
    NoteProductFactory(note=note, product=product)
    buyer = UserFactory(username="buyer", display_name="Buyer")
    actions.address_create(
        owner=buyer, recipient="Li Lei", phone="13800000000", region="Shanghai", line="1 Road"
    )
    return {"seller": seller, "buyer": buyer, "note": note, "variant": variant}


def test_note_to_shipped_order(page, login, world, shoot):
    login(world["buyer"])
    page.goto(f"/n/{world['note'].pk}")
    page.get_by_test_id("product-card").first.click()
    expect(page.get_by_test_id("product-title")).to_have_text("Folding stove")
    page.get_by_test_id("add-to-cart").click()

    expect(page).to_have_url(re.compile(r"/cart$"))
    expect(page.get_by_test_id("cart-line")).to_contain_text("Folding stove")
    expect(page.get_by_test_id("group-total")).to_contain_text("99.00")  # 89 + 10 shipping
    page.get_by_test_id("checkout").click()

    expect(page.get_by_test_id("place-order")).to_be_enabled()
    shoot(page, "shop-checkout")
    page.get_by_test_id("place-order").click()

    expect(page.get_by_text("TEST GATEWAY")).to_be_visible()
    page.get_by_label("tok_success").check()
    page.get_by_test_id("pay").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Paid")

    order = Order.objects.get()
    assert order.total == Decimal("99.00")
    assert order.lines.get().source_note_id == world["note"].pk  # the note gets the credit

    login(world["seller"])
    page.goto("/seller/orders")
    page.get_by_test_id("order-row").first.click()
    page.get_by_label("Tracking number").fill("SF1234567")
    page.get_by_test_id("mark-shipped").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Shipped")
    expect(page.get_by_test_id("tracking")).to_have_text("SF1234567")
    expect(page.get_by_test_id("event-log").locator("li")).to_have_count(3)
    shoot(page, "shop-seller-shipped")

    order.refresh_from_db()
    world["variant"].refresh_from_db()
    assert order.status == "shipped"
    assert (world["variant"].stock, world["variant"].allocated) == (2, 0)
