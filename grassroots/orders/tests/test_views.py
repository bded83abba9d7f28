"""Pages: cart → checkout → pay → seller ships, through HTTP, with query budgets."""

from __future__ import annotations

import pytest
from django.test import Client

from grassroots.orders import actions, fulfilment
from grassroots.orders.models import Order, OrderNotification
from grassroots.orders.tests.factories import make_buyer, make_variant, place_order

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_flow_cart_checkout_pay_ship(django_capture_on_commit_callbacks):
    variant = make_variant(stock=2, price="25.00", title="Camp stove")
    user, address = make_buyer()
    buyer = logged_in(user)
    response = buyer.post(f"/cart/add/{variant.pk}", {"quantity": "1"})
    assert response.status_code == 302 and response["Location"] == "/cart"
    page = buyer.get("/cart")
    assert page.status_code == 200 and "Camp stove" in page.content.decode()
    response = buyer.post("/checkout")
    assert response.status_code == 302
    checkout_url = response["Location"]
    page = buyer.get(checkout_url)
    assert "Place order" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer.post(checkout_url, {"address": str(address.pk)})
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.pk}/pay"
    page = buyer.get(f"/orders/{order.pk}/pay")
    assert "TEST GATEWAY" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer.post(f"/orders/{order.pk}/pay", {"token": "tok_success"})
    assert response["Location"] == f"/orders/{order.pk}"
    order.refresh_from_db()
    assert order.status == "paid"
    seller = logged_in(variant.product.shop.owner)
    listing = seller.get("/seller/orders").content.decode()
    assert order.number in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = seller.post(f"/seller/orders/{order.pk}/ship", {"tracking_number": "SF 42"})
    assert response.status_code == 302
    detail = buyer.get(f"/orders/{order.pk}").content.decode()
    assert "SF 42" in detail and 'data-to="shipped"' in detail
    assert OrderNotification.objects.filter(recipient=user, kind="shipped").exists()
    assert OrderNotification.objects.filter(
        recipient=variant.product.shop.owner, kind="paid", as_seller=True
    ).exists()
    buyer.post(f"/orders/{order.pk}/received")
    detail = buyer.get(f"/orders/{order.pk}").content.decode()
    line = order.lines.get()
    assert f"/publish?order_line={line.pk}" in detail


def test_illegal_page_action_is_a_409_page():
    variant = make_variant()
    user, address = make_buyer()
    order = place_order(user, address, variant)
    seller = logged_in(variant.product.shop.owner)
    response = seller.post(f"/seller/orders/{order.pk}/ship", {"tracking_number": "T"})
    assert response.status_code == 409
    order.refresh_from_db()
    assert order.status == "pending_payment"


def test_guest_sees_session_cart_and_is_sent_to_log_in():
    variant = make_variant(title="Tent")
    guest = Client()
    guest.post(f"/cart/add/{variant.pk}", {"quantity": "2"})
    page = guest.get("/cart").content.decode()
    assert "Tent" in page and "Log in to check out" in page
    response = guest.post("/checkout")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert guest.get("/orders").status_code == 302


def test_address_form_errors_and_next():
    user, _address = make_buyer()
    client = logged_in(user)
    response = client.post("/addresses", {"recipient": "", "phone": "1", "region": "", "line": ""})
    assert response.status_code == 422
    response = client.post(
        "/addresses",
        {
            "recipient": "Wang",
            "phone": "13600000000",
            "region": "Chengdu",
            "line": "9 Rd",
            "next": "/checkout/1",
        },
    )
    assert response["Location"] == "/checkout/1"
    response = client.post(
        "/addresses",
        {
            "recipient": "W",
            "phone": "13600000000",
            "region": "C",
            "line": "9",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/addresses"


def test_shipping_rule_page_for_members_only():
    variant = make_variant()
    shop = variant.product.shop
    owner = logged_in(shop.owner)
    assert owner.get(f"/seller/shops/{shop.pk}/shipping").status_code == 200
    assert owner.post(f"/seller/shops/{shop.pk}/shipping", {"base_fee": "1.234"}).status_code == 422
    response = owner.post(f"/seller/shops/{shop.pk}/shipping", {"base_fee": "6", "free_over": "99"})
    assert response.status_code == 302
    user, _ = make_buyer()
    assert logged_in(user).get(f"/seller/shops/{shop.pk}/shipping").status_code in (403, 404)


def test_order_pages_have_fixed_query_budgets(django_assert_max_num_queries):
    user, address = make_buyer()
    variants = [make_variant(stock=5) for _ in range(6)]
    for variant in variants:
        order = place_order(user, address, variant)
        fulfilment.order_pay(buyer=user, order_id=order.pk, token="tok_success")
    client = logged_in(user)
    with django_assert_max_num_queries(14):
        assert client.get("/orders").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/orders/{order.pk}").status_code == 200
    for variant in variants[:3]:
        actions.cart_add(user=user, variant_id=variant.pk)
    with django_assert_max_num_queries(14):
        assert client.get("/cart").status_code == 200


def test_an_expired_checkout_page_says_so():
    from datetime import timedelta

    from django.utils import timezone

    from grassroots.orders.checkout import checkout_start
    from grassroots.orders.models import CheckoutSession

    variant = make_variant()
    user, address = make_buyer()
    actions.cart_add(user=user, variant_id=variant.pk)
    checkout = checkout_start(buyer=user, key="old", address_id=address.pk)
    CheckoutSession.objects.filter(pk=checkout.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = logged_in(user)
    page = client.get(f"/checkout/{checkout.pk}").content.decode()
    assert "This checkout expired" in page and "Place order" not in page
    assert client.post(f"/checkout/{checkout.pk}", {"address": address.pk}).status_code == 409


def test_seller_pages_have_fixed_query_budgets(django_assert_max_num_queries):
    shop_variant = make_variant(stock=20)
    seller = logged_in(shop_variant.product.shop.owner)
    for _ in range(6):
        user, address = make_buyer()
        order = place_order(user, address, shop_variant)
    with django_assert_max_num_queries(14):
        assert seller.get("/seller/orders").status_code == 200
    with django_assert_max_num_queries(14):
        assert seller.get(f"/seller/orders/{order.pk}").status_code == 200
