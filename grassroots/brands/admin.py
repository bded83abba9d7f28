"""Staff admin for brands: review applications, verify (logged, through brands.actions),
link the brand's account; members, products and the audit log are read-only here (owners
manage them on the brand pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grassroots.accounts.models import User
from grassroots.brands import actions
from grassroots.brands.models import Brand, BrandEvent, BrandMember, BrandProduct, Campaign


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the admin site only lets staff users in
        raise PermissionDenied
    return user


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MemberInline(ReadOnlyInline):
    model = BrandMember
    fields = ("user", "role", "created_at")
    readonly_fields = fields


class ProductInline(ReadOnlyInline):
    model = BrandProduct
    fields = ("name", "aliases", "category")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = BrandEvent
    fields = ("created_at", "kind", "actor", "detail")
    readonly_fields = fields
    ordering = ("-created_at",)


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verified"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Verified")), ("no", _("Waiting"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        return queryset


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "account", "verified_at", "verified_by", "created_at")
    list_filter = (VerifiedFilter,)
    search_fields = ("name", "slug")
    fields = ("name", "slug", "aliases", "description", "account", "verified_at", "verified_by")
    readonly_fields = ("name", "slug", "aliases", "description", "verified_at", "verified_by")
    raw_id_fields = ("account",)
    inlines = (MemberInline, ProductInline, EventInline)
    actions = ("verify", "unverify")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # brands are applied for on the site

    def save_model(self, request: HttpRequest, obj: Brand, form: ModelForm, change: bool) -> None:
        # Only the account is editable; it changes through the logged action.
        if "account" in form.changed_data:
            actions.brand_set_account(
                brand=Brand.objects.get(pk=obj.pk), actor=_staff(request), account=obj.account
            )

    @admin.action(description=_("Verify the selected brands"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Brand]) -> None:
        done = sum(actions.brand_verify(brand=brand, actor=_staff(request)) for brand in queryset)
        self.message_user(
            request,
            ngettext("%(n)d brand verified.", "%(n)d brands verified.", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw verification"))
    def unverify(self, request: HttpRequest, queryset: QuerySet[Brand]) -> None:
        done = sum(actions.brand_unverify(brand=brand, actor=_staff(request)) for brand in queryset)
        self.message_user(
            request,
            ngettext("%(n)d verification withdrawn.", "%(n)d verifications withdrawn.", done)
            % {"n": done},
            messages.SUCCESS,
        )


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("id", "brand", "note", "created_by", "created_at", "analysed_at")
    readonly_fields = ("brand", "note", "created_by", "comments_read_to", "analysed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
