"""What the insight API, pages, exports and CLI share: read a scope from request parameters
(validated, with clear errors), check who may read it, and build the report (insights.report
quotes listed notes only, rechecked when the report is built).

Access (docs/insights.md, "Workspace"): the analysis of public content is open to members of
any verified brand and to staff; a brand scope names a verified brand (an unverified one exists
only for its own members and staff). The brand *workspace* page is for the brand's members only
(views.workspace); the same public analysis of another brand is in the explorer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.brands.models import Brand, BrandProduct
from grassroots.brands.queries import require_insights_reader
from grassroots.core.errors import NotFound, ValidationFailed
from grassroots.feed.queries import channel_taxonomy
from grassroots.insights.report import build_report
from grassroots.insights.types import InsightReport, InsightScope, Theme
from grassroots.notes.models import LISTED, Note, Topic
from grassroots.notes.queries import normalize_topic

# Longest window one request may analyse (two years and a leap day).
MAX_WINDOW_DAYS = 731
DEFAULT_WINDOW_DAYS = 90
QUERY_CHARS = 200
# Window presets of the pages' time filter (days ending today).
WINDOW_PRESETS = (7, 30, 90, 180, 365)
# Dates a scope may name (outside them date arithmetic would overflow; nothing is there).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID_DIGITS = 18  # ids are 64-bit; a longer number names nothing


@dataclass(frozen=True)
class ScopeParams:
    """Raw scope parameters as they arrive (query string or command line), all optional."""

    brand: str | None = None
    product: str | None = None
    category: str | None = None
    topic: str | None = None
    q: str | None = None
    since: str | None = None
    until: str | None = None
    days: str | None = None  # pages only: a window preset ending at `until`

    @classmethod
    def from_query(cls, query: Any) -> ScopeParams:
        """From a QueryDict (or any mapping with .get)."""
        return cls(**{name: query.get(name) or None for name in cls.__dataclass_fields__})


def analysis_today() -> date:
    """Today as the analysis counts days (UTC, like insights.pipeline)."""
    return timezone.now().astimezone(UTC).date()


def _parse_date(value: str | None, field: str) -> date | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        # fromisoformat also takes 20260101 or 2026-W01-1: only the documented form is allowed.
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        parsed = date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            "invalid_date",
            _("%(field)s must be a date written YYYY-MM-DD.") % {"field": field},
            field=field,
        ) from None
    if not EARLIEST <= parsed <= LATEST:
        raise ValidationFailed(
            "invalid_date",
            _("%(field)s must be between %(earliest)s and %(latest)s.")
            % {"field": field, "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            field=field,
        )
    return parsed


def _check_characters(params: ScopeParams) -> None:
    """NUL and other control characters are never part of a scope (and PostgreSQL refuses
    NUL in text)."""
    for name in ScopeParams.__dataclass_fields__:
        value = getattr(params, name)
        if value is not None and _CONTROL.search(value):
            raise ValidationFailed(
                "invalid_character",
                _("%(field)s contains a control character.") % {"field": name},
                field=name,
            )


def _visible_brand(slug: str, viewer: Any) -> Brand:
    """A brand that may be named in a scope: verified, or the viewer's own (or any, for staff
    and the command line)."""
    brand = Brand.objects.filter(slug=slug.strip()).first()
    if brand is None:
        raise NotFound(_("No such brand."))
    if brand.is_verified or viewer is None or getattr(viewer, "is_staff", False):
        return brand
    if brand.members.filter(user=viewer).exists():
        return brand
    raise NotFound(_("No such brand."))


def scope_from_params(
    params: ScopeParams, *, viewer: Any = None, today: date | None = None
) -> InsightScope:
    """A validated InsightScope. `viewer` None is the operator (command line).

    Unknown brand, product, category or topic: NotFound (404). Bad dates, since after until,
    a window longer than MAX_WINDOW_DAYS, a product of another brand: ValidationFailed (422).
    """
    _check_characters(params)
    today = today or analysis_today()
    brand_slug: str | None = None
    brand: Brand | None = None
    if params.brand and params.brand.strip():
        brand = _visible_brand(params.brand, viewer)
        brand_slug = brand.slug
    product_id: int | None = None
    if params.product and params.product.strip():
        try:
            digits = params.product.strip()
            if not digits.isascii() or not digits.isdigit():
                raise ValueError(digits)
            product_id = int(digits)
        except ValueError:
            raise ValidationFailed(
                "invalid_product", _("product must be a product id (a number)."), field="product"
            ) from None
        product = (
            BrandProduct.objects.select_related("brand").filter(pk=product_id).first()
            if len(digits) <= _ID_DIGITS
            else None
        )
        if product is None:
            raise NotFound(_("No such product."))
        _visible_brand(product.brand.slug, viewer)
        if brand is not None and product.brand_id != brand.pk:
            raise ValidationFailed(
                "product_of_another_brand",
                _("Product %(product)s is not a product of %(brand)s.")
                % {"product": product_id, "brand": brand.name},
                field="product",
            )
    category: str | None = None
    if params.category and params.category.strip():
        category = params.category.strip()
        if category not in channel_taxonomy().by_slug:
            raise NotFound(_("No such category."))
    topic: str | None = None
    if params.topic and params.topic.strip():
        topic = normalize_topic(params.topic)
        if not topic or not Topic.objects.filter(name=topic).exists():
            raise NotFound(_("No such topic."))
    q = (params.q or "").strip()
    if len(q) > QUERY_CHARS:
        raise ValidationFailed(
            "query_too_long",
            _("q is limited to %(chars)s characters.") % {"chars": QUERY_CHARS},
            field="q",
        )
    since = _parse_date(params.since, "since")
    until = _parse_date(params.until, "until")
    if since is None and params.days:
        try:
            days = int(params.days)
        except ValueError:
            days = 0
        if days not in WINDOW_PRESETS:
            raise ValidationFailed(
                "invalid_window",
                _("days must be one of %(choices)s.")
                % {"choices": ", ".join(map(str, WINDOW_PRESETS))},
                field="days",
            )
        since = (until or today) - timedelta(days=days - 1)
    effective_until = until or today
    effective_since = since or effective_until - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
    if effective_since > effective_until:
        raise ValidationFailed("invalid_window", _("since must not be after until."), field="since")
    if (effective_until - effective_since).days + 1 > MAX_WINDOW_DAYS:
        raise ValidationFailed(
            "window_too_long",
            _("The window is limited to %(days)s days; narrow since/until.")
            % {"days": MAX_WINDOW_DAYS},
            field="since",
        )
    return InsightScope(
        brand=brand_slug,
        product=product_id,
        category=category,
        topic=topic,
        q=q or None,
        since=since,
        until=until,
    )


def scope_query(scope: InsightScope, **changes: Any) -> str:
    """The query string (without '?') that names `scope`, with `changes` applied."""
    values: dict[str, Any] = {
        "brand": scope.brand,
        "product": scope.product,
        "category": scope.category,
        "topic": scope.topic,
        "q": scope.q,
        "since": scope.since.isoformat() if scope.since else None,
        "until": scope.until.isoformat() if scope.until else None,
    }
    values.update(changes)
    return urlencode({key: value for key, value in values.items() if value not in (None, "")})


def report_scope(report: InsightReport) -> InsightScope:
    """The report's scope with its effective window written out (for links and exports)."""
    return replace(report.scope, since=report.since, until=report.until)


