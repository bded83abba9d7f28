from django.urls import path

from grassroots.brands import views

app_name = "brands"
urlpatterns = [
    path("brands", views.mine, name="mine"),
    path("brands/apply", views.apply, name="apply"),
    path("brands/review", views.review, name="review"),
    path("b/<slug:brand_slug>", views.home, name="home"),
    path("b/<slug:brand_slug>/verify", views.verify, name="verify"),
    path("b/<slug:brand_slug>/settings", views.settings_page, name="settings"),
    path("b/<slug:brand_slug>/members", views.members, name="members"),
    path("b/<slug:brand_slug>/members/<int:member_id>/role", views.member_role, name="member_role"),
    path(
        "b/<slug:brand_slug>/members/<int:member_id>/remove",
        views.member_remove,
        name="member_remove",
    ),
    path("b/<slug:brand_slug>/products", views.products, name="products"),
    path(
        "b/<slug:brand_slug>/products/<int:product_id>/edit",
        views.product_edit,
        name="product_edit",
    ),
    path(
        "b/<slug:brand_slug>/products/<int:product_id>/delete",
        views.product_delete,
        name="product_delete",
    ),
    path("b/<slug:brand_slug>/competitors", views.competitors, name="competitors"),
    path(
        "b/<slug:brand_slug>/competitors/<slug:competitor_slug>/remove",
        views.competitor_remove,
        name="competitor_remove",
    ),
    path("b/<slug:brand_slug>/ask", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>", views.campaign, name="campaign"),
    path("campaigns/<int:campaign_id>/analyse", views.campaign_analyse, name="campaign_analyse"),
    path("ideas/<int:idea_id>/adopt", views.idea_adopt, name="idea_adopt"),
]
