from django.urls import path

from grassroots.orders import views

app_name = "orders"
urlpatterns = [
    path("cart", views.cart, name="cart"),
    path("cart/add/<int:variant_id>", views.cart_add, name="cart_add"),
    path("cart/items/<int:item_id>", views.cart_item, name="cart_item"),
    path("checkout", views.checkout_begin, name="checkout_begin"),
    path("checkout/<int:checkout_id>", views.checkout, name="checkout"),
    path("addresses", views.addresses, name="addresses"),
    path("addresses/<int:address_id>/delete", views.address_delete, name="address_delete"),
    path("orders", views.order_list, name="list"),
    path("orders/<int:order_id>", views.order_detail, name="detail"),
    path("orders/<int:order_id>/pay", views.pay, name="pay"),
    path("orders/<int:order_id>/cancel", views.order_cancel, name="cancel"),
    path("orders/<int:order_id>/received", views.order_received, name="received"),
    path("seller/orders", views.seller_orders, name="seller_list"),
    path("seller/orders/<int:order_id>", views.seller_order, name="seller_detail"),
    path("seller/orders/<int:order_id>/ship", views.seller_ship, name="seller_ship"),
    path("seller/orders/<int:order_id>/deliver", views.seller_deliver, name="seller_deliver"),
    path("seller/orders/<int:order_id>/refund", views.seller_refund, name="seller_refund"),
    path("seller/orders/<int:order_id>/cancel", views.seller_cancel, name="seller_cancel"),
    path("seller/shops/<int:shop_id>/shipping", views.shipping_rule, name="shipping_rule"),
]
