"""Turns a DomainError escaping a page view into a friendly page with the right status."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grassroots.core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        template = (
            "core/partials/_error.html" if request.headers.get("HX-Request") else "core/error.html"
        )
        response = render(request, template, {"error": exception}, status=exception.status)
        if request.headers.get("HX-Request"):
            # htmx does not swap 4xx bodies by default; retarget the message into the toast area.
            response["HX-Retarget"] = "#toast"
            response["HX-Reswap"] = "innerHTML"
        return response
