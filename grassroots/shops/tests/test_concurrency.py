"""Concurrent catalogue writes on PostgreSQL (real threads): stock changes under the row lock
never lose an update or go below the units allocated to orders; cards recount right."""

from __future__ import annotations

from collections.abc import Callable

from grassroots.accounts.models import User
from grassroots.core.errors import ValidationFailed
from grassroots.core.testing import POSTGRES_ONLY, run_together
from grassroots.notes import actions as note_actions
from grassroots.shops import catalogue
from grassroots.shops.models import Product, Variant
from grassroots.shops.tests.factories import NoteFactory, ProductFactory, VariantFactory

pytestmark = POSTGRES_ONLY


def test_concurrent_write_offs_stop_at_the_allocated_units():
    variant = VariantFactory(stock=10)
    Variant.objects.filter(pk=variant.pk).update(allocated=4)
    owner = variant.product.shop.owner
    refused: list[str] = []

    def write_off() -> None:
        try:
            catalogue.variant_adjust_stock(variant=variant, actor=owner, delta=-1)
        except ValidationFailed as exc:
            refused.append(exc.code)

    run_together([write_off] * 10)
    variant.refresh_from_db()
    assert (variant.stock, variant.allocated) == (4, 4)
    assert refused == ["stock_below_allocated"] * 4


def test_concurrent_receipts_are_all_counted():
    variant = VariantFactory(stock=0)
    owner = variant.product.shop.owner

    def receive() -> None:
        catalogue.variant_adjust_stock(variant=variant, actor=owner, delta=3)

    run_together([receive] * 8)
    variant.refresh_from_db()
    assert variant.stock == 24


def test_concurrent_publishes_with_the_same_card_count_every_note():
    product = ProductFactory()
    authors = [NoteFactory().author for _ in range(6)]

    def publish(author: User) -> Callable[[], None]:
        def job() -> None:
            note_actions.note_publish(
                author=author, title="Same tea", body="b", products=[product.pk]
            )

        return job

    run_together([publish(author) for author in authors])
    assert Product.objects.get(pk=product.pk).note_count == 6
