from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "grassroots.insights"
    label = "insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from grassroots.insights.nav import remember_insights_home

        # The nav bar's Insights link (nav.py): remembered in the session at log-in.
        user_logged_in.connect(remember_insights_home, dispatch_uid="insights_nav_home")
