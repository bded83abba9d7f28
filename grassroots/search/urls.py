from django.urls import path

from grassroots.search import views

app_name = "search"
urlpatterns = [
    path("search", views.results, name="results"),
    path("search/suggest", views.suggestions, name="suggest"),
    path("search/go/<int:note_id>", views.go, name="go"),
    path("search/click", views.click, name="click"),
    path("search/history/delete", views.history_remove, name="history_delete"),
    path("search/history/clear", views.history_remove_all, name="history_clear"),
    path("search/unanswered", views.unanswered, name="unanswered"),
]
