"""Shop pages: the public shop and product pages, the seller's catalogue management and the
seeding dashboards. Views only parse input and call shops.actions, shops.catalogue and
shops.queries; every write path by id goes through a membership query first
(NotFound/Forbidden otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.accounts.models import User
from grassroots.core.errors import DomainError, NotFound, ValidationFailed
from grassroots.core.views import IMAGE_SIZES, serve_stored_image
from grassroots.engagement.queries import viewer_note_states
from grassroots.notes.forms import apply_domain_error
from grassroots.shops import actions, catalogue, queries, stats
from grassroots.shops.attribution import (
    note_carries_product,
    parse_note_id,
    touch_record,
    visitor_key,
)
from grassroots.shops.forms import (
    MemberAddForm,
    ProductCreateForm,
    ProductForm,
    ProductImagesForm,
    ShopAvatarForm,
    ShopForm,
    VariantForm,
    attributes_text,
)
from grassroots.shops.models import Product, ProductImage, Shop

DASHBOARD_PERIODS = (7, 30, 90)


def _member(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _cart_add_url(variant_id: int) -> str | None:
    """The orders app's add-to-cart URL of one option, when the orders app has it."""
    try:
        return reverse("orders:cart_add", args=[variant_id])
    except NoReverseMatch:
        return None


# --- public pages --------------------------------------------------------------------------------


