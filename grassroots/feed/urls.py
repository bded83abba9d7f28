from django.urls import path

from grassroots.feed import views

app_name = "feed"
urlpatterns = [
    path("", views.discover, name="discover"),
    path("following", views.following, name="following"),
    path("c/<slug:slug>", views.category, name="category"),
    path("t/<str:name>", views.topic, name="topic"),
]
