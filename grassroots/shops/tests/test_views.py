"""Shop pages: public shop and product pages, product cards on notes, attribution touches,
seller catalogue management (by id, members only), dashboards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.tests.factories import image_bytes
from grassroots.shops import actions, catalogue
from grassroots.shops.models import Product, ProductImage, ProductTouch, Shop, Variant
from grassroots.shops.tests.factories import (
    NoteFactory,
    NoteProductFactory,
    ProductFactory,
    ShopFactory,
    ShopMemberFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return ShopFactory(name="Tea Corner", slug="tea-corner", policies="Ships in 48 hours.")


@pytest.fixture
def product(shop):
    product = catalogue.product_create(
        shop=shop,
        actor=shop.owner,
        title="Oolong 100g",
        description="Roasted, from Fujian.",
        variants=[
            {"price": "39.90", "stock": 5, "attributes": {"size": "100g"}},
            {"price": "69.00", "stock": 0, "attributes": {"size": "200g"}},
        ],
    )
    return product


def test_shop_page_lists_products_on_sale_only(client, shop, product):
    draft = ProductFactory(shop=shop, title="Secret blend", status=Product.Status.DRAFT)
    html = client.get(reverse("shops:shop", args=[shop.slug])).content.decode()
    assert "Tea Corner" in html and "Oolong 100g" in html and "Ships in 48 hours." in html
    assert draft.title not in html
    assert 'data-testid="manage-shop"' not in html
    client.force_login(shop.owner)
    assert 'data-testid="manage-shop"' in client.get(f"/s/{shop.slug}").content.decode()


def test_unknown_or_closed_shop_is_404(client, shop):
    assert client.get("/s/no-such-shop").status_code == 404
    shop.is_active = False
    shop.save()
    assert client.get(f"/s/{shop.slug}").status_code == 404
    client.force_login(shop.owner)
    assert client.get(f"/s/{shop.slug}").status_code == 200


def test_product_page_shows_variants_prices_stock_and_notes(client, product):
    note = NoteFactory(title="Best oolong ever")
    NoteProductFactory(note=note, product=product)
    hidden = NoteFactory(title="Private brew", private=True)
    NoteProductFactory(note=hidden, product=product)
    html = client.get(f"/p/{product.pk}").content.decode()
    assert "Oolong 100g" in html
    assert "¥39.90" in html and "¥69.00" in html
    assert "Sold out" in html and "5 left" in html
    assert "Best oolong ever" in html and "Private brew" not in html
    assert 'data-testid="experiences"' in html


def test_draft_product_is_404_for_others(client, shop):
    draft = ProductFactory(shop=shop, status=Product.Status.DRAFT)
    assert client.get(f"/p/{draft.pk}").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/p/{draft.pk}").status_code == 404
    client.force_login(shop.owner)
    assert "only the shop" in client.get(f"/p/{draft.pk}").content.decode()


def test_opening_a_card_from_a_note_records_a_touch(client, product):
    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    buyer = UserFactory()
    client.force_login(buyer)
    assert client.get(f"/p/{product.pk}?from={note.pk}").status_code == 200
    touch = ProductTouch.objects.get()
    assert (touch.note_id, touch.user_id, touch.kind) == (note.pk, buyer.pk, "view")
    # A forged or garbage from= is ignored, not an error.
    assert client.get(f"/p/{product.pk}?from={NoteFactory().pk}").status_code == 200
    assert client.get(f"/p/{product.pk}?from=abc").status_code == 200
    assert ProductTouch.objects.count() == 1


def test_guest_touch_is_keyed_by_the_session_visitor(client, product):
    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    client.get(f"/p/{product.pk}?from={note.pk}")
    touch = ProductTouch.objects.get()
    assert touch.user_id is None and touch.session_key == client.session["shops_visitor"]


def test_note_detail_shows_product_cards_linking_with_the_note(client, product):
    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    off_sale = ProductFactory(title="Gone tea", status=Product.Status.ARCHIVED)
    NoteProductFactory(note=note, product=off_sale, position=1)
    html = client.get(f"/n/{note.pk}").content.decode()
    assert f'href="/p/{product.pk}?from={note.pk}"' in html
    assert "Gone tea" not in html
    assert 'data-testid="verified-purchase"' not in html


def test_product_image_served_only_when_product_visible(client, shop, product):
    catalogue.product_images_add(product=product, actor=shop.owner, uploads=[image_bytes()])
    image = product.images.get()
    for size in ("large", "medium", "thumb"):
        response = client.get(f"/pimg/{image.pk}/{size}")
        assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert client.get(f"/pimg/{image.pk}/huge").status_code == 404
    catalogue.product_update(product=product, actor=shop.owner, status="draft")
    assert client.get(f"/pimg/{image.pk}/large").status_code == 404


# --- seller pages ------------------------------------------------------------------------------


def test_open_a_shop_then_add_a_product_with_a_picture(client):
    seller = UserFactory()
    client.force_login(seller)
    response = client.post(
        "/shops/new",
        {"name": "Camp Goods", "slug": "camp-goods", "description": "Tents", "currency": "CNY"},
    )
    assert response.status_code == 302 and response["Location"] == "/s/camp-goods/products/new"
    shop = Shop.objects.get(slug="camp-goods")
    assert shop.owner == seller and shop.members.get().role == "owner"
    response = client.post(
        "/s/camp-goods/products/new",
        {
            "title": "Folding chair",
            "description": "Light",
            "price": "129.00",
            "stock": "8",
            "attributes": "colour: green",
            "status": "active",
            "images": [SimpleUploadedFile("c.jpg", image_bytes(), "image/jpeg")],
        },
    )
    product = Product.objects.get(title="Folding chair")
    assert response.status_code == 302 and response["Location"] == f"/p/{product.pk}/edit"
    variant = product.variants.get()
    assert (variant.price, variant.stock, variant.attributes) == (
        Decimal("129.00"),
        8,
        {"colour": "green"},
    )
    assert product.price_from == Decimal("129.00") and product.images.count() == 1
    assert client.get(f"/p/{product.pk}/edit").status_code == 200
    assert client.get("/s/camp-goods/manage").status_code == 200
    assert "Camp Goods" in client.get("/shops").content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price": "12.345"}, "price"),
        ({"price": "-1"}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": "0"}, "price"),
        ({"attributes": "no separator"}, "attributes"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_product_input_is_a_4xx_and_changes_nothing(client, shop, data, field):
    client.force_login(shop.owner)
    post = {"title": "Tea", "price": "10", "stock": "1", "status": "active", **data}
    response = client.post(f"/s/{shop.slug}/products/new", post)
    assert 400 <= response.status_code < 500
    assert f'data-field="{field}"' in response.content.decode()
    assert not Product.objects.exists()


def test_edit_product_variants_stock_and_images(client, shop, product):
    client.force_login(shop.owner)
    variant = product.variants.first()
    response = client.post(
        f"/variants/{variant.pk}",
        {
            f"v{variant.pk}-sku": variant.sku,
            f"v{variant.pk}-attributes": "size: 100g",
            f"v{variant.pk}-price": "35.00",
            f"v{variant.pk}-stock": "12",
            f"v{variant.pk}-is_active": "on",
        },
    )
    assert response.status_code == 302
    variant.refresh_from_db()
    product.refresh_from_db()
    assert variant.price == Decimal("35.00") and variant.stock == 12
    assert product.price_from == Decimal("35.00")
    response = client.post(
        f"/p/{product.pk}/variants",
        {
            "new-price": "99",
            "new-stock": "3",
            "new-attributes": "size: 500g",
            "new-is_active": "on",
        },
    )
    assert response.status_code == 302 and product.variants.count() == 3
    response = client.post(
        f"/p/{product.pk}/images",
        {"images": [SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png")]},
    )
    assert response.status_code == 302
    image = ProductImage.objects.get(product=product)
    assert client.post(f"/pimg/{image.pk}/delete").status_code == 302
    assert not ProductImage.objects.exists()
    response = client.post(
        f"/p/{product.pk}/edit",
        {"title": "Oolong 100 g", "description": "x", "category": "", "status": "archived"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "Oolong 100 g" and product.status == "archived"


def test_stock_cannot_go_below_allocated_on_the_page(client, shop, product):
    variant = product.variants.first()
    Variant.objects.filter(pk=variant.pk).update(allocated=4)
    client.force_login(shop.owner)
    prefix = f"v{variant.pk}"
    response = client.post(
        f"/variants/{variant.pk}",
        {f"{prefix}-price": "39.90", f"{prefix}-stock": "3", f"{prefix}-is_active": "on"},
    )
    assert response.status_code == 422
    assert "4 units are already sold" in response.content.decode()
    variant.refresh_from_db()
    assert variant.stock == 5


def test_a_broken_picture_is_refused(client, shop, product):
    client.force_login(shop.owner)
    response = client.post(
        f"/p/{product.pk}/images",
        {"images": [SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")]},
    )
    assert response.status_code == 422 and not ProductImage.objects.exists()


# --- IDOR: every write path by id, for a stranger, another shop's owner, and a guest ------------


def _write_requests(shop, product, variant, image):
    return [
        ("get", f"/s/{shop.slug}/edit", None),
        ("post", f"/s/{shop.slug}/edit", {"name": "Hacked", "currency": "CNY"}),
        ("post", f"/s/{shop.slug}/avatar/upload", {}),
        ("post", f"/s/{shop.slug}/members", {"username": "intruder"}),
        ("post", f"/s/{shop.slug}/members/{shop.owner_id}/remove", None),
        ("get", f"/s/{shop.slug}/manage", None),
        ("get", f"/s/{shop.slug}/products/new", None),
        ("post", f"/s/{shop.slug}/products/new", {"title": "X", "price": "1", "stock": "1"}),
        ("get", f"/p/{product.pk}/edit", None),
        ("post", f"/p/{product.pk}/edit", {"title": "Hacked", "status": "active"}),
        ("post", f"/p/{product.pk}/variants", {"new-price": "1", "new-stock": "1"}),
        ("post", f"/variants/{variant.pk}", {f"v{variant.pk}-price": "0.01"}),
        ("post", f"/p/{product.pk}/images", {}),
        ("post", f"/pimg/{image.pk}/delete", None),
        ("get", f"/s/{shop.slug}/dashboard", None),
    ]


@pytest.mark.parametrize("who", ["stranger", "other_owner", "guest"])
def test_non_members_cannot_touch_a_shop_by_id(client, shop, product, who):
    from tests.security.helpers import changed_tables, db_state

    catalogue.product_images_add(product=product, actor=shop.owner, uploads=[image_bytes()])
    variant = product.variants.first()
    image = product.images.get()
    intruder = UserFactory(username="intruder")
    if who == "other_owner":
        client.force_login(ShopFactory(owner=intruder).owner)
    elif who == "stranger":
        client.force_login(intruder)
    before = db_state()
    for method, url, data in _write_requests(shop, product, variant, image):
        response = getattr(client, method)(url, data or {})
        if who == "guest":
            assert response.status_code == 302 and "/login" in response["Location"], url
        else:
            assert response.status_code in (403, 404), (url, response.status_code)
    assert not changed_tables(before, db_state())


def test_staff_member_manages_the_catalogue_but_not_the_members(client, shop, product):
    staff = ShopMemberFactory(shop=shop).user
    client.force_login(staff)
    assert client.get(f"/p/{product.pk}/edit").status_code == 200
    assert client.post(f"/s/{shop.slug}/members", {"username": "x"}).status_code == 403
    assert (
        client.post(f"/p/{product.pk}/edit", {"title": "Renamed", "status": "active"}).status_code
        == 302
    )


def test_dashboards_render(client, shop, product):
    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    ProductTouch.objects.create(
        product=product, note=note, user=UserFactory(), kind="view", created_at=note.created_at
    )
    client.force_login(shop.owner)
    html = client.get(f"/s/{shop.slug}/dashboard").content.decode()
    assert 'data-testid="kpis"' in html and f'data-note-id="{note.pk}"' in html
    assert client.get(f"/s/{shop.slug}/dashboard?days=all").status_code == 200
    assert client.get(f"/s/{shop.slug}/dashboard?days=nonsense").status_code == 200
    client.force_login(note.author)
    html = client.get("/me/seeding").content.decode()
    assert f'data-note-id="{note.pk}"' in html


def test_product_picker_partial(client, product):
    client.force_login(UserFactory())
    html = client.get("/products/pick?q=oolong").content.decode()
    assert f'value="{product.pk}"' in html
    html = client.get(f"/products/pick?q=oolong&products={product.pk}").content.decode()
    assert f'value="{product.pk}"' not in html


def test_buy_form_puts_the_chosen_option_in_the_cart_with_the_note(client, product):
    from grassroots.orders.models import CartItem

    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    buyer = UserFactory()
    client.force_login(buyer)
    html = client.get(f"/p/{product.pk}?from={note.pk}").content.decode()
    assert f'action="/p/{product.pk}/buy"' in html and f'name="from" value="{note.pk}"' in html
    variant = product.variants.first()
    response = client.post(
        f"/p/{product.pk}/buy", {"variant_id": variant.pk, "quantity": "2", "from": note.pk}
    )
    assert response.status_code == 302
    item = CartItem.objects.get(cart__user=buyer)
    assert (item.variant_id, item.quantity) == (variant.pk, 2)
    assert set(ProductTouch.objects.values_list("kind", flat=True)) == {"view", "cart"}


@pytest.mark.parametrize("variant_id", ["", "abc", "0", "999999"])
def test_buy_without_a_valid_option_is_refused(client, product, variant_id):
    from grassroots.orders.models import CartItem

    client.force_login(UserFactory())
    response = client.post(f"/p/{product.pk}/buy", {"variant_id": variant_id})
    assert 400 <= response.status_code < 500
    other = VariantFactory()  # an option of another product
    response = client.post(f"/p/{product.pk}/buy", {"variant_id": other.pk})
    assert response.status_code == 422
    assert not CartItem.objects.exists()


# --- verified purchase ------------------------------------------------------------------------


def _delivered_line(variant):
    from grassroots.orders.fulfilment import order_deliver, order_pay, order_ship
    from grassroots.orders.tests.factories import make_buyer, place_order

    buyer, address = make_buyer()
    order = place_order(buyer, address, variant)
    seller = variant.product.shop.owner
    order_pay(buyer=buyer, order_id=order.pk, token="tok_success")  # noqa: S106
    order_ship(actor=seller, order_id=order.pk, tracking_number="SF1")
    order_deliver(actor=seller, order_id=order.pk)
    return buyer, order.lines.get()


def test_share_your_experience_publishes_a_verified_note(client, product):
    buyer, line = _delivered_line(product.variants.filter(stock__gt=0).first())
    client.force_login(buyer)
    html = client.get(f"/publish?order_line={line.pk}").content.decode()
    assert 'data-testid="verified-order-line"' in html
    assert f'name="order_line" value="{line.pk}"' in html
    response = client.post(
        "/publish",
        {
            "title": "Lovely tea",
            "body": "Second brew is best.",
            "visibility": "public",
            "action": "publish",
            "order_line": line.pk,
        },
    )
    assert response.status_code == 302
    note_id = int(response["Location"].rsplit("/", 1)[1])
    html = client.get(f"/n/{note_id}").content.decode()
    assert 'data-testid="verified-purchase"' in html
    assert f'href="/p/{product.pk}?from={note_id}"' in html  # the card came along
    # The product page counts it among the real experiences, verified first.
    assert "1 verified purchase" in client.get(f"/p/{product.pk}").content.decode()
    # Twice for the same line: refused, nothing published.
    response = client.post(
        "/publish",
        {
            "title": "Again",
            "body": "x",
            "visibility": "public",
            "action": "publish",
            "order_line": line.pk,
        },
    )
    assert response.status_code == 409


def test_share_your_experience_refuses_other_buyers_lines(client, product):
    _buyer, line = _delivered_line(product.variants.filter(stock__gt=0).first())
    client.force_login(UserFactory())
    assert client.get(f"/publish?order_line={line.pk}").status_code == 404
    assert client.get("/publish?order_line=abc").status_code == 404
    from grassroots.notes.models import Note

    response = client.post(
        "/publish",
        {
            "title": "Stolen",
            "body": "x",
            "visibility": "public",
            "action": "publish",
            "order_line": line.pk,
        },
    )
    assert response.status_code == 404 and not Note.objects.filter(title="Stolen").exists()


# --- query budgets ------------------------------------------------------------------------------


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_product_and_shop_pages_do_not_grow_with_notes_variants_or_products(client):
    from grassroots.shops.tests.factories import ProductImageFactory

    client.force_login(UserFactory())

    def world(size):
        shop = ShopFactory()
        product = ProductFactory(shop=shop)
        for index in range(size):
            VariantFactory(product=product)
            ProductImageFactory(product=product)
            NoteProductFactory(note=NoteFactory(), product=product)
            ProductImageFactory(product=ProductFactory(shop=shop), position=index)
        return shop, product

    small_shop, small = world(1)
    large_shop, large = world(8)
    assert _count_queries(client, f"/p/{small.pk}") == _count_queries(client, f"/p/{large.pk}")
    assert _count_queries(client, f"/s/{small_shop.slug}") == _count_queries(
        client, f"/s/{large_shop.slug}"
    )
    assert _count_queries(client, f"/p/{large.pk}") <= 12


def test_note_page_cards_and_dashboard_do_not_grow(client):
    shop = ShopFactory()
    client.force_login(shop.owner)

    def note_with_cards(size):
        note = NoteFactory()
        for position in range(size):
            product = ProductFactory(shop=shop)
            NoteProductFactory(note=note, product=product, position=position)
            ProductTouch.objects.create(
                product=product,
                note=note,
                user=UserFactory(),
                kind="view",
                created_at=note.created_at,
            )
        return note

    one, five = note_with_cards(1), note_with_cards(5)
    assert _count_queries(client, f"/n/{one.pk}") == _count_queries(client, f"/n/{five.pk}")
    before = _count_queries(client, f"/s/{shop.slug}/dashboard")
    for _ in range(4):
        note_with_cards(2)
    assert _count_queries(client, f"/s/{shop.slug}/dashboard") == before


def test_a_forged_from_gives_a_guest_no_session(client, product):
    client.get(f"/p/{product.pk}?from={NoteFactory().pk}")
    assert "shops_visitor" not in client.session


def test_brand_members_read_the_dashboard_of_the_brand_shop(client, shop):
    from grassroots.brands.models import Brand, BrandMember

    brand = Brand.objects.create(slug="leafy", name="Leafy")
    analyst = UserFactory()
    BrandMember.objects.create(brand=brand, user=analyst, role=BrandMember.Role.ANALYST)
    client.force_login(analyst)
    assert client.get(f"/s/{shop.slug}/dashboard").status_code == 404
    Shop.objects.filter(pk=shop.pk).update(brand=brand)
    html = client.get(f"/s/{shop.slug}/dashboard").content.decode()
    assert 'data-testid="kpis"' in html and "seller-tabs" not in html  # read-only view
    assert client.get(f"/s/{shop.slug}/manage").status_code == 403


def test_owner_manages_members_and_picture_on_the_settings_page(client, shop):
    newcomer = UserFactory(username="newcomer")
    client.force_login(shop.owner)
    assert client.post(f"/s/{shop.slug}/members", {"username": "newcomer"}).status_code == 302
    assert shop.members.filter(user=newcomer, role="staff").exists()
    response = client.post(f"/s/{shop.slug}/members", {"username": "newcomer"})
    assert response.status_code == 409 and "already in the shop" in response.content.decode()
    response = client.post(f"/s/{shop.slug}/members/{newcomer.pk}/remove")
    assert response.status_code == 302 and not shop.members.filter(user=newcomer).exists()
    response = client.post(
        f"/s/{shop.slug}/avatar/upload",
        {"avatar": SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png")},
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.avatar and client.get(f"/s/{shop.slug}/avatar").status_code == 200
    response = client.post(
        f"/s/{shop.slug}/edit", {"name": "Tea Corner 2", "currency": "CNY", "policies": "Fast"}
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.name, shop.policies) == ("Tea Corner 2", "Fast")


def test_editing_a_note_keeps_changes_or_clears_its_cards(client, product):
    from grassroots.notes import actions as note_actions
    from grassroots.shops.queries import note_product_ids

    author = UserFactory()
    other = ProductFactory(title="Second tea")
    note = note_actions.note_publish(author=author, title="Tea", body="b", products=[product.pk])
    client.force_login(author)
    html = client.get(f"/n/{note.pk}/edit").content.decode()
    assert f'name="products" value="{product.pk}" checked' in html
    form = {"title": "Tea", "body": "b", "visibility": "public", "action": "save"}
    response = client.post(f"/n/{note.pk}/edit", {**form, "products": [other.pk, product.pk]})
    assert response.status_code == 302 and note_product_ids(note.pk) == [other.pk, product.pk]
    response = client.post(f"/n/{note.pk}/edit", {**form, "products": ["nope"]})
    assert response.status_code == 422 and note_product_ids(note.pk) == [other.pk, product.pk]
    assert client.post(f"/n/{note.pk}/edit", form).status_code == 302
    assert note_product_ids(note.pk) == []


def test_verified_experiences_come_first_with_their_mark(client, product):
    from grassroots.shops.models import VerifiedPurchase

    plain = NoteFactory(title="Plain review")
    verified = NoteFactory(title="Bought and loved")
    for note in (plain, verified):
        NoteProductFactory(note=note, product=product)
    VerifiedPurchase.objects.create(note=verified, order_line_id=1, buyer=verified.author)
    html = client.get(f"/p/{product.pk}").content.decode()
    assert html.index("Bought and loved") < html.index("Plain review")
    assert html.count('data-testid="experience-verified"') == 1


def test_shop_and_product_text_is_inert_on_every_page(client):
    from tests.security.helpers import audit_markup

    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    owner = UserFactory()
    shop = actions.shop_create(
        owner=owner, name="x<b>alert(1)", slug="xss-shop", description=payload, policies=payload
    )
    product = catalogue.product_create(
        shop=shop,
        actor=owner,
        title="<script>alert(1)</script>",
        description=payload,
        variants=[{"price": "1", "stock": 1, "attributes": {"c": "<i onclick=alert(1)>"}}],
    )
    note = NoteFactory(title="xss()")
    NoteProductFactory(note=note, product=product)
    client.force_login(owner)
    for url in (
        f"/s/{shop.slug}",
        f"/p/{product.pk}",
        f"/n/{note.pk}",
        f"/p/{product.pk}/edit",
        f"/s/{shop.slug}/manage",
        f"/s/{shop.slug}/edit",
        "/shops",
        "/products/pick?q=script",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        audit = audit_markup(response.content.decode())
        assert audit.live == [], (url, audit.live)
