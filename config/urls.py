from django.contrib import admin
from django.urls import include, path

from config.api import api
from grassroots.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("grassroots.accounts.urls")),
    path("", include("grassroots.notes.urls")),
    path("", include("grassroots.engagement.urls")),
    path("", include("grassroots.feed.urls")),
    path("", include("grassroots.search.urls")),
    path("", include("grassroots.brands.urls")),
    path("", include("grassroots.insights.urls")),
    path("", include("grassroots.shops.urls")),
    path("", include("grassroots.orders.urls")),
]

handler404 = "grassroots.core.views.not_found"
