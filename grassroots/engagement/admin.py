"""Staff admin for engagement: comment moderation (search, bulk hide/unhide), boards, notifications.

Moderation goes through engagement.actions so counters stay exact; boards and notifications
are read-only here (their rows are owned by users' actions).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grassroots.engagement import actions
from grassroots.engagement.models import Board, Comment, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VisibilityFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("visible", _("Visible")), ("hidden", _("Hidden")), ("deleted", _("Deleted"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "visible":
            return queryset.filter(hidden_at__isnull=True, deleted_at__isnull=True)
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "short_body",
        "author",
        "note",
        "parent_id",
        "like_count",
        "created_at",
        "hidden_at",
        "deleted_at",
    )
    list_select_related = ("author", "note")
    list_filter = (VisibilityFilter,)
    search_fields = ("body", "author__username", "author__display_name")
    raw_id_fields = ("note", "author", "parent", "reply_to")
    readonly_fields = (
        "note",
        "author",
        "parent",
        "reply_to",
        "body",
        "external_id",
        "like_count",
        "reply_count",
        "created_at",
        "deleted_at",
        "hidden_at",
    )
    actions = ("hide_comments", "unhide_comments")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Hard deletes would skip the counters; hide (or the author's soft delete) instead.
        return False

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return obj.body[:60]

    @admin.action(description=_("Hide selected comments"))
    def hide_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        count = actions.comments_hide(comment_ids=ids, actor=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("%(n)d comment hidden.", "%(n)d comments hidden.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unhide selected comments"))
    def unhide_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        count = actions.comments_unhide(comment_ids=ids, actor=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("%(n)d comment unhidden.", "%(n)d comments unhidden.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(Board)
class BoardAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "owner", "is_private", "is_default", "note_count", "updated_at")
    list_select_related = ("owner",)
    list_filter = ("is_private", "is_default")
    search_fields = ("name", "owner__username")
    show_full_result_count = False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "recipient", "actor", "note_id", "created_at", "read_at")
    list_select_related = ("recipient", "actor")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "actor__username")
    show_full_result_count = False
