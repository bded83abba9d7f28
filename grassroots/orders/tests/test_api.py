"""The orders API end to end, and IDOR by id: buyer A can neither see nor change buyer B's
cart lines, addresses, checkouts or orders; a seller sees only their own shops' orders."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from grassroots.accounts.models import User
from grassroots.orders import actions
from grassroots.orders.models import Address, CartItem, Order, PaymentCallback
from grassroots.orders.payments.testing import callback_body
from grassroots.orders.tests.factories import make_buyer, make_variant, place_order
from grassroots.shops.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def call(client: Client, method: str, url: str, body: Any = None) -> Any:
    payload = json.dumps(body) if body is not None else ""
    response = getattr(client, method)(url, payload, content_type="application/json")
    return response.status_code, (json.loads(response.content) if response.content else None)


def test_buyer_flow_through_the_api():
    variant = make_variant(stock=3, price="12.50")
    actions.shipping_rule_set(
        user=variant.product.shop.owner, shop_id=variant.product.shop_id, base_fee="6"
    )
    user, _ = make_buyer()
    api = client_for(user)
    status, cart = call(api, "post", "/api/cart/items", {"variant_id": variant.pk, "quantity": 2})
    assert status == 201 and cart["count"] == 2
    assert cart["shops"][0]["total"] == {"amount": "31.00", "currency": "CNY"}
    item_id = cart["shops"][0]["lines"][0]["item_id"]
    status, cart = call(api, "patch", f"/api/cart/items/{item_id}", {"quantity": 1})
    assert status == 200 and cart["count"] == 1
    status, address = call(
        api,
        "post",
        "/api/addresses",
        {"recipient": "Han Meimei", "phone": "13700000000", "region": "Hangzhou", "line": "3 St"},
    )
    assert status == 201 and address["is_default"] is False  # make_buyer made the first
    status, checkout = call(
        api, "post", "/api/checkout", {"key": "abc", "address_id": address["id"]}
    )
    assert status == 201 and checkout["status"] == "open"
    status, replay = call(api, "post", "/api/checkout", {"key": "abc"})
    assert replay["id"] == checkout["id"]
    status, orders = call(api, "post", f"/api/checkout/{checkout['id']}/complete", {})
    assert status == 200 and len(orders) == 1
    assert orders[0]["total"] == "18.50" and orders[0]["status"] == "pending_payment"
    status, again = call(api, "post", f"/api/checkout/{checkout['id']}/complete", {})
    assert [o["id"] for o in again] == [o["id"] for o in orders]
    order_id = orders[0]["id"]
    status, payment = call(api, "post", f"/api/orders/{order_id}/pay", {"token": "tok_success"})
    assert status == 200 and payment["status"] == "succeeded" and payment["order_status"] == "paid"
    status, detail = call(api, "get", f"/api/orders/{order_id}")
    assert [e["to_status"] for e in detail["events"]] == ["pending_payment", "paid"]
    status, page = call(api, "get", "/api/orders")
    assert [o["id"] for o in page["items"]] == [order_id]
    seller = client_for(variant.product.shop.owner)
    status, shipped = call(
        seller, "post", f"/api/seller/orders/{order_id}/ship", {"tracking_number": "SF1"}
    )
    assert status == 200 and shipped["status"] == "shipped"
    status, done = call(api, "post", f"/api/orders/{order_id}/received")
    assert status == 200 and done["status"] == "completed"


def test_api_errors_are_clean_4xx():
    variant = make_variant(stock=1)
    user, address = make_buyer()
    api = client_for(user)
    assert call(api, "post", "/api/cart/items", {"variant_id": 987654})[0] == 404
    assert call(api, "post", "/api/cart/items", {"variant_id": variant.pk, "quantity": 0})[0] == 422
    assert call(api, "post", "/api/checkout", {})[0] == 422  # empty cart
    order = place_order(user, address, variant)
    status, body = call(api, "post", f"/api/orders/{order.pk}/received")
    assert status == 409 and body["code"] == "illegal_transition"
    status, body = call(api, "post", f"/api/orders/{order.pk}/pay", {"token": "nope"})
    assert status == 422
    status, body = call(api, "post", f"/api/orders/{order.pk}/pay", {"token": "tok_decline"})
    assert (
        status == 200 and body["status"] == "failed" and body["order_status"] == "pending_payment"
    )
    anonymous = Client()
    assert anonymous.get("/api/cart").status_code == 401


def test_callback_endpoint_is_signed_and_idempotent():
    variant = make_variant()
    user, address = make_buyer()
    order = place_order(user, address, variant)
    api = client_for(user)
    _, payment = call(api, "post", f"/api/orders/{order.pk}/pay", {"token": "tok_timeout"})
    assert payment["status"] == "pending"
    body = callback_body(
        reference=payment["reference"], outcome="succeeded", amount=order.total, currency="CNY"
    )
    gateway = Client()  # no session, no token: the signature is the credential
    assert (
        call(gateway, "post", "/api/payments/callbacks/test", {**body, "signature": "x"})[0] == 422
    )
    for _ in range(3):
        status, answer = call(gateway, "post", "/api/payments/callbacks/test", body)
        assert status == 200 and answer["payment_status"] == "succeeded"
    assert PaymentCallback.objects.count() == 1
    order.refresh_from_db()
    assert order.status == "paid"
    assert call(gateway, "post", "/api/payments/callbacks/nope", body)[0] == 404


@pytest.fixture
def two_buyers():
    variant = make_variant(stock=10)
    alice, alice_address = make_buyer("alice")
    bob, bob_address = make_buyer("bob")
    alice_order = place_order(alice, alice_address, variant)
    item = actions.cart_add(user=alice, variant_id=variant.pk)
    from grassroots.orders.checkout import checkout_start

    checkout = checkout_start(buyer=alice, key="alice")
    return {
        "variant": variant,
        "alice": alice,
        "bob": bob,
        "bob_address": bob_address,
        "alice_address": alice_address,
        "order": alice_order,
        "item": item,
        "checkout": checkout,
    }


def test_idor_by_id_another_buyers_things_are_404_and_unchanged(two_buyers):
    w = two_buyers
    bob = client_for(w["bob"])
    order, item, address, checkout = w["order"], w["item"], w["alice_address"], w["checkout"]
    attempts = [
        ("patch", f"/api/cart/items/{item.pk}", {"quantity": 5}),
        ("delete", f"/api/cart/items/{item.pk}", None),
        ("patch", f"/api/addresses/{address.pk}", {"recipient": "Bob"}),
        ("delete", f"/api/addresses/{address.pk}", None),
        ("get", f"/api/checkout/{checkout.pk}", None),
        ("post", f"/api/checkout/{checkout.pk}/complete", {"address_id": w["bob_address"].pk}),
        ("get", f"/api/orders/{order.pk}", None),
        ("post", f"/api/orders/{order.pk}/pay", {"token": "tok_success"}),
        ("post", f"/api/orders/{order.pk}/cancel", {}),
        ("post", f"/api/orders/{order.pk}/received", None),
        ("get", f"/api/seller/orders/{order.pk}", None),
        ("post", f"/api/seller/orders/{order.pk}/ship", {"tracking_number": "X"}),
        ("post", f"/api/seller/orders/{order.pk}/refund", {}),
        ("post", f"/api/seller/orders/{order.pk}/cancel", {}),
    ]
    before = (
        list(Order.objects.values()),
        list(CartItem.objects.values()),
        list(Address.objects.values()),
    )
    for method, url, body in attempts:
        status, answer = call(bob, method, url, body)
        assert status == 404, (method, url, status)
        missing = re.sub(r"/\d+", "/987654", url, count=1)
        assert call(bob, method, missing, body)[1] == answer, url  # same answer as no such id
    after = (
        list(Order.objects.values()),
        list(CartItem.objects.values()),
        list(Address.objects.values()),
    )
    assert before == after
    assert call(bob, "get", "/api/orders")[1]["items"] == []
    assert [a["id"] for a in call(bob, "get", "/api/addresses")[1]] == [w["bob_address"].pk]
    assert call(bob, "get", "/api/cart")[1]["count"] == 0


def test_idor_pages_another_buyers_things_are_404(two_buyers):
    w = two_buyers
    bob = client_for(w["bob"])
    order = w["order"]
    for method, url in [
        ("get", f"/orders/{order.pk}"),
        ("get", f"/orders/{order.pk}/pay"),
        ("post", f"/orders/{order.pk}/pay"),
        ("post", f"/orders/{order.pk}/cancel"),
        ("post", f"/orders/{order.pk}/received"),
        ("get", f"/seller/orders/{order.pk}"),
        ("post", f"/seller/orders/{order.pk}/ship"),
        ("post", f"/seller/orders/{order.pk}/deliver"),
        ("post", f"/seller/orders/{order.pk}/refund"),
        ("get", f"/checkout/{w['checkout'].pk}"),
        ("post", f"/checkout/{w['checkout'].pk}"),
        ("post", f"/cart/items/{w['item'].pk}"),
        ("post", f"/addresses/{w['alice_address'].pk}/delete"),
    ]:
        response = getattr(bob, method)(url, {"quantity": "3", "tracking_number": "T"})
        assert response.status_code == 404, (method, url, response.status_code)
    order.refresh_from_db()
    assert order.status == "pending_payment"
    assert Address.objects.filter(pk=w["alice_address"].pk).exists()


def test_a_seller_sees_only_their_shops_orders():
    mine = make_variant(stock=5)
    theirs = make_variant(stock=5)
    buyer, address = make_buyer()
    my_order = place_order(buyer, address, mine)
    their_order = place_order(buyer, address, theirs)
    seller = client_for(mine.product.shop.owner)
    _, page = call(seller, "get", "/api/seller/orders")
    assert [o["id"] for o in page["items"]] == [my_order.pk]
    assert call(seller, "get", f"/api/seller/orders/{their_order.pk}")[0] == 404
    assert call(seller, "get", f"/api/orders/{my_order.pk}")[0] == 404  # not the buyer
    other_shop = ShopFactory(owner=mine.product.shop.owner)
    _, page = call(seller, "get", f"/api/seller/orders?shop_id={other_shop.pk}")
    assert page["items"] == []
    _, page = call(seller, "get", f"/api/seller/orders?shop_id={theirs.product.shop_id}")
    assert page["items"] == []
    assert call(
        seller, "put", f"/api/shops/{theirs.product.shop_id}/shipping-rule", {"base_fee": "1"}
    )[0] in (403, 404)
