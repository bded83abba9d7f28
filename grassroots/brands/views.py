"""Brand pages: my brands, apply, staff review, brand home, settings, members, products,
competitors, and co-creation campaigns. Views only call actions and queries.

Every write is a plain form POST that redirects back (so it works without JavaScript); the
actions check roles, so a forged POST by a non-member is refused the same way as in the API.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from grassroots.accounts.models import User
from grassroots.brands import actions, campaigns, queries
from grassroots.brands.models import Brand, BrandMember
from grassroots.core.errors import DomainError, Forbidden

ROLE_CHOICES = BrandMember.Role.choices


def _member(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:
        raise Forbidden()
    return user


def _errors_into(form: forms.Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _brand_url(brand: Brand, page: str = "home") -> str:
    return reverse(f"brands:{page}", args=[brand.slug])


def _brand_context(request: HttpRequest, brand: Brand, tab: str) -> dict[str, Any]:
    role = queries.role_in(brand, request.user)
    return {"brand": brand, "role": role, "is_owner": role == "owner", "tab": tab}


def _member_brand(request: HttpRequest, brand_slug: str) -> Brand:
    """The brand for a members-only page (non-members: 404 if unverified, else 403)."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    actions.require_role(brand, request.user)
    return brand


# --- forms ------------------------------------------------------------------------------------


class BrandForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Brand name"), max_length=60)
    slug = forms.CharField(
        label=gettext_lazy("Address"),
        max_length=40,
        help_text=gettext_lazy("Lower-case letters, digits and hyphens, e.g. cloudlet."),
    )
    aliases = forms.CharField(
        label=gettext_lazy("Other names"),
        required=False,
        help_text=gettext_lazy("Separated by commas: English name, nicknames."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea, max_length=1000
    )


class BrandSettingsForm(BrandForm):
    slug = None  # type: ignore[assignment]


class MemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=ROLE_CHOICES, initial=BrandMember.Role.ANALYST
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Product name"), max_length=60)
    aliases = forms.CharField(
        label=gettext_lazy("Aliases"),
        required=False,
        help_text=gettext_lazy("Other ways people write it, separated by commas."),
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=20)
    body = forms.CharField(
        label=gettext_lazy("Your question"), widget=forms.Textarea, max_length=1000
    )
    as_brand = forms.BooleanField(
        label=gettext_lazy("Post from the brand's account"), required=False, initial=True
    )


# --- my brands, apply, review -----------------------------------------------------------------


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """brands:mine — the brands I belong to, and a way to apply for one."""
    context = {"memberships": queries.brands_of(request.user), "nav": "me"}
    return render(request, "brands/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """brands:apply — any signed-in user applies; staff verify later."""
    form = BrandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            brand = actions.brand_apply(
                user=_member(request),
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                aliases=actions.split_aliases(data["aliases"]),
            )
        except DomainError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Applied. Staff will verify the brand."))
            return HttpResponseRedirect(_brand_url(brand))
    status = 422 if request.method == "POST" else 200
    return render(request, "brands/apply.html", {"form": form}, status=status)


@login_required
@require_safe
def review(request: HttpRequest) -> HttpResponse:
    """brands:review — staff: brands waiting for verification."""
    pending = list(queries.pending_brands(viewer=request.user).prefetch_related("members__user"))
    return render(request, "brands/review.html", {"pending": pending})


@login_required
@require_POST
def verify(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:verify — staff verify a brand (logged in the brand's events)."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    if actions.brand_verify(brand=brand, actor=_member(request)):
        messages.success(request, _("%(name)s is verified.") % {"name": brand.name})
    return HttpResponseRedirect(reverse("brands:review"))


# --- brand pages ------------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:home — public for verified brands; members see an unverified one too."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    context = _brand_context(request, brand, "home")
    context.update(
        products=queries.products_of(brand),
        competitors=queries.competitors_of(brand),
        campaigns=queries.campaigns_of(brand=brand, viewer=request.user),
    )
    return render(request, "brands/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:settings — owners edit the name, other names and description."""
    brand = _member_brand(request, brand_slug)
    initial = {
        "name": brand.name,
        "aliases": ", ".join(brand.aliases),
        "description": brand.description,
    }
    form = BrandSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.brand_update(
                brand=brand,
                actor=_member(request),
                name=data["name"],
                description=data["description"],
                aliases=actions.split_aliases(data["aliases"]),
            )
        except DomainError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(_brand_url(brand, "settings"))
    context = _brand_context(request, brand, "settings")
    context.update(form=form, events=queries.brand_events(brand))
    status = 422 if request.method == "POST" else 200
    return render(request, "brands/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:members — members see the list; owners add people by username."""
    brand = _member_brand(request, brand_slug)
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.member_add(
                brand=brand,
                actor=_member(request),
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
            )
        except DomainError as error:
            _errors_into(form, error)
        else:
            return HttpResponseRedirect(_brand_url(brand, "members"))
    context = _brand_context(request, brand, "members")
    context.update(form=form, members=queries.members_of(brand), roles=ROLE_CHOICES)
    status = 422 if request.method == "POST" else 200
    return render(request, "brands/members.html", context, status=status)


def _redirect_with_error(request: HttpRequest, url: str, error: DomainError) -> HttpResponse:
    messages.error(request, str(error.message))
    return HttpResponseRedirect(url)


@login_required
@require_POST
def member_role(request: HttpRequest, brand_slug: str, member_id: int) -> HttpResponse:
    """brands:member_role — owners change a role (POST role=owner|analyst)."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    back = _brand_url(brand, "members")
    try:
        actions.member_set_role(
            brand=brand,
            actor=_member(request),
            member_id=member_id,
            role=request.POST.get("role", ""),
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _redirect_with_error(request, back, error)
    return HttpResponseRedirect(back)


@login_required
@require_POST
def member_remove(request: HttpRequest, brand_slug: str, member_id: int) -> HttpResponse:
    """brands:member_remove — owners remove a member; a member may leave."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    back = _brand_url(brand, "members")
    try:
        actions.member_remove(brand=brand, actor=_member(request), member_id=member_id)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _redirect_with_error(request, back, error)
    if queries.role_in(brand, request.user) is None:
        return HttpResponseRedirect(reverse("brands:mine"))
    return HttpResponseRedirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def products(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:products — the catalogue; owners add products with aliases."""
    brand = _member_brand(request, brand_slug)
    form = ProductForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.product_create(
                brand=brand,
                actor=_member(request),
                name=form.cleaned_data["name"],
                aliases=actions.split_aliases(form.cleaned_data["aliases"]),
            )
        except DomainError as error:
            _errors_into(form, error)
        else:
            return HttpResponseRedirect(_brand_url(brand, "products"))
    context = _brand_context(request, brand, "products")
    context.update(form=form, products=queries.products_of(brand))
    status = 422 if request.method == "POST" else 200
    return render(request, "brands/products.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, brand_slug: str, product_id: int) -> HttpResponse:
    """brands:product_edit — owners rename a product or change its aliases."""
    brand = _member_brand(request, brand_slug)
    product = queries.product_for_member(brand=brand, product_id=product_id)
    initial = {"name": product.name, "aliases": ", ".join(product.aliases)}
    form = ProductForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.product_update(
                brand=brand,
                actor=_member(request),
                product_id=product.pk,
                name=form.cleaned_data["name"],
                aliases=actions.split_aliases(form.cleaned_data["aliases"]),
            )
        except DomainError as error:
            _errors_into(form, error)
        else:
            return HttpResponseRedirect(_brand_url(brand, "products"))
    context = _brand_context(request, brand, "products")
    context.update(form=form, product=product)
    status = 422 if request.method == "POST" else 200
    return render(request, "brands/product_form.html", context, status=status)


@login_required
@require_POST
def product_delete(request: HttpRequest, brand_slug: str, product_id: int) -> HttpResponse:
    """brands:product_delete — owners remove a product."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    actions.product_delete(brand=brand, actor=_member(request), product_id=product_id)
    return HttpResponseRedirect(_brand_url(brand, "products"))


@login_required
@require_http_methods(["GET", "POST"])
def competitors(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:competitors — owners choose competitors among verified brands."""
    brand = _member_brand(request, brand_slug)
    if request.method == "POST":
        try:
            actions.competitor_add(
                brand=brand,
                actor=_member(request),
                competitor_slug=request.POST.get("competitor", ""),
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            return _redirect_with_error(request, _brand_url(brand, "competitors"), error)
        return HttpResponseRedirect(_brand_url(brand, "competitors"))
    context = _brand_context(request, brand, "competitors")
    context.update(
        competitors=queries.competitors_of(brand), choices=queries.competitor_choices(brand)
    )
    return render(request, "brands/competitors.html", context)


@login_required
@require_POST
def competitor_remove(request: HttpRequest, brand_slug: str, competitor_slug: str) -> HttpResponse:
    """brands:competitor_remove — owners stop comparing with a brand."""
    brand = queries.brand_for_viewer(slug=brand_slug, viewer=request.user)
    actions.competitor_remove(brand=brand, actor=_member(request), competitor_slug=competitor_slug)
    return HttpResponseRedirect(_brand_url(brand, "competitors"))


# --- co-creation ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """brands:campaign_new — a member of a verified brand asks the community."""
    brand = _member_brand(request, brand_slug)
    form = CampaignForm(
        request.POST if request.method == "POST" else None, initial={"as_brand": True}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaigns.campaign_create(
                brand=brand,
                actor=_member(request),
                title=data["title"],
                body=data["body"],
                as_brand=data["as_brand"],
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            _errors_into(form, error)
        else:
            return HttpResponseRedirect(reverse("brands:campaign", args=[campaign.pk]))
    context = _brand_context(request, brand, "home")
    context["form"] = form
    status = 422 if request.method == "POST" else 200
    return render(request, "brands/campaign_new.html", context, status=status)


@require_safe
def campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """brands:campaign — the question, its ranked ideas and the credited authors (public)."""
    found = queries.campaign_for_viewer(campaign_id=campaign_id, viewer=request.user)
    role = queries.role_in(found.brand, request.user)
    ideas = queries.ideas_of(found)
    context = {
        "campaign": found,
        "brand": found.brand,
        "role": role,
        "is_owner": role == "owner",
        "ideas": ideas,
        "adopted": [idea for idea in ideas if idea.adopted_at is not None],
        "stale": role is not None and campaigns.latest_comment_id(found) > found.comments_read_to,
    }
    return render(request, "brands/campaign.html", context)


@login_required
@require_POST
def campaign_analyse(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """brands:campaign_analyse — members refresh the ideas from new comments."""
    found = queries.campaign_for_viewer(campaign_id=campaign_id, viewer=request.user)
    result = campaigns.campaign_analyse(campaign=found, actor=_member(request))
    messages.success(
        request,
        _("%(comments)d new comments read, %(ideas)d ideas.")
        % {"comments": result.new_comments, "ideas": result.ideas},
    )
    return HttpResponseRedirect(reverse("brands:campaign", args=[found.pk]))


@login_required
@require_POST
def idea_adopt(request: HttpRequest, idea_id: int) -> HttpResponse:
    """brands:idea_adopt — owners adopt an idea; its authors are credited and notified."""
    idea = queries.idea_for_viewer(idea_id=idea_id, viewer=request.user)
    if campaigns.idea_adopt(idea=idea, actor=_member(request)):
        messages.success(request, _("Adopted. Its authors are credited and notified."))
    return HttpResponseRedirect(
        reverse("brands:campaign", args=[idea.campaign_id]) + f"#idea-{idea.pk}"
    )