def report_for(*, viewer: Any, scope: InsightScope) -> InsightReport:
    """The report for a reader of insights (members of verified brands, staff; Forbidden
    otherwise). `viewer` None is the operator at the command line."""
    if viewer is not None:
        require_insights_reader(viewer)
    return build_report(scope)


def find_theme(report: InsightReport, key: str) -> Theme:
    """The theme `key` of the report (ranked themes first, then rising); NotFound otherwise."""
    for theme in [*report.themes, *report.rising]:
        if theme.key == key:
            return theme
    raise NotFound(_("No such theme in this scope and window."))


def theme_notes(theme: Theme, *, limit: int = 24) -> list[Note]:
    """Listed notes behind a theme, newest first, ready for cards."""
    ids = theme.note_ids[: limit * 4]
    if not ids:
        return []
    notes = (
        Note.objects.filter(LISTED, pk__in=ids)
        .select_related("author")
        .order_by("-published_at", "-pk")
    )
    return list(notes[:limit])


def brand_products(brand: Brand) -> list[BrandProduct]:
    return list(BrandProduct.objects.filter(brand=brand).order_by("name"))


def verified_brand_choices() -> list[Brand]:
    """Brands the explorer's brand filter offers."""
    return list(Brand.objects.filter(~Q(verified_at=None)).order_by("name")[:200])
