from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "grassroots.feed"
    label = "feed"
    default_auto_field = "django.db.models.BigAutoField"
