"""Template helpers for shops: money, variant labels, and the product cards of a note."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _

from grassroots.shops.money import CURRENCY_EXPONENTS, quantize
from grassroots.shops.queries import note_shopping

register = template.Library()

CURRENCY_SIGNS = {"CNY": "¥", "HKD": "HK$", "USD": "$", "EUR": "€", "JPY": "JP¥"}


@register.filter
def money(amount: Any, currency: str = "CNY") -> str:
    """12.5, "CNY" -> "¥12.50"; grouped thousands; exact Decimal, never a float."""
    code = str(currency or "CNY").upper()
    if code not in CURRENCY_EXPONENTS:
        return str(amount)
    try:
        value = quantize(Decimal(str(amount)), code)
    except (InvalidOperation, ValueError):
        return str(amount)
    exponent = CURRENCY_EXPONENTS[code]
    text = f"{value:,.{exponent}f}"
    return f"{CURRENCY_SIGNS.get(code, code + ' ')}{text}"


@register.filter
def variant_label(variant: Any) -> str:
    """The option as buyers read it: "red · M", or the SKU of a product without options."""
    attributes = getattr(variant, "attributes", None) or {}
    if attributes:
        return " · ".join(str(value) for value in attributes.values())
    return _("Standard")


@register.filter
def stock_left(variant: Any) -> int:
    """Units still to sell (stock minus units allocated to orders), never below 0."""
    return max(0, int(variant.stock) - int(variant.allocated))


@register.inclusion_tag("shops/partials/_note_products.html", takes_context=True)
def note_products(context: Any, note: Any) -> dict[str, Any]:
    """The product cards and verified-purchase badge of a note's detail page (one query for
    a note without cards)."""
    request = context.get("request")
    products, verified = note_shopping(note_id=note.pk, user=getattr(request, "user", None))
    return {"note": note, "products": products, "verified": verified, "request": request}


@register.filter
def stat_revenue(row: Any, currency: str) -> Decimal:
    """A NoteSeeding row's revenue in one currency."""
    amount: Decimal = row.revenue_in(currency)
    return amount


@register.inclusion_tag("shops/partials/_product_picker.html", takes_context=True)
def note_product_picker(context: Any, form: Any) -> dict[str, Any]:
    """The product picker of the publish/edit form: the chosen products (from the form's
    `products` value) and, when publishing from a delivered order, that order line."""
    from grassroots.core.errors import DomainError
    from grassroots.shops.cards import order_line_for_review
    from grassroots.shops.models import Product

    request = context.get("request")
    ids = [int(value) for value in (form["products"].value() or []) if str(value).isdigit()]
    by_id = {p.pk: p for p in Product.objects.filter(pk__in=ids).select_related("shop")}
    order_line = None
    raw_line = request.POST.get("order_line") or request.GET.get("order_line") if request else None
    if raw_line:
        try:
            order_line = order_line_for_review(user=request.user, order_line_id=raw_line)
        except DomainError:
            order_line = None
    return {
        "chosen": [by_id[pk] for pk in ids if pk in by_id],
        "order_line": order_line,
        "errors": form["products"].errors,
        "request": request,
    }
