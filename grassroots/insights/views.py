"""Insight pages: the brand workspace, the explorer, a theme's page, CSV and printable exports.

Who sees what (docs/insights.md, "Workspace"):
- /b/<brand_slug>/insights, the brand's workspace: members of that brand, once staff verified it.
  Another brand's members get 403 there (they can explore the same public analysis below).
- /insights (explorer), theme pages and exports: members of any verified brand, and staff.
  They show the analysis of public content only.
- Anonymous visitors are sent to log in.

Every page renders in full on a normal request; a filter change asks with htmx for the report
part only (insights/partials/_report.html), and the URL follows (hx-push-url).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grassroots.brands.models import Brand, BrandMember
from grassroots.brands.queries import brand_for_member, require_insights_reader
from grassroots.core.errors import Forbidden
from grassroots.feed.queries import channel_taxonomy
from grassroots.insights import exports
from grassroots.insights.nav import NAV_SESSION_KEY
from grassroots.insights.reading import (
    DEFAULT_WINDOW_DAYS,
    WINDOW_PRESETS,
    ScopeParams,
    brand_products,
    find_theme,
    report_for,
    report_scope,
    scope_from_params,
    scope_query,
    theme_notes,
    verified_brand_choices,
)
from grassroots.insights.types import InsightReport


def _wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _params(request: HttpRequest) -> ScopeParams:
    params = ScopeParams.from_query(request.GET)
    if not (params.since or params.until or params.days):
        params = replace(params, days=str(DEFAULT_WINDOW_DAYS))
    return params


def _report_context(request: HttpRequest, report: InsightReport) -> dict[str, Any]:
    scope = report_scope(report)
    return {
        "report": report,
        "scope": scope,
        "scope_qs": scope_query(scope),
        "window_days": (report.until - report.since).days + 1,
        "presets": WINDOW_PRESETS,
        "days": request.GET.get("days") or "",
        "taxonomy": channel_taxonomy(),
        "nav": "insights",
    }


@require_GET
def workspace(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """A brand's workspace: its mentions analysed, filtered by product, window and category."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    brand = brand_for_member(request.user, brand_slug)
    if not brand.is_verified:
        raise Forbidden(_("Insights open once staff have verified the brand."))
    home = reverse("insights:workspace", args=[brand.slug])
    if request.session.get(NAV_SESSION_KEY) != home:
        request.session[NAV_SESSION_KEY] = home
    params = replace(_params(request), brand=brand.slug)
    scope = scope_from_params(params, viewer=request.user)
    report = report_for(viewer=request.user, scope=scope)
    context = _report_context(request, report)
    context.update(brand=brand, products=brand_products(brand), page_kind="workspace")
    if _wants_partial(request):
        return _render(request, "insights/partials/_report.html", context)
    return _render(request, "insights/workspace.html", context)


def _reader(request: HttpRequest) -> HttpResponse | None:
    """A log-in redirect for anonymous visitors; Forbidden for non-readers; None to go on."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require_insights_reader(request.user)
    return None


def _report(request: HttpRequest) -> InsightReport:
    scope = scope_from_params(_params(request), viewer=request.user)
    return report_for(viewer=request.user, scope=scope)


@require_GET
def explore(request: HttpRequest) -> HttpResponse:
    """Any scope (query, topic, category, brand, product) over any window, for any reader."""
    if (redirect := _reader(request)) is not None:
        return redirect
    report = _report(request)
    context = _report_context(request, report)
    brand: Brand | None = None
    if report.scope.brand:
        brand = Brand.objects.filter(slug=report.scope.brand).first()
    context.update(
        brand=brand,
        brands=verified_brand_choices(),
        products=brand_products(brand) if brand else [],
        page_kind="explore",
    )
    if _wants_partial(request):
        return _render(request, "insights/partials/_report.html", context)
    return _render(request, "insights/explore.html", context)


@require_GET
def theme(request: HttpRequest, theme_key: str) -> HttpResponse:
    """One theme of a scope: its series, its quotes, the notes behind it."""
    if (redirect := _reader(request)) is not None:
        return redirect
    report = _report(request)
    found = find_theme(report, theme_key)
    context = _report_context(request, report)
    context.update(theme=found, notes=theme_notes(found), back_url=_back_url(request, report))
    return _render(request, "insights/theme.html", context)


def _back_url(request: HttpRequest, report: InsightReport) -> str:
    """The brand's workspace for its members (same filters), else the explorer."""
    scope = report_scope(report)
    viewer: Any = request.user  # signed in: the theme view sends anonymous visitors to log in
    if (
        scope.brand
        and BrandMember.objects.filter(
            brand__slug=scope.brand, brand__verified_at__isnull=False, user=viewer
        ).exists()
    ):
        query = scope_query(scope, brand=None)
        url = reverse("insights:workspace", args=[scope.brand])
    else:
        query = scope_query(scope)
        url = reverse("insights:explore")
    return f"{url}?{query}" if query else url


@require_GET
def export_themes(request: HttpRequest) -> HttpResponse:
    """Themes of a scope as CSV."""
    if (redirect := _reader(request)) is not None:
        return redirect
    report = _report(request)
    return exports.csv_response(
        exports.themes_csv(report), exports.export_filename(report, "themes")
    )


@require_GET
def export_series(request: HttpRequest) -> HttpResponse:
    """Volume and sentiment per period of a scope as CSV."""
    if (redirect := _reader(request)) is not None:
        return redirect
    report = _report(request)
    return exports.csv_response(
        exports.series_csv(report), exports.export_filename(report, "series")
    )


@require_GET
def print_report(request: HttpRequest) -> HttpResponse:
    """The whole report on one print-styled page (the browser's Print saves a PDF)."""
    if (redirect := _reader(request)) is not None:
        return redirect
    report = _report(request)
    context = _report_context(request, report)
    brand = Brand.objects.filter(slug=report.scope.brand).first() if report.scope.brand else None
    context.update(brand=brand)
    return render(request, "insights/print.html", context)
