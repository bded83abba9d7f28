"""JSON API of the shops app (mounted at /api): shops, products, variants, stock, pictures,
product cards of notes, seeding statistics. The same actions and queries as the pages.

Prices travel as strings ("19.90") with their currency: never floats. Only the fields declared
in the In schemas are read (shop owner, counters, allocated units cannot be set).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from grassroots.accounts.models import User
from grassroots.accounts.schemas import UserBrief
from grassroots.core.errors import ValidationFailed
from grassroots.notes.api import PUBLIC_READ
from grassroots.notes.models import Note
from grassroots.notes.queries import note_for_viewer, with_detail_relations
from grassroots.notes.schemas import NoteOut
from grassroots.shops import actions, catalogue, queries, stats
from grassroots.shops.attribution import note_carries_product, touch_record, visitor_key
from grassroots.shops.models import Product, Shop, ShopMember, Variant

router = Router(tags=["shops"])

PERIODS = {"7": 7, "30": 30, "90": 90}


# --- schemas --------------------------------------------------------------------------------------


class MoneyOut(Schema):
    amount: str
    currency: str


class ShopOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    policies: str
    currency: str
    is_active: bool
    owner: UserBrief
    avatar_url: str | None
    url: str

    @staticmethod
    def resolve_avatar_url(obj: Any) -> str | None:
        if not obj.avatar:
            return None
        return (
            f"{reverse('shops:shop_avatar', args=[obj.slug])}?v={int(obj.updated_at.timestamp())}"
        )

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("shops:shop", args=[obj.slug])


class ProductImageOut(Schema):
    id: int
    position: int
    width: int
    height: int
    alt_text: str
    url: str
    medium_url: str
    thumb_url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("shops:product_image", args=[obj.id, "large"])

    @staticmethod
    def resolve_medium_url(obj: Any) -> str:
        return reverse("shops:product_image", args=[obj.id, "medium"])

    @staticmethod
    def resolve_thumb_url(obj: Any) -> str:
        return reverse("shops:product_image", args=[obj.id, "thumb"])


class VariantOut(Schema):
    id: int
    sku: str
    attributes: dict[str, str]
    price: MoneyOut
    stock: int
    allocated: int
    available: int
    is_active: bool
    position: int

    @staticmethod
    def resolve_price(obj: Any) -> dict[str, str]:
        return {"amount": str(obj.price), "currency": obj.product.currency}

    @staticmethod
    def resolve_available(obj: Any) -> int:
        return max(0, int(obj.stock) - int(obj.allocated))


class ProductBrief(Schema):
    """A product as a card shows it."""

    id: int
    title: str
    status: str
    price_from: MoneyOut
    note_count: int
    shop_slug: str
    shop_name: str
    cover_url: str | None
    url: str

    @staticmethod
    def resolve_price_from(obj: Any) -> dict[str, str]:
        return {"amount": str(obj.price_from), "currency": obj.currency}

    @staticmethod
    def resolve_shop_slug(obj: Any) -> str:
        return str(obj.shop.slug)

    @staticmethod
    def resolve_shop_name(obj: Any) -> str:
        return str(obj.shop.name)

    @staticmethod
    def resolve_cover_url(obj: Any) -> str | None:
        images = list(obj.images.all())
        return reverse("shops:product_image", args=[images[0].id, "medium"]) if images else None

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("shops:product", args=[obj.id])


class ProductOut(ProductBrief):
    """A product with its pictures and options (variants with price and stock)."""

    description: str
    category: str | None
    images: list[ProductImageOut]
    variants: list[VariantOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_category(obj: Any) -> str | None:
        return obj.category.slug if obj.category_id else None

    @staticmethod
    def resolve_images(obj: Any) -> list[Any]:
        return list(obj.images.all())

    @staticmethod
    def resolve_variants(obj: Any) -> list[Any]:
        return list(obj.variants.all())


class MemberOut(Schema):
    user: UserBrief
    role: str


class NoteShoppingOut(Schema):
    products: list[ProductBrief]
    verified_purchase: bool


class ShopIn(Schema):
    name: str
    slug: str | None = Field(None, description="3-40 of a-z, 0-9 and hyphens; made if absent.")
    description: str = ""
    policies: str = ""
    currency: str = Field("CNY", description="CNY, HKD, USD, EUR or JPY.")


class ShopPatchIn(Schema):
    name: str | None = None
    description: str | None = None
    policies: str | None = None
    currency: str | None = Field(None, description="Only while the shop has no products.")
    is_active: bool | None = Field(None, description="Close or reopen the shop (owner only).")


class MemberIn(Schema):
    username: str


class VariantIn(Schema):
    price: str = Field(description='A decimal string such as "19.90" (no floats).')
    stock: int = 0
    sku: str = ""
    attributes: dict[str, str] = Field(default_factory=dict)
    is_active: bool = True


class VariantPatchIn(Schema):
    price: str | None = None
    stock: int | None = Field(None, description="Units on hand; not below units allocated.")
    sku: str | None = None
    attributes: dict[str, str] | None = None
    is_active: bool | None = None


class StockIn(Schema):
    delta: int = Field(description="Units received (+) or written off (-).")


class ProductIn(Schema):
    title: str
    description: str = ""
    category: str | None = None
    status: str = Field("active", description="active (on sale), draft or archived.")
    variants: list[VariantIn] = Field(default_factory=list)


class ProductPatchIn(Schema):
    title: str | None = None
    description: str | None = None
    category: str | None = Field(None, description='A slug, or "" to clear it.')
    status: str | None = None


class ImageOrderIn(Schema):
    order: list[int] = Field(description="Every picture id of the product, in the new order.")


class ImagesAddIn(Schema):
    alt_texts: list[str] = Field(default_factory=list)


class NoteStatOut(Schema):
    note_id: int
    title: str | None
    clicks: int
    carts: int
    orders: int
    units: int
    revenue: list[MoneyOut]
    conversion: Decimal | None = Field(description="Orders per 100 product clicks.")


class ShopTotalsOut(Schema):
    orders: int
    units: int
    revenue: MoneyOut
    seeded_orders: int
    seeded_revenue: MoneyOut
    product_clicks: int


class DashboardOut(Schema):
    shop: str
    days: int | None
    totals: ShopTotalsOut
    leaderboard: list[NoteStatOut]
    notes: list[NoteStatOut]


class CreatorStatsOut(Schema):
    days: int | None
    notes: list[NoteStatOut]


# --- helpers --------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _product_out(product_id: int, user: Any) -> Product:
    return queries.product_for_viewer(product_id=product_id, user=user)


def _since(days: str | None) -> tuple[int | None, datetime | None]:
    if days in (None, ""):
        days = "30"
    if days == "all":
        return None, None
    if days not in PERIODS:
        raise ValidationFailed("bad_period", _("days is 7, 30, 90 or all."), field="days")
    count = PERIODS[str(days)]
    return count, timezone.now() - timedelta(days=count)


# --- shops ----------------------------------------------------------------------------------------


@router.get("/shops", response=list[ShopOut], summary="My shops")
def shop_list_mine(request: HttpRequest) -> list[Shop]:
    return queries.shops_of_member(request.user)


@router.post("/shops", response={201: ShopOut}, summary="Open a shop")
def shop_create(request: HttpRequest, payload: ShopIn) -> Status[Shop]:
    shop = actions.shop_create(
        owner=_user(request),
        name=payload.name,
        slug=payload.slug,
        description=payload.description,
        policies=payload.policies,
        currency=payload.currency,
    )
    return Status(201, shop)


@router.get("/shops/{slug:shop_slug}", response=ShopOut, auth=PUBLIC_READ, summary="A shop")
def shop_get(request: HttpRequest, shop_slug: str) -> Shop:
    return queries.shop_for_viewer(slug=shop_slug, user=request.user)


@router.patch("/shops/{slug:shop_slug}", response=ShopOut, summary="Edit a shop (members)")
def shop_patch(request: HttpRequest, shop_slug: str, payload: ShopPatchIn) -> Shop:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    return actions.shop_update(
        shop=shop,
        actor=_user(request),
        name=payload.name,
        description=payload.description,
        policies=payload.policies,
        currency=payload.currency,
        is_active=payload.is_active,
    )


@router.post("/shops/{slug:shop_slug}/avatar", response=ShopOut, summary="Shop picture")
def shop_avatar(request: HttpRequest, shop_slug: str, avatar: File[UploadedFile]) -> Shop:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    return actions.shop_avatar_set(shop=shop, actor=_user(request), upload=avatar)


@router.get("/shops/{slug:shop_slug}/members", response=list[MemberOut], summary="Members")
def member_list(request: HttpRequest, shop_slug: str) -> list[ShopMember]:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    return queries.shop_members(shop)


@router.post(
    "/shops/{slug:shop_slug}/members", response={201: MemberOut}, summary="Add a member (owner)"
)
def member_add(request: HttpRequest, shop_slug: str, payload: MemberIn) -> Status[ShopMember]:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    member = actions.shop_member_add(shop=shop, actor=_user(request), username=payload.username)
    return Status(201, member)


@router.delete(
    "/shops/{slug:shop_slug}/members/{int:shop_member_id}",
    response={204: None},
    summary="Remove a member (owner)",
)
def member_remove(request: HttpRequest, shop_slug: str, shop_member_id: int) -> Status[None]:
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    actions.shop_member_remove(shop=shop, actor=_user(request), user_id=shop_member_id)
    return Status(204, None)


@router.get(
    "/shops/{slug:shop_slug}/products",
    response=list[ProductBrief],
    auth=PUBLIC_READ,
    summary="A shop's products",
)
def shop_products(
    request: HttpRequest, shop_slug: str, include_unlisted: bool = False
) -> list[Product]:
    """Products on sale, newest first; members may ask for drafts and archived ones too."""
    shop = queries.shop_for_viewer(slug=shop_slug, user=request.user)
    return list(
        queries.shop_products(shop=shop, user=request.user, include_unlisted=include_unlisted)[:200]
    )


@router.post(
    "/shops/{slug:shop_slug}/products", response={201: ProductOut}, summary="Add a product"
)
def product_create(request: HttpRequest, shop_slug: str, payload: ProductIn) -> Status[Product]:
    """JSON: the product with its first options; pictures go to /products/{id}/images."""
    shop = queries.shop_for_member(user=request.user, slug=shop_slug)
    product = catalogue.product_create(
        shop=shop,
        actor=_user(request),
        title=payload.title,
        description=payload.description,
        category=payload.category,
        status=payload.status,
        variants=[variant.dict() for variant in payload.variants],
    )
    return Status(201, queries.product_for_member(product_id=product.pk, user=request.user))


@router.get("/shops/{slug:shop_slug}/dashboard", response=DashboardOut, summary="Seeding dashboard")
def shop_dashboard(request: HttpRequest, shop_slug: str, days: str | None = None) -> Any:
    """Per note: product clicks, add-to-carts, orders, units, revenue, conversion; and the
    seeding leaderboard (notes by revenue driven). Shop members and the owning brand's
    members only. `days`: 7, 30 (default), 90 or all."""
    shop = queries.shop_for_dashboard(user=request.user, slug=shop_slug)
    period, since = _since(days)
    rows = stats.shop_note_stats(shop=shop, since=since)
    totals = stats.shop_totals(shop=shop, since=since)
    return {
        "shop": shop.slug,
        "days": period,
        "totals": {
            "orders": totals.orders,
            "units": totals.units,
            "revenue": {"amount": str(totals.revenue), "currency": totals.currency},
            "seeded_orders": totals.seeded_orders,
            "seeded_revenue": {"amount": str(totals.seeded_revenue), "currency": totals.currency},
            "product_clicks": totals.clicks,
        },
        "leaderboard": [row.as_dict() for row in stats.leaderboard(rows)],
        "notes": [row.as_dict() for row in rows],
    }


@router.get("/me/seeding", response=CreatorStatsOut, summary="What my notes sold")
def creator_stats(request: HttpRequest, days: str | None = None) -> Any:
    period, since = _since(days)
    rows = stats.creator_note_stats(user=request.user, since=since)
    return {"days": period, "notes": [row.as_dict() for row in rows]}


# --- products -------------------------------------------------------------------------------------


@router.get("/products", response=list[ProductBrief], auth=PUBLIC_READ, summary="Find products")
def product_search(request: HttpRequest, q: str = "") -> list[Product]:
    """Products on sale matching q (title or shop name), to put on a note's cards."""
    products = queries.product_search_for_note(user=request.user, query=q)
    prefetch_related_objects(products, "images")  # cards show their first picture
    return products


