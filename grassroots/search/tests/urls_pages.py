"""URLs for the pages and suggestion API tests, whether or not the project has mounted them yet.

config/urls.py and config/api.py are wired by the integrator; until they include the search
pages and the suggestion router, these tests mount them here (an API of their own, with the
project's authentication and DomainError handling).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI
from ninja.security import SessionAuth

from config import urls as project_urls
from config.api import api as project_api
from grassroots.accounts.auth import TokenAuth
from grassroots.core.errors import DomainError
from grassroots.search.api_suggest import router as suggest_router

urlpatterns: list[URLPattern | URLResolver] = [*project_urls.urlpatterns]  # type: ignore[list-item]

if not any(getattr(entry, "namespace", None) == "search" for entry in urlpatterns):
    urlpatterns.append(path("", include("grassroots.search.urls")))

if not any(router is suggest_router for _prefix, router in project_api._routers):
    test_api = NinjaAPI(
        auth=[TokenAuth(), SessionAuth(csrf=True)], urls_namespace="search_suggest_test"
    )

    @test_api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return test_api.create_response(request, exc.as_dict(), status=exc.status)

    test_api.add_router("/search", suggest_router)
    urlpatterns.insert(0, path("api/", test_api.urls))
