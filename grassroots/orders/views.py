"""Pages of the orders app: cart, checkout, addresses, buyer orders, seller orders.

Views only call actions and queries. Every write is a plain form POST that redirects (PRG);
errors are DomainErrors shown by the error middleware (or as a message on the page).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.accounts.models import User
from grassroots.core.errors import DomainError, Forbidden, ValidationFailed
from grassroots.orders import actions, fulfilment, queries
from grassroots.orders.checkout import checkout_complete, checkout_start
from grassroots.orders.fulfilment import TRANSITIONS
from grassroots.orders.models import Order
from grassroots.orders.payments.testing import TOKENS
from grassroots.shops.attribution import parse_note_id, visitor_key
from grassroots.shops.queries import shop_for_member, shops_of_member


def _member(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:
        raise Forbidden()
    return user


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


# --- cart --------------------------------------------------------------------------------------


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    """orders:cart — the cart split by shop (a guest sees the session cart)."""
    if request.user.is_authenticated:
        view = queries.cart_view(request.user)
    else:
        view = queries.guest_cart_view(request.session)
    return render(request, "orders/cart.html", {"view": view, "nav": "cart"})


@require_POST
def cart_add(request: HttpRequest, variant_id: int) -> HttpResponse:
    """orders:cart_add — POST quantity, from (note id), next."""
    quantity = _int(request.POST.get("quantity"), 1)
    note_id = parse_note_id(request.POST.get("from"))
    if request.user.is_authenticated:
        actions.cart_add(
            user=request.user,
            variant_id=variant_id,
            quantity=quantity,
            note_id=note_id,
            visitor_key=visitor_key(request, create=False),
        )
        count = queries.cart_count(request.user)
    else:
        items = actions.guest_cart_add(
            session=request.session,
            variant_id=variant_id,
            quantity=quantity,
            note_id=note_id,
            visitor_key=visitor_key(request),
        )
        count = sum(items.values())
    if getattr(request, "htmx", False):
        return render(request, "orders/partials/_cart_badge.html", {"count": count, "added": True})
    messages.success(request, _("Added to your cart."))
    return redirect(_safe_next(request, reverse("orders:cart")))


@require_POST
def cart_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """orders:cart_item — POST quantity=N, or action=remove (a guest's item_id is a variant)."""
    remove = request.POST.get("action") == "remove"
    if request.user.is_authenticated:
        if remove:
            actions.cart_remove(user=request.user, item_id=item_id)
        else:
            actions.cart_set_quantity(
                user=request.user, item_id=item_id, quantity=_int(request.POST.get("quantity"))
            )
    elif remove:
        actions.guest_cart_remove(session=request.session, variant_id=item_id)
    else:
        raise ValidationFailed("login_required", _("Log in to change quantities."))
    return redirect("orders:cart")


# --- checkout ----------------------------------------------------------------------------------


@login_required
@require_POST
def checkout_begin(request: HttpRequest) -> HttpResponse:
    """orders:checkout_begin — reserve the cart and go to the checkout page."""
    key = (request.POST.get("key") or uuid.uuid4().hex)[:64]
    checkout = checkout_start(buyer=_member(request), key=key)
    return redirect("orders:checkout", checkout_id=checkout.pk)


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, checkout_id: int) -> HttpResponse:
    """orders:checkout — summary per shop, address; POST places the orders."""
    user = _member(request)
    session = queries.checkout_for_buyer(user=user, checkout_id=checkout_id)
    if request.method == "POST":
        orders = checkout_complete(
            buyer=user,
            checkout_id=session.pk,
            address_id=_int(request.POST.get("address")) or None,
            visitor_key=visitor_key(request, create=False),
        )
        if len(orders) == 1:
            return redirect("orders:pay", order_id=orders[0].pk)
        messages.success(request, _("Your orders are placed: pay each shop's order."))
        return redirect("orders:list")
    if session.status == session.Status.COMPLETED:
        return redirect("orders:list")
    context = {
        "checkout": session,
        "expired": session.status != session.Status.OPEN or session.expires_at <= timezone.now(),
        "groups": queries.checkout_summary(session),
        "addresses": queries.addresses_of(user),
        "nav": "cart",
    }
    return render(request, "orders/checkout.html", context)


# --- addresses ---------------------------------------------------------------------------------


ADDRESS_FIELDS = ("recipient", "phone", "region", "line", "postcode")


@login_required
@require_http_methods(["GET", "POST"])
def addresses(request: HttpRequest) -> HttpResponse:
    """orders:addresses — list and add (POST); `next` returns to a checkout."""
    user = _member(request)
    error: DomainError | None = None
    values = {name: request.POST.get(name, "") for name in ADDRESS_FIELDS}
    status = 200
    if request.method == "POST":
        try:
            actions.address_create(
                owner=user, is_default=bool(request.POST.get("is_default")), **values
            )
        except ValidationFailed as exc:
            error, status = exc, exc.status
        else:
            return redirect(_safe_next(request, reverse("orders:addresses")))
    context = {
        "addresses": queries.addresses_of(user),
        "error": error,
        "values": values,
        "next": _safe_next(request, ""),
    }
    return render(request, "orders/addresses.html", context, status=status)


@login_required
@require_POST
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    actions.address_delete(user=_member(request), address_id=address_id)
    return redirect(_safe_next(request, reverse("orders:addresses")))