@router.get(
    "/products/{int:shop_product_id}", response=ProductOut, auth=PUBLIC_READ, summary="A product"
)
def product_get(
    request: HttpRequest, shop_product_id: int, from_note: int | None = None
) -> Product:
    """Anyone may read a product on sale; drafts and archived ones only the shop's members.
    `from_note` (the note whose card was opened) records a product click for attribution."""
    product = _product_out(shop_product_id, request.user)
    if from_note is not None and note_carries_product(note_id=from_note, product_id=product.pk):
        touch_record(
            product_id=product.pk,
            note_id=from_note,
            user=request.user,
            session_key=None if request.user.is_authenticated else visitor_key(request),
            kind="view",
        )
    return product


@router.get(
    "/products/{int:shop_product_id}/notes",
    response=list[NoteOut],
    auth=PUBLIC_READ,
    summary="Notes featuring a product",
)
def product_notes(request: HttpRequest, shop_product_id: int) -> list[Any]:
    """Listed notes that carry this product's card, verified purchases first."""
    product = _product_out(shop_product_id, request.user)
    ids = [note.pk for note in queries.notes_featuring(product=product)]
    by_id = {note.pk: note for note in with_detail_relations(Note.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


@router.patch("/products/{int:shop_product_id}", response=ProductOut, summary="Edit a product")
def product_patch(request: HttpRequest, shop_product_id: int, payload: ProductPatchIn) -> Product:
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    catalogue.product_update(
        product=product,
        actor=_user(request),
        title=payload.title,
        description=payload.description,
        category=payload.category,
        status=payload.status,
    )
    return queries.product_for_member(product_id=shop_product_id, user=request.user)


@router.post(
    "/products/{int:shop_product_id}/variants", response={201: VariantOut}, summary="Add an option"
)
def variant_create(
    request: HttpRequest, shop_product_id: int, payload: VariantIn
) -> Status[Variant]:
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    variant = catalogue.variant_create(
        product=product,
        actor=_user(request),
        price=payload.price,
        stock=payload.stock,
        sku=payload.sku,
        attributes=payload.attributes,
        is_active=payload.is_active,
    )
    return Status(201, queries.variant_for_member(variant_id=variant.pk, user=request.user))


@router.patch("/variants/{int:shop_variant_id}", response=VariantOut, summary="Edit an option")
def variant_patch(request: HttpRequest, shop_variant_id: int, payload: VariantPatchIn) -> Variant:
    variant = queries.variant_for_member(variant_id=shop_variant_id, user=request.user)
    catalogue.variant_update(
        variant=variant,
        actor=_user(request),
        price=payload.price,
        stock=payload.stock,
        sku=payload.sku,
        attributes=payload.attributes,
        is_active=payload.is_active,
    )
    return queries.variant_for_member(variant_id=shop_variant_id, user=request.user)


@router.post("/variants/{int:shop_variant_id}/stock", response=VariantOut, summary="Adjust stock")
def variant_stock(request: HttpRequest, shop_variant_id: int, payload: StockIn) -> Variant:
    variant = queries.variant_for_member(variant_id=shop_variant_id, user=request.user)
    catalogue.variant_adjust_stock(variant=variant, actor=_user(request), delta=payload.delta)
    return queries.variant_for_member(variant_id=shop_variant_id, user=request.user)


@router.post(
    "/products/{int:shop_product_id}/images",
    response={201: list[ProductImageOut]},
    summary="Add pictures (multipart)",
)
def images_add(
    request: HttpRequest,
    shop_product_id: int,
    payload: Form[ImagesAddIn],
    images: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[list[Any]]:
    """Repeated `images` files (JPEG/PNG/WebP/HEIC), at most 9 pictures per product."""
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    rows = catalogue.product_images_add(
        product=product,
        actor=_user(request),
        uploads=list(images or []),
        alt_texts=payload.alt_texts,
    )
    return Status(201, rows)


@router.put(
    "/products/{int:shop_product_id}/images", response={204: None}, summary="Reorder pictures"
)
def images_reorder(
    request: HttpRequest, shop_product_id: int, payload: ImageOrderIn
) -> Status[None]:
    product = queries.product_for_member(product_id=shop_product_id, user=request.user)
    catalogue.product_images_reorder(product=product, actor=_user(request), order=payload.order)
    return Status(204, None)


@router.delete(
    "/product-images/{int:shop_image_id}", response={204: None}, summary="Remove a picture"
)
def image_delete(request: HttpRequest, shop_image_id: int) -> Status[None]:
    image = queries.product_image_for_member(image_id=shop_image_id, user=request.user)
    catalogue.product_image_delete(image=image, actor=_user(request))
    return Status(204, None)


# --- notes ----------------------------------------------------------------------------------------


@router.get(
    "/notes/{int:note_id}/products",
    response=NoteShoppingOut,
    auth=PUBLIC_READ,
    summary="A note's product cards",
)
def note_products(request: HttpRequest, note_id: int) -> dict[str, Any]:
    """The product cards of a note the caller may see, and whether it is a verified purchase.
    Open a card with GET /api/products/{id}?from_note={note_id} to credit the note."""
    note = note_for_viewer(note_id=note_id, viewer=request.user, detail=False)
    products, verified = queries.note_shopping(note_id=note.pk, user=request.user)
    return {"products": products, "verified_purchase": verified}
