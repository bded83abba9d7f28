from django.urls import path

from grassroots.shops import views

app_name = "shops"
urlpatterns = [
    # public
    path("s/<slug:shop_slug>", views.shop_page, name="shop"),
    path("s/<slug:shop_slug>/avatar", views.shop_avatar, name="shop_avatar"),
    path("p/<int:shop_product_id>", views.product_page, name="product"),
    path("p/<int:shop_product_id>/buy", views.buy, name="buy"),
    path(
        "pimg/<int:shop_image_id>/delete", views.image_delete, name="image_delete"
    ),  # before <size>
    path("pimg/<int:shop_image_id>/<str:size>", views.product_image, name="product_image"),
    # the seller's shops and catalogue
    path("shops", views.my_shops, name="mine"),
    path("shops/new", views.shop_create, name="create"),
    path("s/<slug:shop_slug>/edit", views.shop_edit, name="edit"),
    path("s/<slug:shop_slug>/avatar/upload", views.shop_avatar_upload, name="avatar_upload"),
    path("s/<slug:shop_slug>/members", views.member_add, name="member_add"),
    path(
        "s/<slug:shop_slug>/members/<int:shop_member_id>/remove",
        views.member_remove,
        name="member_remove",
    ),
    path("s/<slug:shop_slug>/manage", views.manage, name="manage"),
    path("s/<slug:shop_slug>/products/new", views.product_create, name="product_create"),
    path("p/<int:shop_product_id>/edit", views.product_edit, name="product_edit"),
    path("p/<int:shop_product_id>/variants", views.variant_create, name="variant_create"),
    path("variants/<int:shop_variant_id>", views.variant_edit, name="variant_edit"),
    path("p/<int:shop_product_id>/images", views.images_add, name="images_add"),
    path("products/pick", views.product_picker, name="product_picker"),
    # seeding dashboards
    path("s/<slug:shop_slug>/dashboard", views.dashboard, name="dashboard"),
    path("me/seeding", views.creator_stats, name="creator_stats"),
]
