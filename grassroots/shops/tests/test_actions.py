"""shops.actions, shops.catalogue and shops.cards: shops, products, variants and stock,
pictures, product cards in notes, verified purchases; and the seeding statistics read through
the orders contract."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.core.images import ImageRejected
from grassroots.notes import actions as note_actions
from grassroots.notes.tests.factories import image_bytes
from grassroots.orders.fulfilment import order_deliver, order_pay, order_refund, order_ship
from grassroots.orders.tests.factories import make_buyer, place_order
from grassroots.shops import actions, attribution, cards, catalogue, queries, stats
from grassroots.shops.models import NoteProduct, Product, ProductImage, Shop, Variant
from grassroots.shops.tests.factories import (
    NoteFactory,
    NoteProductFactory,
    ProductFactory,
    ShopFactory,
    ShopMemberFactory,
    VariantFactory,
)
from tests.security.helpers import media_files

pytestmark = pytest.mark.django_db


# --- shops ---------------------------------------------------------------------------------


def test_shop_create_makes_the_owner_a_member_and_a_slug():
    owner = UserFactory()
    shop = actions.shop_create(owner=owner, name="小红的茶铺")
    assert shop.slug.startswith("shop") and queries.is_shop_member(owner, shop)
    named = actions.shop_create(owner=owner, name="Tea Corner", slug="Tea-Corner")
    assert named.slug == "tea-corner"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"name": ""}, "required"),
        ({"name": "x" * 41}, "too_long"),
        ({"name": "ok", "slug": "a"}, "bad_slug"),
        ({"name": "ok", "slug": "bad slug!"}, "bad_slug"),
        ({"name": "ok", "slug": "a--b"}, "bad_slug"),
        ({"name": "ok", "currency": "BTC"}, "bad_currency"),
    ],
)
def test_shop_create_refuses_bad_input(kwargs, code):
    with pytest.raises(ValidationFailed) as caught:
        actions.shop_create(owner=UserFactory(), **kwargs)
    assert caught.value.code == code
    assert not Shop.objects.exists()


def test_shop_slug_taken_and_shop_limit():
    owner = UserFactory()
    actions.shop_create(owner=owner, name="A", slug="same-slug")
    with pytest.raises(Conflict):
        actions.shop_create(owner=UserFactory(), name="B", slug="same-slug")
    for _ in range(actions.SHOPS_PER_OWNER_MAX - 1):
        actions.shop_create(owner=owner, name="More")
    with pytest.raises(Conflict) as caught:
        actions.shop_create(owner=owner, name="One too many")
    assert caught.value.code == "too_many_shops"


def test_shop_update_rules():
    shop = ShopFactory()
    staff = ShopMemberFactory(shop=shop).user
    actions.shop_update(shop=shop, actor=staff, name="Renamed", currency="USD")
    shop.refresh_from_db()
    assert (shop.name, shop.currency) == ("Renamed", "USD")
    with pytest.raises(Forbidden):
        actions.shop_update(shop=shop, actor=staff, is_active=False)  # owner only
    with pytest.raises(Forbidden):
        actions.shop_update(shop=shop, actor=UserFactory(), name="Hacked")
    ProductFactory(shop=shop)
    with pytest.raises(Conflict):
        actions.shop_update(shop=shop, actor=shop.owner, currency="EUR")
    actions.shop_update(shop=shop, actor=shop.owner, is_active=False)
    shop.refresh_from_db()
    assert not shop.is_active and shop.name == "Renamed"


def test_members_added_and_removed_by_the_owner_only():
    shop = ShopFactory()
    newcomer = UserFactory(username="newcomer")
    member = actions.shop_member_add(shop=shop, actor=shop.owner, username="@Newcomer")
    assert member.user == newcomer and member.role == "staff"
    with pytest.raises(Conflict):
        actions.shop_member_add(shop=shop, actor=shop.owner, username="newcomer")
    with pytest.raises(ValidationFailed):
        actions.shop_member_add(shop=shop, actor=shop.owner, username="nobody-here")
    with pytest.raises(Forbidden):
        actions.shop_member_add(shop=shop, actor=newcomer, username=UserFactory().username)
    with pytest.raises(Conflict):
        actions.shop_member_remove(shop=shop, actor=shop.owner, user_id=shop.owner_id)
    actions.shop_member_remove(shop=shop, actor=shop.owner, user_id=newcomer.pk)
    assert not queries.is_shop_member(newcomer, shop)


def test_shop_avatar_goes_through_the_image_pipeline():
    shop = ShopFactory()
    actions.shop_avatar_set(shop=shop, actor=shop.owner, upload=image_bytes(size=(300, 200)))
    shop.refresh_from_db()
    assert shop.avatar.startswith(f"shops/{shop.pk}/") and shop.avatar.endswith(".webp")
    with pytest.raises(ImageRejected):
        actions.shop_avatar_set(shop=shop, actor=shop.owner, upload=b"GIF89a nope")


# --- products, variants, stock -------------------------------------------------------------------


def test_product_create_with_variants_and_pictures():
    shop = ShopFactory(currency="JPY")
    product = catalogue.product_create(
        shop=shop,
        actor=shop.owner,
        title="  Matcha  tin ",
        category="food-wine",
        variants=[
            {"price": "1200", "stock": 3, "attributes": {"size": "30g"}},
            {"price": "2000", "stock": 1, "attributes": {"size": "80g"}, "sku": "MT-80"},
        ],
        images=[image_bytes(), image_bytes("PNG")],
    )
    assert product.title == "Matcha tin" and product.currency == "JPY"
    assert product.price_from == Decimal("1200")
    assert product.category is not None and product.category.slug == "food-wine"
    assert [v.sku for v in product.variants.all()][1] == "MT-80"
    assert list(product.images.values_list("position", flat=True)) == [0, 1]


@pytest.mark.parametrize(
    ("variants", "code"),
    [
        ([{"price": "12.5", "stock": 1}], "bad_amount"),  # JPY has no minor unit
        ([{"price": "-3", "stock": 1}], "bad_amount"),
        ([{"price": "abc", "stock": 1}], "bad_amount"),
        ([{"price": 1.5, "stock": 1}], "bad_amount"),
        ([{"price": "10", "stock": -1}], "bad_stock"),
        ([{"price": "10", "stock": "many"}], "bad_stock"),
        ([{"price": "10", "attributes": {"": "x"}}], "bad_attributes"),
        ([{"price": "10", "sku": "has space"}], "bad_sku"),
        ([{"price": "10", "sku": "A"}, {"price": "11", "sku": "A"}], "sku_taken"),
        ([], "no_variant_on_sale"),
    ],
)
def test_product_create_refuses_bad_variants_and_leaves_nothing(variants, code):
    shop = ShopFactory(currency="JPY")
    with pytest.raises((ValidationFailed, Conflict)) as caught:
        catalogue.product_create(
            shop=shop, actor=shop.owner, title="Tin", variants=variants, images=[image_bytes()]
        )
    assert caught.value.code == code
    assert not Product.objects.exists() and not Variant.objects.exists()
    assert media_files() == []


def test_a_bad_picture_leaves_no_product_and_no_file():
    shop = ShopFactory()
    with pytest.raises(ImageRejected):
        catalogue.product_create(
            shop=shop,
            actor=shop.owner,
            title="Tin",
            variants=[{"price": "1", "stock": 1}],
            images=[image_bytes(), b"not a picture"],
        )
    assert not Product.objects.exists() and media_files() == []


def test_only_members_write_the_catalogue():
    product = ProductFactory()
    variant = VariantFactory(product=product)
    stranger = UserFactory()
    calls = [
        lambda: catalogue.product_create(shop=product.shop, actor=stranger, title="x"),
        lambda: catalogue.product_update(product=product, actor=stranger, title="x"),
        lambda: catalogue.variant_create(product=product, actor=stranger, price="1"),
        lambda: catalogue.variant_update(variant=variant, actor=stranger, price="1"),
        lambda: catalogue.variant_adjust_stock(variant=variant, actor=stranger, delta=1),
        lambda: catalogue.product_images_add(
            product=product, actor=stranger, uploads=[image_bytes()]
        ),
    ]
    for call in calls:
        with pytest.raises(Forbidden):
            call()
    variant.refresh_from_db()
    assert variant.price == Decimal("19.90") and variant.stock == 10
    assert media_files() == []


def test_stock_never_below_allocated():
    variant = VariantFactory(stock=10)
    owner = variant.product.shop.owner
    Variant.objects.filter(pk=variant.pk).update(allocated=6)
    with pytest.raises(ValidationFailed) as caught:
        catalogue.variant_update(variant=variant, actor=owner, stock=5)
    assert caught.value.code == "stock_below_allocated"
    with pytest.raises(ValidationFailed):
        catalogue.variant_adjust_stock(variant=variant, actor=owner, delta=-5)
    assert catalogue.variant_adjust_stock(variant=variant, actor=owner, delta=-4).stock == 6
    assert catalogue.variant_update(variant=variant, actor=owner, stock=20).stock == 20


def test_price_from_follows_active_variants_and_last_variant_stays_on_sale():
    shop = ShopFactory()
    product = catalogue.product_create(
        shop=shop, actor=shop.owner, title="Mug", variants=[{"price": "30", "stock": 1}]
    )
    cheap = catalogue.variant_create(product=product, actor=shop.owner, price="20.50", stock=1)
    product.refresh_from_db()
    assert product.price_from == Decimal("20.50")
    catalogue.variant_update(variant=cheap, actor=shop.owner, is_active=False)
    product.refresh_from_db()
    assert product.price_from == Decimal("30.00")
    first = product.variants.get(is_active=True)
    with pytest.raises(ValidationFailed) as caught:
        catalogue.variant_update(variant=first, actor=shop.owner, is_active=False)
    assert caught.value.code == "last_variant_on_sale"
    catalogue.product_update(product=product, actor=shop.owner, status="draft")
    catalogue.variant_update(variant=first, actor=shop.owner, is_active=False)
    with pytest.raises(ValidationFailed):
        catalogue.product_update(product=product, actor=shop.owner, status="active")


def test_pictures_add_reorder_delete_and_cap():
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    rows = catalogue.product_images_add(
        product=product, actor=shop.owner, uploads=[image_bytes()] * 3
    )
    order = [rows[2].pk, rows[0].pk, rows[1].pk]
    catalogue.product_images_reorder(product=product, actor=shop.owner, order=order)
    assert list(product.images.values_list("pk", flat=True)) == order
    with pytest.raises(ValidationFailed):
        catalogue.product_images_reorder(product=product, actor=shop.owner, order=order[:2])
    with pytest.raises(ImageRejected):
        catalogue.product_images_add(product=product, actor=shop.owner, uploads=[image_bytes()] * 7)
    assert product.images.count() == 3
    files_before = len(media_files())
    with TestCase.captureOnCommitCallbacks(execute=True):
        catalogue.product_image_delete(image=rows[0], actor=shop.owner)
    assert ProductImage.objects.filter(product=product).count() == 2
    assert len(media_files()) == files_before - 3


def test_attributes_text_parsing():
    assert catalogue.parse_attributes_text("colour: red，尺码：M") == {"colour": "red", "尺码": "M"}
    assert catalogue.parse_attributes_text("") == {}
    with pytest.raises(ValidationFailed):
        catalogue.parse_attributes_text("just words")
    with pytest.raises(ValidationFailed):
        catalogue.parse_attributes_text("a: 1, b: 2, c: 3, d: 4, e: 5")


# --- product cards in notes ---------------------------------------------------------------------


def test_publish_with_product_cards_counts_listed_notes():
    product, other = ProductFactory(), ProductFactory()
    author = UserFactory()
    note = note_actions.note_publish(
        author=author, title="Worth it", body="x", products=[str(product.pk), other.pk, product.pk]
    )
    assert queries.note_product_ids(note.pk) == [product.pk, other.pk]
    product.refresh_from_db()
    assert product.note_count == 1
    note_actions.note_update(note=note, editor=author, products=[other.pk])
    product.refresh_from_db()
    assert queries.note_product_ids(note.pk) == [other.pk] and product.note_count == 0
    note_actions.note_delete(note=note, actor=author)
    other.refresh_from_db()
    assert other.note_count == 0


@pytest.mark.parametrize("bad", [["abc"], [-1], [10**9], "draft", "closed_shop", "six"], ids=str)
def test_bad_product_cards_refuse_the_whole_publish(bad):
    if bad == "draft":
        bad = [ProductFactory(status="draft").pk]
    elif bad == "closed_shop":
        bad = [ProductFactory(shop=ShopFactory(is_active=False)).pk]
    elif bad == "six":
        bad = [ProductFactory().pk for _ in range(6)]
    from grassroots.notes.models import Note

    with pytest.raises(ValidationFailed):
        note_actions.note_publish(author=UserFactory(), title="t", body="b", products=bad)
    assert not Note.objects.exists() and not NoteProduct.objects.exists()


def test_cards_only_set_by_the_author():
    note = NoteFactory()
    with pytest.raises(NotFound):
        cards.note_products_set(note=note, author=UserFactory(), product_ids=[])


def test_a_card_whose_product_went_off_sale_stays_but_is_hidden():
    product = ProductFactory()
    author = UserFactory()
    note = note_actions.note_publish(author=author, title="t", body="b", products=[product.pk])
    Product.objects.filter(pk=product.pk).update(status="archived")
    note_actions.note_update(note=note, editor=author, products=[product.pk])
    assert queries.note_product_ids(note.pk) == [product.pk]
    assert queries.note_product_cards(note_id=note.pk, user=UserFactory()) == []
    assert queries.note_product_cards(note_id=note.pk, user=product.shop.owner) == [product]


# --- verified purchases and seeding stats, through real orders --------------------------------


def _delivered_line(buyer, address, variant):
    order = place_order(buyer, address, variant)
    seller = variant.product.shop.owner
    order_pay(buyer=buyer, order_id=order.pk, token="tok_success")
    order_ship(actor=seller, order_id=order.pk, tracking_number="SF123")
    order_deliver(actor=seller, order_id=order.pk)
    return order.lines.get()


def test_verified_purchase_from_a_delivered_line():
    variant = VariantFactory(stock=5)
    buyer, address = make_buyer()
    line = _delivered_line(buyer, address, variant)
    note = note_actions.note_publish(
        author=buyer, title="Got it", body="Lovely", verified_order_line=line.pk
    )
    assert queries.verified_purchase_note_ids([note.pk]) == {note.pk}
    assert queries.note_product_ids(note.pk) == [variant.product_id]  # its card came along
    with pytest.raises(Conflict):  # one note per order line
        note_actions.note_publish(
            author=buyer, title="Again", body="x", verified_order_line=line.pk
        )


def test_verified_purchase_refusals():
    variant = VariantFactory(stock=5)
    buyer, address = make_buyer()
    order = place_order(buyer, address, variant)
    line = order.lines.get()
    with pytest.raises(Conflict) as caught:  # not delivered yet
        note_actions.note_publish(author=buyer, title="t", body="b", verified_order_line=line.pk)
    assert caught.value.code == "not_delivered"
    with pytest.raises(NotFound):  # somebody else's line answers like an unknown one
        note_actions.note_publish(
            author=UserFactory(), title="t", body="b", verified_order_line=line.pk
        )
    with pytest.raises(NotFound):
        note_actions.note_publish(author=buyer, title="t", body="b", verified_order_line="x")
    from grassroots.notes.models import Note

    assert not Note.objects.exists()


def test_seeding_stats_credit_the_note_and_skip_refunds():
    shop = ShopFactory()
    variant = VariantFactory(product=ProductFactory(shop=shop), stock=20, price=Decimal("50.00"))
    note = NoteFactory(title="My favourite")
    NoteProductFactory(note=note, product=variant.product)
    buyers = [make_buyer() for _ in range(3)]
    for buyer, _address in buyers:
        attribution.touch_record(
            product_id=variant.product_id,
            note_id=note.pk,
            user=buyer,
            session_key=None,
            kind="view",
        )
    lurker = UserFactory()
    attribution.touch_record(
        product_id=variant.product_id, note_id=note.pk, user=lurker, session_key=None, kind="view"
    )
    paid = []
    for buyer, address in buyers:
        order = place_order(buyer, address, variant, quantity=2)
        order_pay(buyer=buyer, order_id=order.pk, token="tok_success")
        paid.append(order)
    order_refund(actor=shop.owner, order_id=paid[0].pk)
    direct_buyer, direct_address = make_buyer()
    direct = place_order(direct_buyer, direct_address, variant)
    order_pay(buyer=direct_buyer, order_id=direct.pk, token="tok_success")

    rows = stats.shop_note_stats(shop=shop)
    assert len(rows) == 1
    row = rows[0]
    assert (row.note_id, row.clicks, row.orders, row.units) == (note.pk, 4, 2, 4)
    assert row.revenue == {"CNY": Decimal("200.00")}
    assert row.conversion == Decimal("50.0")
    assert stats.leaderboard(rows) == [row]
    totals = stats.shop_totals(shop=shop)
    assert (totals.orders, totals.revenue, totals.seeded_revenue) == (
        3,
        Decimal("250.00"),
        Decimal("200.00"),
    )
    assert totals.seeded_share == Decimal("80.0")
    mine = stats.creator_note_stats(user=note.author)
    assert [(r.note_id, r.units) for r in mine] == [(note.pk, 4)]
    # A period after every order counts nothing.
    later = stats.shop_note_stats(shop=shop, since=timezone.now() + timedelta(days=1))
    assert later == []
