from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from grassroots.core.errors import NotFound

# Stored image paths never change content; private: visibility is checked per request.
MEDIA_CACHE_CONTROL = "private, max-age=3600"
IMAGE_SIZES = ("large", "medium", "thumb")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; 503 otherwise (load balancers take the node out)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


def serve_stored_image(request: HttpRequest, path: str) -> HttpResponse:
    """A stored WebP, after the caller checked the viewer may see it; ETag by path."""
    etag = '"' + hashlib.blake2b(path.encode(), digest_size=12).hexdigest() + '"'
    response: HttpResponse
    if request.headers.get("If-None-Match") == etag and default_storage.exists(path):
        response = HttpResponseNotModified()
    else:
        try:
            with default_storage.open(path, "rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError) as exc:
            raise NotFound(_("This image does not exist or is not available.")) from exc
        response = HttpResponse(content, content_type="image/webp")
    response["ETag"] = etag
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response
