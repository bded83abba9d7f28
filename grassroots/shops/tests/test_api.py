"""Shops API: the same capabilities as the pages, bad input as 4xx, writes by id refused to
anyone outside the shop (IDOR), attribution from `from_note`, note product cards, dashboards."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.tests.factories import image_bytes
from grassroots.shops import catalogue
from grassroots.shops.models import Product, ProductTouch, Shop, Variant, VerifiedPurchase
from grassroots.shops.tests.factories import (
    NoteFactory,
    NoteProductFactory,
    ProductFactory,
    ShopFactory,
)
from tests.security.helpers import changed_tables, db_state

pytestmark = pytest.mark.django_db


def _json(client: Client, method: str, url: str, body: object = None):
    payload = json.dumps(body) if body is not None else ""
    return getattr(client, method)(url, payload, content_type="application/json")


@pytest.fixture
def owner_client(client):
    owner = UserFactory()
    client.force_login(owner)
    client.owner = owner
    return client


def test_open_a_shop_and_build_its_catalogue_through_the_api(owner_client):
    client = owner_client
    response = _json(client, "post", "/api/shops", {"name": "Bean Bar", "slug": "bean-bar"})
    assert response.status_code == 201 and response.json()["url"] == "/s/bean-bar"
    response = _json(
        client,
        "post",
        "/api/shops/bean-bar/products",
        {
            "title": "Espresso beans",
            "category": "food-wine",
            "variants": [
                {"price": "88.00", "stock": 4, "attributes": {"roast": "dark"}},
                {"price": "68.50", "stock": 0, "attributes": {"roast": "light"}},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    product = response.json()
    assert product["price_from"] == {"amount": "68.50", "currency": "CNY"}
    assert [v["available"] for v in product["variants"]] == [4, 0]
    pid = product["id"]
    variant_id = product["variants"][1]["id"]
    response = _json(client, "patch", f"/api/variants/{variant_id}", {"stock": 9, "price": "70"})
    assert response.json()["stock"] == 9 and response.json()["price"]["amount"] == "70.00"
    response = _json(client, "post", f"/api/variants/{variant_id}/stock", {"delta": -2})
    assert response.json()["stock"] == 7
    response = _json(client, "post", f"/api/products/{pid}/variants", {"price": "99", "stock": 1})
    assert response.status_code == 201
    response = client.post(
        f"/api/products/{pid}/images",
        {"images": [SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")]},
    )
    assert response.status_code == 201
    image_id = response.json()[0]["id"]
    assert client.get(response.json()[0]["thumb_url"]).status_code == 200
    response = _json(client, "patch", f"/api/products/{pid}", {"status": "draft"})
    assert response.json()["status"] == "draft"
    assert client.delete(f"/api/product-images/{image_id}").status_code == 204
    assert [s["slug"] for s in client.get("/api/shops").json()] == ["bean-bar"]
    listed = client.get("/api/shops/bean-bar/products?include_unlisted=true").json()
    assert [p["id"] for p in listed] == [pid]
    assert Client().get("/api/shops/bean-bar/products").json() == []  # draft: not public


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"title": "x", "variants": [{"price": "1.999"}]}, 422, "bad_amount"),
        ({"title": "x", "variants": [{"price": "0"}]}, 422, "bad_amount"),
        ({"title": "x", "variants": [{"price": "1", "stock": -4}]}, 422, "bad_stock"),
        ({"title": "x", "status": "sold"}, 422, "bad_status"),
        ({"title": "x", "category": "no-such"}, 422, "unknown_category"),
        ({"title": "", "status": "draft"}, 422, "required"),
        ({"variants": []}, 422, "invalid"),
        ({"title": "x", "variants": [{"price": 1.5}]}, 422, "invalid"),
    ],
)
def test_bad_product_input_is_a_clear_4xx(owner_client, body, status, code):
    shop = ShopFactory(owner=owner_client.owner)
    before = db_state()
    response = _json(owner_client, "post", f"/api/shops/{shop.slug}/products", body)
    assert response.status_code == status and response.json()["code"] == code
    assert not changed_tables(before, db_state())


def test_public_reads_and_attribution_from_a_note():
    product = ProductFactory()
    catalogue.variant_create(product=product, actor=product.shop.owner, price="10", stock=2)
    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    guest = Client()
    response = guest.get(f"/api/products/{product.pk}?from_note={note.pk}")
    assert response.status_code == 200 and response.json()["title"] == product.title
    assert ProductTouch.objects.get().session_key  # a guest's touch keeps the visitor key
    shopping = guest.get(f"/api/notes/{note.pk}/products").json()
    assert [p["id"] for p in shopping["products"]] == [product.pk]
    assert shopping["verified_purchase"] is False
    assert [n["id"] for n in guest.get(f"/api/products/{product.pk}/notes").json()] == [note.pk]
    assert guest.get(f"/api/shops/{product.shop.slug}").json()["slug"] == product.shop.slug
    private = NoteFactory(private=True)
    assert guest.get(f"/api/notes/{private.pk}/products").status_code == 404
    assert guest.get("/api/products?q=" + product.title[:5]).json()[0]["id"] == product.pk


def test_note_api_takes_product_cards():
    product = ProductFactory()
    author = UserFactory()
    client = Client()
    client.force_login(author)
    response = client.post(
        "/api/notes", {"title": "With card", "body": "b", "products": [product.pk]}
    )
    assert response.status_code == 201
    note_id = response.json()["id"]
    assert client.get(f"/api/notes/{note_id}/products").json()["products"][0]["id"] == product.pk
    response = _json(client, "patch", f"/api/notes/{note_id}", {"products": []})
    assert response.status_code == 200
    assert client.get(f"/api/notes/{note_id}/products").json()["products"] == []
    draft = ProductFactory(status="draft")
    response = _json(client, "patch", f"/api/notes/{note_id}", {"products": [draft.pk]})
    assert response.status_code == 422 and response.json()["field"] == "products"
    response = client.post("/api/notes", {"title": "x", "body": "b", "order_line": 424242})
    assert response.status_code == 404 and not VerifiedPurchase.objects.exists()


def test_dashboard_and_creator_stats(owner_client):
    shop = ShopFactory(owner=owner_client.owner)
    product = ProductFactory(shop=shop)
    note = NoteFactory()
    NoteProductFactory(note=note, product=product)
    ProductTouch.objects.create(
        product=product, note=note, user=UserFactory(), kind="view", created_at=note.created_at
    )
    body = owner_client.get(f"/api/shops/{shop.slug}/dashboard?days=7").json()
    assert body["days"] == 7 and body["notes"][0]["clicks"] == 1
    assert body["totals"]["revenue"] == {"amount": "0", "currency": "CNY"}
    assert owner_client.get(f"/api/shops/{shop.slug}/dashboard?days=all").json()["days"] is None
    bad = owner_client.get(f"/api/shops/{shop.slug}/dashboard?days=12")
    assert bad.status_code == 422 and bad.json()["code"] == "bad_period"
    author = Client()
    author.force_login(note.author)
    assert author.get("/api/me/seeding").json()["notes"][0]["note_id"] == note.pk
    assert author.get(f"/api/shops/{shop.slug}/dashboard").status_code == 404


# --- IDOR ----------------------------------------------------------------------------------------


def _writes(shop: Shop, product: Product, variant: Variant, image_id: int):
    picture = SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")
    return [
        ("patch", f"/api/shops/{shop.slug}", {"name": "Hacked"}),
        ("post", f"/api/shops/{shop.slug}/members", {"username": "intruder"}),
        ("delete", f"/api/shops/{shop.slug}/members/{shop.owner_id}", None),
        ("post", f"/api/shops/{shop.slug}/products", {"title": "x", "status": "draft"}),
        ("patch", f"/api/products/{product.pk}", {"title": "Hacked"}),
        ("post", f"/api/products/{product.pk}/variants", {"price": "1", "stock": 1}),
        ("patch", f"/api/variants/{variant.pk}", {"price": "0.01"}),
        ("post", f"/api/variants/{variant.pk}/stock", {"delta": 100}),
        ("put", f"/api/products/{product.pk}/images", {"order": [image_id]}),
        ("delete", f"/api/product-images/{image_id}", None),
        ("multipart", f"/api/products/{product.pk}/images", {"images": [picture]}),
        ("multipart", f"/api/shops/{shop.slug}/avatar", {"avatar": picture}),
        ("get", f"/api/shops/{shop.slug}/members", None),
        ("get", f"/api/shops/{shop.slug}/dashboard", None),
    ]


@pytest.mark.parametrize("who", ["stranger", "other_owner", "guest"])
def test_non_members_cannot_write_a_shop_by_id(who):
    shop = ShopFactory()
    product = catalogue.product_create(
        shop=shop,
        actor=shop.owner,
        title="Mine",
        variants=[{"price": "10", "stock": 3}],
        images=[image_bytes()],
    )
    variant = product.variants.get()
    image_id = product.images.get().pk
    draft = ProductFactory(shop=shop, status="draft")
    client = Client()
    intruder = UserFactory(username="intruder")
    if who == "other_owner":
        client.force_login(ShopFactory(owner=intruder).owner)
    elif who == "stranger":
        client.force_login(intruder)
    before = db_state()
    for method, url, body in _writes(shop, product, variant, image_id):
        if method == "multipart":
            response = client.post(url, body)
        else:
            response = (
                _json(client, method, url, body)
                if body is not None
                else getattr(client, method)(url)
            )
        expected = {401} if who == "guest" else {403, 404}
        assert response.status_code in expected, (url, method, response.status_code)
    # A draft answers like an unknown id, to everyone outside the shop.
    unknown = client.get("/api/products/987654")
    assert client.get(f"/api/products/{draft.pk}").json() == unknown.json()
    assert not changed_tables(before, db_state())
    variant.refresh_from_db()
    assert variant.price == Decimal("10.00") and variant.stock == 3
