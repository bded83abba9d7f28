"""Staff admin for orders: read-only views of orders (with lines and their event log),
payments and callbacks. Every change goes through orders.actions/fulfilment, never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from grassroots.orders.models import Order, OrderEvent, OrderLine, Payment, PaymentCallback


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LineInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ("title", "sku", "unit_price", "quantity", "line_total", "source_note")
    readonly_fields = fields


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "actor", "message")
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "shop", "buyer", "status", "currency", "total", "created_at")
    list_filter = ("status", "currency")
    search_fields = ("number", "tracking_number", "buyer__username", "shop__name")
    list_select_related = ("shop", "buyer")
    inlines = (LineInline, EventInline)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("reference", "order", "gateway", "status", "amount", "currency", "created_at")
    list_filter = ("status", "gateway")
    search_fields = ("reference", "order__number")


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("gateway", "event_id", "outcome", "payment", "received_at")
    search_fields = ("event_id",)
