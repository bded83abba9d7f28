"""The JSON API: one NinjaAPI, a router per app, one DomainError handler."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import SessionAuth

from grassroots.accounts.api import router as accounts_router
from grassroots.accounts.auth import TokenAuth
from grassroots.brands.api import router as brands_router
from grassroots.core.errors import DomainError
from grassroots.engagement.api import router as engagement_router
from grassroots.feed.api import router as feed_router
from grassroots.insights.api import router as insights_router
from grassroots.notes.api import catalog_router
from grassroots.notes.api import router as notes_router
from grassroots.orders.api import router as orders_router
from grassroots.search.api import router as search_router
from grassroots.search.api_suggest import router as suggest_router
from grassroots.shops.api import router as shops_router

api = NinjaAPI(
    title="Grassroots API",
    version="1",
    description="Everything the pages can do. Authenticate with `Authorization: Bearer <token>` "
    "(POST /api/auth/tokens) or a browser session (with the CSRF token).",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "invalid", "message": "The request is not valid.", "detail": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthorized", "message": "Log in or send a valid token."}, status=401
    )


api.add_router("/", accounts_router)
api.add_router("/notes", notes_router)
api.add_router("/", catalog_router)
api.add_router("/", engagement_router)
api.add_router("/feed", feed_router)
api.add_router("/search", search_router)
api.add_router("/search", suggest_router)
api.add_router("/", brands_router)
api.add_router("/", insights_router)
api.add_router("/", shops_router)
api.add_router("/", orders_router)
