"""JSON API of the orders app: cart, addresses, shipping rules, checkout, payment, orders.

Everything needs a token or a session with the CSRF token, except the payment gateway's
callback, which is authenticated by the gateway's signature instead (and changes nothing
for an unsigned or replayed body). By-id answers about someone else's cart line, address,
checkout or order are the same 404 as for an id never used.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from grassroots.accounts.models import User
from grassroots.core.errors import Forbidden
from grassroots.orders import actions, fulfilment, queries
from grassroots.orders.checkout import ShopGroup, checkout_complete, checkout_start
from grassroots.orders.models import Address, CheckoutSession, Order, Payment
from grassroots.shops.attribution import visitor_key

router = Router(tags=["orders"])


def _me(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:
        raise Forbidden()
    return user


def _visitor(request: HttpRequest) -> str | None:
    return visitor_key(request, create=False) if hasattr(request, "session") else None


# --- schemas -------------------------------------------------------------------------------------


class MoneyOut(Schema):
    amount: Decimal
    currency: str


class CartLineOut(Schema):
    item_id: int | None
    variant_id: int
    product_id: int
    title: str
    sku: str
    quantity: int
    unit_price: MoneyOut
    line_total: MoneyOut


class ShopGroupOut(Schema):
    shop_id: int
    shop_name: str
    lines: list[CartLineOut]
    subtotal: MoneyOut
    shipping_fee: MoneyOut
    total: MoneyOut


class CartOut(Schema):
    count: int
    shops: list[ShopGroupOut]


class CartAddIn(Schema):
    variant_id: int
    quantity: int = 1
    from_note: int | None = None


class CartQuantityIn(Schema):
    quantity: int


class AddressIn(Schema):
    recipient: str
    phone: str
    region: str
    line: str
    postcode: str = ""
    is_default: bool = False


class AddressPatchIn(Schema):
    recipient: str | None = None
    phone: str | None = None
    region: str | None = None
    line: str | None = None
    postcode: str | None = None
    is_default: bool | None = None


class AddressOut(Schema):
    id: int
    recipient: str
    phone: str
    region: str
    line: str
    postcode: str
    is_default: bool


class ShippingRuleIn(Schema):
    base_fee: str
    per_extra_unit: str = "0"
    free_over: str | None = None


class ShippingRuleOut(Schema):
    shop_id: int
    base_fee: Decimal
    per_extra_unit: Decimal
    free_over: Decimal | None


class CheckoutIn(Schema):
    key: str | None = None
    address_id: int | None = None


class CompleteIn(Schema):
    address_id: int | None = None


class CheckoutOut(Schema):
    id: int
    key: str
    status: str
    expires_at: datetime
    address_id: int | None
    shops: list[ShopGroupOut]
    order_ids: list[int]


class OrderLineOut(Schema):
    id: int
    product_id: int | None
    variant_id: int | None
    title: str
    sku: str
    unit_price: Decimal
    quantity: int
    line_total: Decimal
    source_note_id: int | None


class OrderEventOut(Schema):
    from_status: str
    to_status: str
    actor_id: int | None
    message: str
    at: datetime


class OrderOut(Schema):
    id: int
    number: str
    status: str
    shop_id: int
    buyer_id: int
    currency: str
    subtotal: Decimal
    shipping_fee: Decimal
    total: Decimal
    tracking_number: str
    created_at: datetime
    paid_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    lines: list[OrderLineOut]


class OrderDetailOut(OrderOut):
    address: dict[str, str]
    events: list[OrderEventOut]


class OrderPageOut(Schema):
    items: list[OrderOut]
    next_before: int | None


class PayIn(Schema):
    token: str
    gateway: str = "test"


class PaymentOut(Schema):
    id: int
    order_id: int
    reference: str
    gateway: str
    status: str
    amount: Decimal
    currency: str
    failure: str
    order_status: str

    @staticmethod
    def resolve_order_status(obj: Payment) -> str:
        return str(Order.objects.values_list("status", flat=True).get(pk=obj.order_id))


class CallbackIn(Schema):
    event_id: str
    reference: str
    outcome: str
    amount: str
    currency: str
    signature: str


class CallbackOut(Schema):
    event_id: str
    payment_id: int | None
    payment_status: str | None


class ReasonIn(Schema):
    reason: str = ""


class ShipIn(Schema):
    tracking_number: str


class NoticeOut(Schema):
    id: int
    kind: str
    order_id: int
    order_number: str
    as_seller: bool
    created_at: datetime
    read: bool

    @staticmethod
    def resolve_order_number(obj: Any) -> str:
        return str(obj.order.number)

    @staticmethod
    def resolve_read(obj: Any) -> bool:
        return obj.read_at is not None


# --- serialisers ---------------------------------------------------------------------------------


def _money(value: Any) -> dict[str, Any]:
    return {"amount": value.amount, "currency": value.currency}


def _groups(groups: list[ShopGroup]) -> list[Any]:
    out = []
    for group in groups:
        out.append(
            {
                "shop_id": group.shop.pk,
                "shop_name": group.shop.name,
                "lines": [
                    {
                        "item_id": line.item_id,
                        "variant_id": line.variant.pk,
                        "product_id": line.variant.product_id,
                        "title": line.title,
                        "sku": line.variant.sku,
                        "quantity": line.quantity,
                        "unit_price": _money(line.unit_price),
                        "line_total": _money(line.line_total),
                    }
                    for line in group.lines
                ],
                "subtotal": _money(group.subtotal),
                "shipping_fee": _money(group.shipping),
                "total": _money(group.total),
            }
        )
    return out


def _cart(user: User) -> dict[str, Any]:
    view = queries.cart_view(user)
    return {"count": view.count, "shops": _groups(view.groups)}


def _checkout(checkout: CheckoutSession) -> dict[str, Any]:
    return {
        "id": checkout.pk,
        "key": checkout.key,
        "status": checkout.status,
        "expires_at": checkout.expires_at,
        "address_id": checkout.address_id,
        "shops": _groups(queries.checkout_summary(checkout)),
        "order_ids": list(checkout.orders.order_by("id").values_list("pk", flat=True)),
    }


# --- cart ----------------------------------------------------------------------------------------


@router.get("/cart", response=CartOut, summary="My cart, split by shop")
def cart_get(request: HttpRequest) -> dict[str, Any]:
    return _cart(_me(request))


@router.post("/cart/items", response={201: CartOut}, summary="Add to cart")
def cart_add(request: HttpRequest, payload: CartAddIn) -> Status[dict[str, Any]]:
    user = _me(request)
    actions.cart_add(
        user=user,
        variant_id=payload.variant_id,
        quantity=payload.quantity,
        note_id=payload.from_note,
        visitor_key=_visitor(request),
    )
    return Status(201, _cart(user))


@router.patch("/cart/items/{item_id}", response=CartOut, summary="Change a cart quantity")
def cart_update(request: HttpRequest, item_id: int, payload: CartQuantityIn) -> dict[str, Any]:
    user = _me(request)
    actions.cart_set_quantity(user=user, item_id=item_id, quantity=payload.quantity)
    return _cart(user)


@router.delete("/cart/items/{item_id}", response=CartOut, summary="Remove a cart line")
def cart_remove(request: HttpRequest, item_id: int) -> dict[str, Any]:
    user = _me(request)
    actions.cart_remove(user=user, item_id=item_id)
    return _cart(user)


# --- addresses -----------------------------------------------------------------------------------


@router.get("/addresses", response=list[AddressOut], summary="My delivery addresses")
def address_list(request: HttpRequest) -> list[Address]:
    return queries.addresses_of(_me(request))


@router.post("/addresses", response={201: AddressOut}, summary="Add a delivery address")
def address_create(request: HttpRequest, payload: AddressIn) -> Status[Address]:
    address = actions.address_create(owner=_me(request), **payload.dict())
    return Status(201, address)


@router.patch("/addresses/{address_id}", response=AddressOut, summary="Edit an address")
def address_update(request: HttpRequest, address_id: int, payload: AddressPatchIn) -> Address:
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    return actions.address_update(user=_me(request), address_id=address_id, **changes)


@router.delete("/addresses/{address_id}", response={204: None}, summary="Delete an address")
def address_delete(request: HttpRequest, address_id: int) -> Status[None]:
    actions.address_delete(user=_me(request), address_id=address_id)
    return Status(204, None)


# --- shipping rules ------------------------------------------------------------------------------


@router.put(
    "/shops/{shop_id}/shipping-rule",
    response=ShippingRuleOut,
    summary="Set a shop's shipping fee rule (members)",
)
def shipping_rule_set(request: HttpRequest, shop_id: int, payload: ShippingRuleIn) -> Any:
    return actions.shipping_rule_set(
        user=_me(request),
        shop_id=shop_id,
        base_fee=payload.base_fee,
        per_extra_unit=payload.per_extra_unit,
        free_over=payload.free_over,
    )


# --- checkout ------------------------------------------------------------------------------------


@router.post("/checkout", response={201: CheckoutOut}, summary="Start a checkout (reserve)")
def checkout_create(request: HttpRequest, payload: CheckoutIn) -> Status[dict[str, Any]]:
    """Reserve the cart for a while. Sending the same `key` again returns the same checkout."""
    checkout = checkout_start(buyer=_me(request), key=payload.key, address_id=payload.address_id)
    return Status(201, _checkout(checkout))


@router.get("/checkout/{checkout_id}", response=CheckoutOut, summary="A checkout of mine")
def checkout_get(request: HttpRequest, checkout_id: int) -> dict[str, Any]:
    return _checkout(queries.checkout_for_buyer(user=_me(request), checkout_id=checkout_id))


@router.post(
    "/checkout/{checkout_id}/complete",
    response=list[OrderOut],
    summary="Place the orders (one per shop); replays return the same orders",
)
def checkout_finish(request: HttpRequest, checkout_id: int, payload: CompleteIn) -> list[Order]:
    orders = checkout_complete(
        buyer=_me(request),
        checkout_id=checkout_id,
        address_id=payload.address_id,
        visitor_key=_visitor(request),
    )
    return list(Order.objects.filter(pk__in=[o.pk for o in orders]).order_by("id"))


# --- payment -------------------------------------------------------------------------------------


@router.post("/orders/{order_id}/pay", response=PaymentOut, summary="Pay an order")
def order_pay(request: HttpRequest, order_id: int, payload: PayIn) -> Payment:
    """Test gateway tokens: tok_success, tok_decline, tok_timeout, tok_duplicate."""
    return fulfilment.order_pay(
        buyer=_me(request), order_id=order_id, token=payload.token, gateway=payload.gateway
    )


@router.post(
    "/payments/callbacks/{gateway}",
    auth=None,
    response=CallbackOut,
    summary="Payment gateway callback (signed by the gateway)",
)
def payment_callback(request: HttpRequest, gateway: str, payload: CallbackIn) -> dict[str, Any]:
    record = fulfilment.payment_callback(gateway=gateway, payload=payload.dict())
    payment = record.payment
    return {
        "event_id": record.event_id,
        "payment_id": payment.pk if payment else None,
        "payment_status": Payment.objects.get(pk=payment.pk).status if payment else None,
    }


# --- orders: buyer ---------------------------------------------------------------------------


@router.get("/orders", response=OrderPageOut, summary="My orders, newest first")
def orders_mine(
    request: HttpRequest, status: str | None = None, before: int | None = None
) -> dict[str, Any]:
    items, next_before = queries.orders_of_buyer(user=_me(request), status=status, before=before)
    return {"items": items, "next_before": next_before}


@router.get("/orders/notices", response=list[NoticeOut], summary="My order notifications")
def order_notices(request: HttpRequest) -> list[Any]:
    return queries.notices_of(_me(request))


@router.get("/orders/{order_id}", response=OrderDetailOut, summary="One of my orders")
def order_get(request: HttpRequest, order_id: int) -> Order:
    return queries.order_for_buyer(user=_me(request), order_id=order_id)


@router.post("/orders/{order_id}/cancel", response=OrderDetailOut, summary="Cancel (unshipped)")
def order_cancel(request: HttpRequest, order_id: int, payload: ReasonIn) -> Order:
    user = _me(request)
    queries.order_for_buyer(user=user, order_id=order_id)
    fulfilment.order_cancel(actor=user, order_id=order_id, reason=payload.reason)
    return queries.order_for_buyer(user=user, order_id=order_id)


@router.post("/orders/{order_id}/received", response=OrderDetailOut, summary="I received it")
def order_received(request: HttpRequest, order_id: int) -> Order:
    user = _me(request)
    order = queries.order_for_buyer(user=user, order_id=order_id)
    if order.status == Order.Status.SHIPPED:
        fulfilment.order_deliver(actor=user, order_id=order_id)
    fulfilment.order_complete(actor=user, order_id=order_id)
    return queries.order_for_buyer(user=user, order_id=order_id)


# --- orders: seller ----------------------------------------------------------------------------


@router.get("/seller/orders", response=OrderPageOut, summary="Orders of my shops")
def seller_orders(
    request: HttpRequest,
    shop_id: int | None = None,
    status: str | None = None,
    before: int | None = None,
) -> dict[str, Any]:
    items, next_before = queries.orders_of_seller(
        user=_me(request), shop_id=shop_id, status=status, before=before
    )
    return {"items": items, "next_before": next_before}


@router.get("/seller/orders/{order_id}", response=OrderDetailOut, summary="An order of my shop")
def seller_order(request: HttpRequest, order_id: int) -> Order:
    return queries.order_for_seller(user=_me(request), order_id=order_id)


@router.post("/seller/orders/{order_id}/ship", response=OrderDetailOut, summary="Mark shipped")
def seller_ship(request: HttpRequest, order_id: int, payload: ShipIn) -> Order:
    user = _me(request)
    fulfilment.order_ship(actor=user, order_id=order_id, tracking_number=payload.tracking_number)
    return queries.order_for_seller(user=user, order_id=order_id)


@router.post("/seller/orders/{order_id}/deliver", response=OrderDetailOut, summary="Mark delivered")
def seller_deliver(request: HttpRequest, order_id: int) -> Order:
    user = _me(request)
    queries.order_for_seller(user=user, order_id=order_id)
    fulfilment.order_deliver(actor=user, order_id=order_id)
    return queries.order_for_seller(user=user, order_id=order_id)


@router.post("/seller/orders/{order_id}/refund", response=OrderDetailOut, summary="Refund")
def seller_refund(request: HttpRequest, order_id: int, payload: ReasonIn) -> Order:
    user = _me(request)
    fulfilment.order_refund(actor=user, order_id=order_id, reason=payload.reason)
    return queries.order_for_seller(user=user, order_id=order_id)


@router.post(
    "/seller/orders/{order_id}/cancel", response=OrderDetailOut, summary="Cancel (unshipped)"
)
def seller_cancel(request: HttpRequest, order_id: int, payload: ReasonIn) -> Order:
    user = _me(request)
    queries.order_for_seller(user=user, order_id=order_id)
    fulfilment.order_cancel(actor=user, order_id=order_id, reason=payload.reason)
    return queries.order_for_seller(user=user, order_id=order_id)
