"""Staff admin for notes, categories and topics.

Notes are read-only here: every change goes through notes.actions (bulk hide, unhide,
restore), which keep listing state and counters right. Hard deletion is left to
note_purge_expired, 30 days after a soft delete.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grassroots.notes import actions
from grassroots.notes.models import Category, Note, NoteImage, Topic


class _PresenceFilter(admin.SimpleListFilter):
    """Yes/no filter on whether a timestamp column is set."""

    field_name = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(**{f"{self.field_name}__isnull": False})
        if self.value() == "no":
            return queryset.filter(**{f"{self.field_name}__isnull": True})
        return queryset


class HiddenFilter(_PresenceFilter):
    title = _("hidden")
    parameter_name = "hidden"
    field_name = "hidden_at"


class DeletedFilter(_PresenceFilter):
    title = _("deleted")
    parameter_name = "deleted"
    field_name = "deleted_at"


class NoteImageInline(admin.TabularInline):
    model = NoteImage
    extra = 0
    can_delete = False
    fields = ("preview", "position", "width", "height", "alt_text")
    readonly_fields = fields

    @admin.display(description=_("picture"))
    def preview(self, image: NoteImage) -> str:
        url = reverse("notes:image", args=[image.pk, "thumb"])
        return format_html('<img src="{}" alt="" style="height:64px;border-radius:6px">', url)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "title",
        "author",
        "status",
        "visibility",
        "is_listed",
        "hidden_at",
        "deleted_at",
        "like_count",
        "comment_count",
        "published_at",
    )
    list_display_links = ("id", "title")
    list_filter = ("status", "visibility", "is_listed", HiddenFilter, DeletedFilter, "top_category")
    search_fields = ("title", "body", "author__username", "=external_id")
    list_select_related = ("author",)
    raw_id_fields = ("author",)
    ordering = ("-id",)
    list_per_page = 50
    show_full_result_count = False  # COUNT(*) over millions of notes is slow
    inlines = (NoteImageInline,)
    actions = ("hide_notes", "unhide_notes", "restore_notes")
    readonly_fields = tuple(
        field.name for field in Note._meta.get_fields() if field.concrete and not field.many_to_many
    )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        found = super().get_actions(request)
        found.pop("delete_selected", None)  # hard deletes would skip the counters
        return found

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list (and its bulk actions) needs change permission; a single note is view-only.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Hide selected notes"))
    def hide_notes(self, request: HttpRequest, queryset: QuerySet[Note]) -> None:
        count = actions.notes_hide(
            note_ids=list(queryset.values_list("pk", flat=True)),
            actor=request.user,  # type: ignore[arg-type]
        )
        self.message_user(request, _("%(n)d notes hidden.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Show selected notes again"))
    def unhide_notes(self, request: HttpRequest, queryset: QuerySet[Note]) -> None:
        count = actions.notes_unhide(
            note_ids=list(queryset.values_list("pk", flat=True)),
            actor=request.user,  # type: ignore[arg-type]
        )
        self.message_user(request, _("%(n)d notes shown again.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Restore selected deleted notes (30 days)"))
    def restore_notes(self, request: HttpRequest, queryset: QuerySet[Note]) -> None:
        count = actions.notes_restore(
            note_ids=list(queryset.values_list("pk", flat=True)),
            actor=request.user,  # type: ignore[arg-type]
        )
        self.message_user(request, _("%(n)d notes restored.") % {"n": count}, messages.SUCCESS)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """The shipped taxonomy (notes/taxonomy.py); it changes by migration, not here."""

    list_display = ("slug", "name_zh", "name_en", "parent", "position")
    list_filter = (("parent", admin.EmptyFieldListFilter),)
    search_fields = ("slug", "name_zh", "name_en")
    list_select_related = ("parent",)
    ordering = ("parent__position", "position", "id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are made by publishing; counts are kept by the actions."""

    list_display = ("name", "note_count", "follower_count", "created_at")
    search_fields = ("name",)
    ordering = ("-note_count",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