# --- buyer orders ------------------------------------------------------------------------------


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    """orders:list — my orders, newest first, and order notifications."""
    user = _member(request)
    status = request.GET.get("status") or None
    if status not in Order.Status.values:
        status = None
    orders, next_before = queries.orders_of_buyer(
        user=user, status=status, before=_int(request.GET.get("before")) or None
    )
    notices = queries.notices_of(user, limit=10)
    fulfilment.notices_mark_read(user=user)
    context = {
        "orders": orders,
        "next_before": next_before,
        "status": status,
        "statuses": Order.Status.choices,
        "notices": notices,
        "nav": "orders",
    }
    return render(request, "orders/order_list.html", context)


@login_required
@require_GET
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = queries.order_for_buyer(user=_member(request), order_id=order_id)
    context = {"order": order, "can": TRANSITIONS[order.status], "as_seller": False}
    return render(request, "orders/order_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, order_id: int) -> HttpResponse:
    """orders:pay — the TEST gateway's card form; POST token charges."""
    user = _member(request)
    order = queries.order_for_buyer(user=user, order_id=order_id)
    if request.method == "POST":
        payment = fulfilment.order_pay(
            buyer=user, order_id=order.pk, token=str(request.POST.get("token", ""))
        )
        if payment.status == payment.Status.SUCCEEDED:
            messages.success(request, _("Paid. The shop has been told."))
        elif payment.status == payment.Status.PENDING:
            messages.info(request, _("The payment is being confirmed by the gateway."))
        else:
            messages.error(request, _("The payment was declined. Try another card."))
        return redirect("orders:detail", order_id=order.pk)
    return render(request, "orders/pay.html", {"order": order, "tokens": TOKENS})


@login_required
@require_POST
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _member(request)
    order = queries.order_for_buyer(user=user, order_id=order_id)
    fulfilment.order_cancel(actor=user, order_id=order.pk, reason="cancelled by the buyer")
    return redirect("orders:detail", order_id=order.pk)


@login_required
@require_POST
def order_received(request: HttpRequest, order_id: int) -> HttpResponse:
    """The buyer confirms receipt: delivered (if not yet) and completed."""
    user = _member(request)
    order = queries.order_for_buyer(user=user, order_id=order_id)
    if order.status == Order.Status.SHIPPED:
        fulfilment.order_deliver(actor=user, order_id=order.pk)
    fulfilment.order_complete(actor=user, order_id=order.pk)
    return redirect("orders:detail", order_id=order.pk)


# --- seller ------------------------------------------------------------------------------------


@login_required
@require_GET
def seller_orders(request: HttpRequest) -> HttpResponse:
    """orders:seller_list — orders of my shops (?shop=<id> for one, ?status=…)."""
    user = _member(request)
    shop_id = _int(request.GET.get("shop")) or None
    status = request.GET.get("status") or None
    if status not in Order.Status.values:
        status = None
    orders, next_before = queries.orders_of_seller(
        user=user, shop_id=shop_id, status=status, before=_int(request.GET.get("before")) or None
    )
    context = {
        "orders": orders,
        "next_before": next_before,
        "shops": shops_of_member(user),
        "shop_id": shop_id,
        "status": status,
        "statuses": Order.Status.choices,
        "nav": "seller",
    }
    return render(request, "orders/seller_list.html", context)


@login_required
@require_GET
def seller_order(request: HttpRequest, order_id: int) -> HttpResponse:
    order = queries.order_for_seller(user=_member(request), order_id=order_id)
    context = {"order": order, "can": TRANSITIONS[order.status], "as_seller": True}
    return render(request, "orders/order_detail.html", context)


def _seller_done(order_id: int) -> HttpResponseRedirect:
    return redirect("orders:seller_detail", order_id=order_id)


@login_required
@require_POST
def seller_ship(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _member(request)
    order = queries.order_for_seller(user=user, order_id=order_id)
    fulfilment.order_ship(
        actor=user, order_id=order.pk, tracking_number=request.POST.get("tracking_number", "")
    )
    messages.success(request, _("Marked as shipped. The buyer has been told."))
    return _seller_done(order.pk)


@login_required
@require_POST
def seller_deliver(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _member(request)
    order = queries.order_for_seller(user=user, order_id=order_id)
    fulfilment.order_deliver(actor=user, order_id=order.pk)
    return _seller_done(order.pk)


@login_required
@require_POST
def seller_refund(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _member(request)
    order = queries.order_for_seller(user=user, order_id=order_id)
    fulfilment.order_refund(
        actor=user, order_id=order.pk, reason=(request.POST.get("reason") or "")[:200]
    )
    return _seller_done(order.pk)


@login_required
@require_POST
def seller_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _member(request)
    order = queries.order_for_seller(user=user, order_id=order_id)
    fulfilment.order_cancel(actor=user, order_id=order.pk, reason="cancelled by the shop")
    return _seller_done(order.pk)


@login_required
@require_http_methods(["GET", "POST"])
def shipping_rule(request: HttpRequest, shop_id: int) -> HttpResponse:
    """orders:shipping_rule — a shop's delivery fee (members only)."""
    user = _member(request)
    shop = shop_for_member(user=user, shop_id=shop_id)
    error: DomainError | None = None
    status = 200
    if request.method == "POST":
        try:
            actions.shipping_rule_set(
                user=user,
                shop_id=shop.pk,
                base_fee=request.POST.get("base_fee", ""),
                per_extra_unit=request.POST.get("per_extra_unit") or "0",
                free_over=request.POST.get("free_over") or None,
            )
        except ValidationFailed as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Shipping fees saved."))
            return redirect("orders:shipping_rule", shop_id=shop.pk)
    context = {"shop": shop, "rule": queries.shipping_rule_of(shop.pk), "error": error}
    return render(request, "orders/shipping_rule.html", context, status=status)
