"""Staff admin for members, follows and API tokens.

Staff who are not superusers can edit profiles and suspend members but cannot grant
themselves or anyone else staff/superuser rights or permissions. Counters are read-only:
they are kept by the actions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grassroots.accounts import actions
from grassroots.accounts.models import ApiToken, Follow, User

COUNTER_FIELDS = ("followers_count", "following_count", "notes_count", "likes_collects_received")
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "display_name",
        "email",
        "is_active",
        "is_staff",
        "followers_count",
        "notes_count",
        "date_joined",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "gender", "age_range", "date_joined")
    search_fields = ("username", "display_name", "email")
    ordering = ("-date_joined",)
    date_hierarchy = "date_joined"
    list_per_page = 50
    show_full_result_count = False  # COUNT(*) on a big members table is slow
    actions = ("suspend_users", "restore_users")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "email",
                    "bio",
                    "place",
                    "gender",
                    "age_range",
                    "avatar",
                    "external_id",
                )
            },
        ),
        (_("Counts"), {"fields": COUNTER_FIELDS}),
        (
            _("Permissions"),
            {"fields": ("is_active", *PRIVILEGE_FIELDS)},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields: tuple[str, ...] = (*COUNTER_FIELDS, "avatar", "last_login", "date_joined")
        if not request.user.is_superuser:
            fields = (*fields, *PRIVILEGE_FIELDS)
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Staff cannot edit, re-password or suspend superusers or other staff members.
        if (
            obj is not None
            and not request.user.is_superuser
            and (obj.is_superuser or (obj.is_staff and obj.pk != request.user.pk))
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting cascades through notes, comments and counters: suspend instead.
        return bool(request.user.is_superuser) and super().has_delete_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).defer("bio")

    @admin.action(description=_("Suspend selected members"), permissions=["change"])
    def suspend_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        if not request.user.is_superuser:
            ids = list(queryset.filter(is_staff=False).values_list("pk", flat=True))
        changed = actions.users_set_active(user_ids=ids, active=False)
        self.message_user(request, _("%(n)d members suspended.") % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Restore selected members"), permissions=["change"])
    def restore_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        changed = actions.users_set_active(user_ids=ids, active=True)
        self.message_user(request, _("%(n)d members restored.") % {"n": changed}, messages.SUCCESS)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Read-only: follows change through follow_user/unfollow_user, which keep the counters."""

    list_display = ("follower", "followee", "created_at")
    list_select_related = ("follower", "followee")
    search_fields = ("follower__username", "followee__username")
    raw_id_fields = ("follower", "followee")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked, never created or read back (only a hash is kept)."""

    list_display = ("prefix", "name", "user", "created_at", "last_used_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "key_hash", "prefix", "created_at", "last_used_at")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing the detail page needs "view" only; nothing on a token is editable.
        return False

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        actions.token_revoke(user=obj.user, token_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            actions.token_revoke(user=token.user, token_id=token.pk)