@require_GET
def shop_page(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_viewer(slug=shop_slug, user=request.user)
    is_member = queries.is_shop_member(request.user, shop)
    products = list(queries.shop_products(shop=shop, user=request.user)[:200])
    context = {
        "shop": shop,
        "products": products,
        "is_member": is_member,
        "owner": shop.owner,
    }
    return render(request, "shops/shop.html", context)


@require_GET
def product_page(request: HttpRequest, shop_product_id: int) -> HttpResponse:
    product = queries.product_for_viewer(product_id=shop_product_id, user=request.user)
    is_member = queries.is_shop_member(request.user, product.shop_id)
    from_note = parse_note_id(request.GET.get("from"))
    # Check the card before touching the session: a guest gets a visitor key (and a session
    # row) only for a real click from a note.
    if (
        from_note is not None
        and not is_member
        and note_carries_product(note_id=from_note, product_id=product.pk)
    ):
        touch_record(
            product_id=product.pk,
            note_id=from_note,
            user=request.user,
            session_key=None if request.user.is_authenticated else visitor_key(request),
            kind="view",
        )
    variants = [variant for variant in product.variants.all() if variant.is_active]
    notes = queries.notes_featuring(product=product)
    liked_ids, _collected = viewer_note_states(
        viewer=request.user, note_ids=[note.pk for note in notes]
    )
    prices = [variant.price for variant in variants]
    context: dict[str, Any] = {
        "product": product,
        "shop": product.shop,
        "images": list(product.images.all()),
        "variants": variants,
        "price_low": min(prices) if prices else None,
        "price_high": max(prices) if prices else None,
        "notes": notes,
        "verified_count": sum(1 for note in notes if getattr(note, "is_verified", False)),
        "liked_ids": liked_ids,
        "is_member": is_member,
        "from_note": from_note,
        "cart_add_url": reverse("shops:buy", args=[product.pk]) if variants else None,
    }
    return render(request, "shops/product.html", context)


@require_POST
def buy(request: HttpRequest, shop_product_id: int) -> HttpResponse:
    """The product page's form: hands the chosen option to the orders app's add-to-cart (the
    option is a radio choice, the cart URL is per option)."""
    product = queries.product_for_viewer(
        product_id=shop_product_id, user=request.user, detail=False
    )
    try:
        variant_id = int(request.POST.get("variant_id", ""))
    except ValueError:
        variant_id = 0
    variant = queries.variant_for_sale(variant_id) if variant_id > 0 else None
    if variant is None or variant.product_id != product.pk:
        raise ValidationFailed("choose_option", _("Choose an option first."), field="variant_id")
    url = _cart_add_url(variant.pk)
    if url is None:  # pragma: no cover - the orders app is mounted in this project
        raise NotFound(_("The cart is not available."))
    view = resolve(url).func
    response: HttpResponse = view(request, variant_id=variant.pk)
    return response


@require_GET
def product_image(request: HttpRequest, shop_image_id: int, size: str) -> HttpResponse:
    if size not in IMAGE_SIZES:
        raise NotFound(_("This image does not exist or is not available."))
    picture = queries.product_image_for_viewer(image_id=shop_image_id, user=request.user)
    return serve_stored_image(request, str(getattr(picture, size)))


@require_GET
def shop_avatar(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_viewer(slug=shop_slug, user=request.user)
    if not shop.avatar:
        raise NotFound(_("This image does not exist or is not available."))
    return serve_stored_image(request, shop.avatar)


@require_GET
def product_picker(request: HttpRequest) -> HttpResponse:
    """htmx partial of the publish form: products matching ?q= to put on the note's cards."""
    if not request.user.is_authenticated:
        raise NotFound(_("Log in to add products."))
    text = request.GET.get("product_q") or request.GET.get("q", "")
    products = queries.product_search_for_note(user=request.user, query=text)
    chosen = {value for value in request.GET.getlist("products") if value.isdigit()}
    return render(
        request,
        "shops/partials/_product_picker_results.html",
        {"results": [p for p in products if str(p.pk) not in chosen]},
    )


# --- the seller's shops --------------------------------------------------------------------------


@login_required
@require_GET
def my_shops(request: HttpRequest) -> HttpResponse:
    shops = queries.shops_of_member(request.user)
    return render(request, "shops/mine.html", {"shops": shops, "nav": "shops"})


@login_required
@require_http_methods(["GET", "POST"])
def shop_create(request: HttpRequest) -> HttpResponse:
    form = ShopForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                shop = actions.shop_create(
                    owner=_member(request),
                    name=data["name"],
                    slug=data["slug"] or None,
                    description=data["description"],
                    policies=data["policies"],
                    currency=data["currency"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your shop is open. Add your first product."))
                return redirect("shops:product_create", shop_slug=shop.slug)
        else:
            status = 400
    return render(request, "shops/shop_form.html", {"form": form, "shop": None}, status=status)


def _run_form(
    request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], object], done: str
) -> int | None:
    """Give a valid form's data to `write`: None when it was accepted (`done` is queued as the
    success message), else the status to show the form again with (400 invalid input, or the
    refusal's own status, the refusal shown on the form)."""
    if not form.is_valid():
        return 400
    try:
        write(form.cleaned_data)
    except DomainError as exc:
        apply_domain_error(form, exc)
        return exc.status
    messages.success(request, done)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def shop_edit(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    form = ShopForm(request.POST or None, initial=ShopForm.initial_for(shop))
    form.fields["slug"].disabled = True
    status: int | None = 200
    if request.method == "POST":
        status = _run_form(
            request,
            form,
            lambda data: actions.shop_update(
                shop=shop,
                actor=_member(request),
                name=data["name"],
                description=data["description"],
                policies=data["policies"],
                currency=data["currency"],
            ),
            _("Saved."),
        )
        if status is None:
            return redirect("shops:manage", shop_slug=shop.slug)
    return render(request, "shops/shop_form.html", _shop_form_context(shop, form), status=status)


def _shop_form_context(shop: Shop, form: ShopForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "shop": shop,
        "avatar_form": extra.pop("avatar_form", ShopAvatarForm()),
        "member_form": extra.pop("member_form", MemberAddForm()),
        "members": queries.shop_members(shop),
        **extra,
    }


def _shop_panel_post(
    request: HttpRequest,
    shop: Shop,
    form: ShopAvatarForm | MemberAddForm,
    form_name: str,
    write: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A side panel of the shop settings page (picture, members): run `write` with the valid
    form data, or show the settings page again with the panel's errors."""
    status = _run_form(request, form, write, done)
    if status is None:
        return redirect("shops:edit", shop_slug=shop.slug)
    shop_form = ShopForm(initial=ShopForm.initial_for(shop))
    shop_form.fields["slug"].disabled = True
    context = _shop_form_context(shop, shop_form, **{form_name: form})
    return render(request, "shops/shop_form.html", context, status=status)


@login_required
@require_POST
def shop_avatar_upload(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    return _shop_panel_post(
        request,
        shop,
        ShopAvatarForm(request.POST, request.FILES),
        "avatar_form",
        lambda data: actions.shop_avatar_set(
            shop=shop, actor=_member(request), upload=data["avatar"]
        ),
        _("Shop picture updated."),
    )


@login_required
@require_POST
def member_add(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    return _shop_panel_post(
        request,
        shop,
        MemberAddForm(request.POST),
        "member_form",
        lambda data: actions.shop_member_add(
            shop=shop, actor=_member(request), username=data["username"]
        ),
        _("Member added."),
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, shop_slug: str, shop_member_id: int) -> HttpResponse:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    actions.shop_member_remove(shop=shop, actor=_member(request), user_id=shop_member_id)
    messages.success(request, _("Member removed."))
    return redirect("shops:edit", shop_slug=shop.slug)


@login_required
@require_GET
def manage(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    products = list(queries.shop_products(shop=shop, user=request.user, include_unlisted=True))
    context = {
        "shop": shop,
        "products": products,
        "low_stock": queries.low_stock_variants(shop=shop),
        "nav": "shops",
    }
    return render(request, "shops/manage.html", context)


# --- products ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    form = ProductCreateForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                product = catalogue.product_create(
                    shop=shop,
                    actor=_member(request),
                    title=data["title"],
                    description=data["description"],
                    category=data["category"] or None,
                    status=data["status"],
                    variants=[
                        {
                            "price": data["price"],
                            "stock": data["stock"],
                            "attributes": catalogue.parse_attributes_text(data["attributes"]),
                        }
                    ],
                    images=data["images"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Product saved."))
                return redirect("shops:product_edit", shop_product_id=product.pk)
        else:
            status = 400
    context = {"form": form, "shop": shop, "currency": shop.currency}
    return render(request, "shops/product_new.html", context, status=status)


def _edit_context(product: Product, **forms: Any) -> dict[str, Any]:
    variants = list(product.variants.all())
    return {
        "product": product,
        "shop": product.shop,
        "form": forms.get("form") or ProductForm(initial=ProductForm.initial_for(product)),
        "variant_rows": [
            (
                variant,
                forms.get(f"variant_{variant.pk}")
                or VariantForm(
                    initial={
                        "sku": variant.sku,
                        "attributes": attributes_text(variant.attributes),
                        "price": variant.price,
                        "stock": variant.stock,
                        "is_active": variant.is_active,
                    },
                    prefix=f"v{variant.pk}",
                ),
            )
            for variant in variants
        ],
        "new_variant_form": forms.get("new_variant_form")
        or VariantForm(initial={"stock": 10, "is_active": True}, prefix="new"),
        "images": list(product.images.all()),
        "images_form": forms.get("images_form") or ProductImagesForm(),
        "images_max": catalogue.PRODUCT_IMAGES_MAX,
        "nav": "shops",
    }


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, shop_product_id: int) -> HttpResponse:
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    form = ProductForm(request.POST or None, initial=ProductForm.initial_for(product))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                catalogue.product_update(
                    product=product,
                    actor=_member(request),
                    title=data["title"],
                    description=data["description"],
                    category=data["category"] or "",
                    status=data["status"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Saved."))
                return redirect("shops:product_edit", shop_product_id=product.pk)
        else:
            status = 400
    context = _edit_context(product, form=form)
    return render(request, "shops/product_edit.html", context, status=status)


def _variant_spec(form: VariantForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "sku": data["sku"],
        "attributes": catalogue.parse_attributes_text(data["attributes"]),
        "price": data["price"],
        "stock": data["stock"],
        "is_active": data["is_active"],
    }


@login_required
@require_POST
def variant_create(request: HttpRequest, shop_product_id: int) -> HttpResponse:
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    form = VariantForm(request.POST, prefix="new")
    status = _run_form(
        request,
        form,
        lambda _data: catalogue.variant_create(
            product=product, actor=_member(request), **_variant_spec(form)
        ),
        _("Option added."),
    )
    if status is None:
        return redirect("shops:product_edit", shop_product_id=product.pk)
    context = _edit_context(product, new_variant_form=form)
    return render(request, "shops/product_edit.html", context, status=status)


@login_required
@require_POST
def variant_edit(request: HttpRequest, shop_variant_id: int) -> HttpResponse:
    variant = queries.variant_for_member(variant_id=shop_variant_id, user=request.user)
    form = VariantForm(request.POST, prefix=f"v{variant.pk}")
    status = _run_form(
        request,
        form,
        lambda _data: catalogue.variant_update(
            variant=variant, actor=_member(request), **_variant_spec(form)
        ),
        _("Option saved."),
    )
    if status is None:
        return redirect("shops:product_edit", shop_product_id=variant.product_id)
    product = queries.product_for_member(product_id=variant.product_id, user=request.user)
    context = _edit_context(product, **{f"variant_{variant.pk}": form})
    return render(request, "shops/product_edit.html", context, status=status)


@login_required
@require_POST
def images_add(request: HttpRequest, shop_product_id: int) -> HttpResponse:
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    form = ProductImagesForm(request.POST, request.FILES)
    status = _run_form(
        request,
        form,
        lambda data: catalogue.product_images_add(
            product=product, actor=_member(request), uploads=data["images"]
        ),
        _("Pictures added."),
    )
    if status is None:
        return redirect("shops:product_edit", shop_product_id=product.pk)
    context = _edit_context(product, images_form=form)
    return render(request, "shops/product_edit.html", context, status=status)


@login_required
@require_POST
def image_delete(request: HttpRequest, shop_image_id: int) -> HttpResponse:
    image: ProductImage = queries.product_image_for_member(
        image_id=shop_image_id, user=request.user
    )
    catalogue.product_image_delete(image=image, actor=_member(request))
    messages.success(request, _("Picture removed."))
    return redirect("shops:product_edit", shop_product_id=image.product_id)


# --- seeding dashboards --------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[int | None, Any]:
    raw = request.GET.get("days", "30")
    if raw == "all":
        return None, None
    try:
        days = int(raw)
    except ValueError:
        days = 30
    if days not in DASHBOARD_PERIODS:
        days = 30
    return days, timezone.now() - timedelta(days=days)


@login_required
@require_GET
def dashboard(request: HttpRequest, shop_slug: str) -> HttpResponse:
    shop = queries.shop_for_dashboard(user=request.user, slug=shop_slug)
    days, since = _period(request)
    rows = stats.shop_note_stats(shop=shop, since=since)
    context = {
        "shop": shop,
        "days": days,
        "periods": DASHBOARD_PERIODS,
        "totals": stats.shop_totals(shop=shop, since=since),
        "rows": rows,
        "leaders": stats.leaderboard(rows),
        "is_member": queries.is_shop_member(request.user, shop),
        "nav": "shops",
    }
    return render(request, "shops/dashboard.html", context)


@login_required
@require_GET
def creator_stats(request: HttpRequest) -> HttpResponse:
    days, since = _period(request)
    rows = stats.creator_note_stats(user=request.user, since=since)
    context = {
        "days": days,
        "periods": DASHBOARD_PERIODS,
        "rows": rows,
        "revenue": stats.group_revenue(rows),
        "nav": "shops",
    }
    return render(request, "shops/creator_stats.html", context)
