from django.urls import path

from grassroots.notes import views

app_name = "notes"
urlpatterns = [
    path("n/<int:note_id>", views.detail, name="detail"),
    path("n/<int:note_id>/edit", views.edit, name="edit"),
    path("n/<int:note_id>/delete", views.delete, name="delete"),
    path("n/<int:note_id>/cover", views.cover, name="cover"),
    path("img/<int:image_id>/<str:size>", views.image, name="image"),
    path("publish", views.publish, name="publish"),
    path("drafts", views.drafts, name="drafts"),
]
