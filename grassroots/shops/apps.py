from django.apps import AppConfig


class ShopsConfig(AppConfig):
    name = "grassroots.shops"
    label = "shops"
    default_auto_field = "django.db.models.BigAutoField"
