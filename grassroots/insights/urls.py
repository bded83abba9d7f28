from django.urls import path

from grassroots.insights import views

app_name = "insights"
urlpatterns = [
    path("b/<slug:brand_slug>/insights", views.workspace, name="workspace"),
    path("insights", views.explore, name="explore"),
    path("insights/themes/<str:theme_key>", views.theme, name="theme"),
    path("insights/export/themes.csv", views.export_themes, name="export_themes"),
    path("insights/export/series.csv", views.export_series, name="export_series"),
    path("insights/print", views.print_report, name="print"),
]
