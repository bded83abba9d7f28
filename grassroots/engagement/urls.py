from django.urls import path

app_name = "engagement"
urlpatterns: list = []
