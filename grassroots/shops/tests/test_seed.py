"""The demo shops of `make run` (grassroots/seed/shops.py): built through the real actions."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from grassroots.orders.models import Order
from grassroots.seed.shops import CATALOGUE, seed_shops
from grassroots.shops import stats
from grassroots.shops.models import NoteProduct, Product, Shop

pytestmark = pytest.mark.django_db


def test_demo_shops_have_products_cards_and_credited_orders(tmp_path):
    call_command(
        "seed",
        users=40,
        notes=400,
        seed=7,
        anchor="2026-06-01",
        verbosity=0,
        manifest=str(tmp_path / "m.json"),
    )
    made = seed_shops(seed=7)
    assert made["shops"] == len(CATALOGUE) == Shop.objects.count()
    assert made["products"] == Product.objects.count() > 10
    assert made["cards"] == NoteProduct.objects.count() > 0
    assert made["orders"] == Order.objects.count() > 0
    brand_shop = Shop.objects.get(slug="xiaoyunduo-official")
    assert brand_shop.owner.username == "demo" and brand_shop.brand is not None
    assert all(product.images.count() == 1 for product in Product.objects.all())
    credited = [
        row for shop in Shop.objects.all() for row in stats.shop_note_stats(shop=shop) if row.orders
    ]
    assert credited  # the dashboards have figures
    # Running it again adds nothing.
    assert seed_shops(seed=7)["products"] == 0
    assert Product.objects.count() == made["products"]


def test_no_notes_no_shops():
    assert seed_shops(seed=1)["shops"] == 0 and not Shop.objects.exists()
