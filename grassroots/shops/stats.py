"""Seeding statistics: what each note did for a shop's (or a creator's) sales.

Per note: product clicks (view touches, shops.attribution), add-to-carts (cart touches),
orders, units and revenue of the order lines the note is credited with (OrderLine.source_note),
and conversion = orders / clicks. Revenue follows the contract with the orders app: the sum of
`line_total` over lines whose order is paid, shipped, delivered or completed (refunded and
cancelled orders count nothing), read through `orders.queries.lines_for_revenue()`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum

from grassroots.notes.models import Note
from grassroots.shops.models import ProductTouch, Shop
from grassroots.shops.money import Money

# The contract's revenue statuses, used only if the orders app does not expose its own yet.
_REVENUE_STATUSES = ("paid", "shipped", "delivered", "completed")
LEADERBOARD_SIZE = 20


def revenue_lines() -> QuerySet[Any]:
    """Order lines that count as revenue (from the orders app's query when it has one)."""
    try:
        from grassroots.orders.queries import lines_for_revenue
    except ImportError:  # pragma: no cover - the orders app exposes it
        model = apps.get_model("orders", "OrderLine")
        return model.objects.filter(order__status__in=_REVENUE_STATUSES)
    lines: QuerySet[Any] = lines_for_revenue()
    return lines


@dataclass
class NoteSeeding:
    """One note's seeding figures. `note` is None when the note is no longer listed (its
    figures still count, its title is not shown)."""

    note_id: int
    note: Note | None = None
    clicks: int = 0
    carts: int = 0
    orders: int = 0
    units: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)

    @property
    def conversion(self) -> Decimal | None:
        """Orders per product click, as a percentage with one decimal (None with no clicks)."""
        if not self.clicks:
            return None
        return (Decimal(self.orders * 100) / Decimal(self.clicks)).quantize(Decimal("0.1"))

    @property
    def revenue_money(self) -> list[Money]:
        return [Money(amount, currency) for currency, amount in sorted(self.revenue.items())]

    def revenue_in(self, currency: str) -> Decimal:
        return self.revenue.get(currency, Decimal("0"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "note_id": self.note_id,
            "title": self.note.title if self.note else None,
            "clicks": self.clicks,
            "carts": self.carts,
            "orders": self.orders,
            "units": self.units,
            "revenue": [money.as_dict() for money in self.revenue_money],
            "conversion": self.conversion,
        }


@dataclass
class ShopTotals:
    currency: str
    orders: int = 0
    units: int = 0
    revenue: Decimal = Decimal("0")
    seeded_orders: int = 0
    seeded_revenue: Decimal = Decimal("0")
    clicks: int = 0

    @property
    def seeded_share(self) -> Decimal | None:
        """Share of revenue credited to notes, in percent."""
        if not self.revenue:
            return None
        return (self.seeded_revenue * 100 / self.revenue).quantize(Decimal("0.1"))


def _collect(
    touches: QuerySet[ProductTouch], lines: QuerySet[Any], since: datetime | None
) -> dict[int, NoteSeeding]:
    if since is not None:
        touches = touches.filter(created_at__gte=since)
        lines = lines.filter(order__created_at__gte=since)
    rows: dict[int, NoteSeeding] = {}
    for note_id, kind, count in (
        touches.values_list("note_id", "kind")
        .annotate(n=Count("id"))
        .values_list("note_id", "kind", "n")
    ):
        row = rows.setdefault(note_id, NoteSeeding(note_id=note_id))
        if kind == ProductTouch.Kind.VIEW:
            row.clicks += count
        else:
            row.carts += count
    for note_id, currency, orders, units, revenue in (
        lines.filter(source_note__isnull=False)
        .values_list("source_note_id", "order__currency")
        .annotate(
            orders=Count("order_id", distinct=True),
            units=Sum("quantity"),
            revenue=Sum("line_total"),
        )
        .values_list("source_note_id", "order__currency", "orders", "units", "revenue")
    ):
        row = rows.setdefault(note_id, NoteSeeding(note_id=note_id))
        row.orders += orders
        row.units += units or 0
        row.revenue[currency] = row.revenue.get(currency, Decimal("0")) + (revenue or Decimal(0))
    _attach_notes(rows)
    return rows


def _attach_notes(rows: dict[int, NoteSeeding]) -> None:
    notes = Note.objects.filter(pk__in=list(rows), is_listed=True).select_related("author")
    for note in notes:
        rows[note.pk].note = note


def _ordered(rows: dict[int, NoteSeeding], currency: str | None) -> list[NoteSeeding]:
    def key(row: NoteSeeding) -> tuple[Decimal, int, int, int]:
        money = row.revenue_in(currency) if currency else sum(row.revenue.values(), Decimal(0))
        return (money, row.units, row.clicks, row.note_id)

    return sorted(rows.values(), key=key, reverse=True)


def shop_note_stats(*, shop: Shop, since: datetime | None = None) -> list[NoteSeeding]:
    """Every note that sent visitors or sales to this shop, by revenue driven (then units,
    clicks): the shop's seeding leaderboard."""
    touches = ProductTouch.objects.filter(product__shop=shop)
    lines = revenue_lines().filter(order__shop=shop)
    return _ordered(_collect(touches, lines, since), shop.currency)


def shop_totals(*, shop: Shop, since: datetime | None = None) -> ShopTotals:
    """The shop's sales in its own currency, and how much of them notes drove."""
    lines = revenue_lines().filter(order__shop=shop)
    touches = ProductTouch.objects.filter(product__shop=shop, kind=ProductTouch.Kind.VIEW)
    if since is not None:
        lines = lines.filter(order__created_at__gte=since)
        touches = touches.filter(created_at__gte=since)
    figures = lines.aggregate(
        orders=Count("order_id", distinct=True),
        units=Sum("quantity"),
        revenue=Sum("line_total"),
        seeded_orders=Count("order_id", distinct=True, filter=Q(source_note__isnull=False)),
        seeded_revenue=Sum("line_total", filter=Q(source_note__isnull=False)),
    )
    return ShopTotals(
        currency=shop.currency,
        orders=figures["orders"] or 0,
        units=figures["units"] or 0,
        revenue=figures["revenue"] or Decimal("0"),
        seeded_orders=figures["seeded_orders"] or 0,
        seeded_revenue=figures["seeded_revenue"] or Decimal("0"),
        clicks=touches.count(),
    )


def creator_note_stats(*, user: Any, since: datetime | None = None) -> list[NoteSeeding]:
    """The seeding figures of one author's notes, across every shop they link to."""
    touches = ProductTouch.objects.filter(note__author_id=user.pk)
    lines = revenue_lines().filter(source_note__author_id=user.pk)
    rows = _collect(touches, lines, since)
    # The author sees their own notes even when no longer listed.
    missing = [row.note_id for row in rows.values() if row.note is None]
    for note in Note.objects.filter(pk__in=missing, author_id=user.pk, deleted_at__isnull=True):
        rows[note.pk].note = note
    return _ordered(rows, None)


def leaderboard(rows: list[NoteSeeding], size: int = LEADERBOARD_SIZE) -> list[NoteSeeding]:
    """The top notes by revenue driven (rows come ordered); notes that sold nothing are left
    out."""
    return [row for row in rows if row.orders][:size]


def group_revenue(rows: list[NoteSeeding]) -> dict[str, Decimal]:
    """Revenue of many notes added up per currency."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        for currency, amount in row.revenue.items():
            totals[currency] += amount
    return dict(totals)
