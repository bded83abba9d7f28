"""shops.queries: membership doors, product visibility, variants for sale, verified notes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import Forbidden, NotFound
from grassroots.shops import queries
from grassroots.shops.models import VerifiedPurchase
from grassroots.shops.tests.factories import (
    NoteFactory,
    ProductFactory,
    ShopFactory,
    ShopMemberFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


def test_shop_for_member_by_id_and_slug():
    shop = ShopFactory()
    staff = ShopMemberFactory(shop=shop).user
    assert queries.shop_for_member(user=shop.owner, shop_id=shop.pk) == shop
    assert queries.shop_for_member(user=staff, slug=shop.slug) == shop
    assert queries.is_shop_member(staff, shop) and queries.is_shop_member(shop.owner, shop.pk)


def test_shop_for_member_refuses_others():
    shop = ShopFactory()
    with pytest.raises(Forbidden):
        queries.shop_for_member(user=UserFactory(), shop_id=shop.pk)
    with pytest.raises(Forbidden):
        queries.shop_for_member(user=AnonymousUser(), slug=shop.slug)
    with pytest.raises(NotFound):
        queries.shop_for_member(user=shop.owner, shop_id=shop.pk + 1000)
    with pytest.raises(NotFound):
        queries.shop_for_member(user=shop.owner)
    shop.is_active = False
    shop.save()
    with pytest.raises(NotFound):
        queries.shop_for_member(user=UserFactory(), shop_id=shop.pk)
    assert queries.shop_for_member(user=shop.owner, shop_id=shop.pk) == shop
    assert not queries.is_shop_member(AnonymousUser(), shop)


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unlisted_products_only_for_members(status):
    product = ProductFactory(status=status)
    with pytest.raises(NotFound):
        queries.product_for_viewer(product_id=product.pk, user=UserFactory())
    with pytest.raises(NotFound):
        queries.product_for_viewer(product_id=product.pk, user=AnonymousUser())
    assert queries.product_for_viewer(product_id=product.pk, user=product.shop.owner) == product


def test_products_of_an_inactive_shop_are_hidden():
    product = ProductFactory(shop=ShopFactory(is_active=False))
    with pytest.raises(NotFound):
        queries.product_for_viewer(product_id=product.pk, user=AnonymousUser())
    with pytest.raises(NotFound):
        queries.variant_for_sale(VariantFactory(product=product).pk)
    with pytest.raises(NotFound):
        queries.shop_for_viewer(slug=product.shop.slug, user=AnonymousUser())
    assert queries.shop_for_viewer(slug=product.shop.slug, user=product.shop.owner)


def test_variant_for_sale():
    variant = VariantFactory()
    found = queries.variant_for_sale(variant.pk)
    assert found == variant and found.product.shop.pk == variant.product.shop_id
    for bad in (
        VariantFactory(is_active=False),
        VariantFactory(product=ProductFactory(draft=True)),
        VariantFactory(product=ProductFactory(archived=True)),
    ):
        with pytest.raises(NotFound):
            queries.variant_for_sale(bad.pk)
    with pytest.raises(NotFound):
        queries.variant_for_sale(10**9)


def test_member_doors_refuse_other_shops():
    product = ProductFactory()
    variant = VariantFactory(product=product)
    stranger = UserFactory()
    other_owner = ShopFactory().owner
    for user in (stranger, other_owner, AnonymousUser()):
        with pytest.raises(NotFound):
            queries.product_for_member(product_id=product.pk, user=user)
        with pytest.raises(NotFound):
            queries.variant_for_member(variant_id=variant.pk, user=user)
    assert queries.product_for_member(product_id=product.pk, user=product.shop.owner) == product
    assert queries.variant_for_member(variant_id=variant.pk, user=product.shop.owner) == variant


def test_verified_purchase_note_ids():
    verified, plain = NoteFactory(), NoteFactory()
    VerifiedPurchase.objects.create(note=verified, order_line_id=1, buyer=verified.author)
    assert queries.verified_purchase_note_ids([verified.pk, plain.pk]) == {verified.pk}
    assert queries.verified_purchase_note_ids([]) == set()
