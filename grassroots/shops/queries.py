"""Reads for shops: membership, visibility of shops, products and variants, catalogue lists.

Visibility in one paragraph: an active shop and its products on sale are public. Draft and
archived products, and everything in an inactive shop, are seen only by the shop's members;
everyone else gets the same NotFound as for an id that was never used. Changing a shop or its
catalogue needs membership: `shop_for_member` / `product_for_member` / `variant_for_member`
are the only doors the write paths (pages and API) go through.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BigIntegerField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils.translation import gettext as _

from grassroots.core.errors import Forbidden, NotFound
from grassroots.shops.models import (
    NoteProduct,
    Product,
    ProductImage,
    Shop,
    ShopMember,
    Variant,
    VerifiedPurchase,
)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _shop_not_found() -> NotFound:
    return NotFound(_("This shop does not exist or is not available."), code="unknown_shop")


def _product_not_found() -> NotFound:
    return NotFound(_("This product does not exist or is not available."), code="unknown_product")


def _variant_not_found() -> NotFound:
    return NotFound(_("This option does not exist or is not available."), code="unknown_variant")


# --- membership ---------------------------------------------------------------------------


def is_shop_member(user: Any, shop: Shop | int) -> bool:
    """Whether user is an owner or staff member of the shop (one query)."""
    if not _authenticated(user):
        return False
    shop_id = shop if isinstance(shop, int) else shop.pk
    return ShopMember.objects.filter(shop_id=shop_id, user_id=user.pk).exists()


def member_shop_ids(user: Any) -> set[int]:
    """Ids of the shops the user is a member of."""
    if not _authenticated(user):
        return set()
    return set(ShopMember.objects.filter(user_id=user.pk).values_list("shop_id", flat=True))


def shops_of_member(user: Any) -> list[Shop]:
    """The user's shops (owned or staffed), oldest first."""
    if not _authenticated(user):
        return []
    return list(
        Shop.objects.filter(members__user_id=user.pk).select_related("owner").order_by("id")
    )


def shop_for_member(*, user: Any, shop_id: int | None = None, slug: str | None = None) -> Shop:
    """A shop the user may manage. NotFound for an unknown id/slug (or an inactive shop the
    user is not in); Forbidden when the shop is public but the user is not a member."""
    if shop_id is None and not slug:
        raise _shop_not_found()
    query = (
        Shop.objects.filter(pk=shop_id)
        if shop_id is not None
        else Shop.objects.filter(slug=str(slug))
    )
    shop = query.first()
    if shop is None:
        raise _shop_not_found()
    if is_shop_member(user, shop):
        return shop
    if not shop.is_active:
        raise _shop_not_found()
    raise Forbidden(_("Only this shop's members can change it."), code="not_shop_member")


def shop_for_viewer(*, slug: str, user: Any) -> Shop:
    """An active shop (or any shop of the user's); NotFound otherwise."""
    shop = Shop.objects.filter(slug=str(slug or "")).first()
    if shop is None or not (shop.is_active or is_shop_member(user, shop)):
        raise _shop_not_found()
    return shop


# --- products and variants ------------------------------------------------------------------


def with_product_relations(products: QuerySet[Product]) -> QuerySet[Product]:
    """What a product page or ProductOut needs: shop, category, images, variants."""
    return products.select_related("shop", "category__parent").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
        Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
    )


def product_visible_to(product: Product, user: Any, *, member: bool | None = None) -> bool:
    """Public when on sale in an active shop; otherwise only for the shop's members."""
    if product.status == Product.Status.ACTIVE and product.shop.is_active:
        return True
    return is_shop_member(user, product.shop_id) if member is None else member


def product_for_viewer(*, product_id: int, user: Any, detail: bool = True) -> Product:
    """The product if the user may see it (shop loaded; images and variants when detail)."""
    qs = Product.objects.select_related("shop")
    if detail:
        qs = with_product_relations(Product.objects.all())
    product = qs.filter(pk=product_id).first()
    if product is None or not product_visible_to(product, user):
        raise _product_not_found()
    return product


def product_for_member(*, product_id: int, user: Any) -> Product:
    """A product of one of the user's shops, for editing; NotFound otherwise.

    Refusals are NotFound (not Forbidden): a draft's id must not reveal that it exists.
    """
    if not _authenticated(user):
        raise _product_not_found()
    product = (
        with_product_relations(Product.objects.filter(shop__members__user_id=user.pk))
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise _product_not_found()
    return product


def variant_for_member(*, variant_id: int, user: Any) -> Variant:
    """A variant of a product of one of the user's shops; NotFound otherwise."""
    if not _authenticated(user):
        raise _variant_not_found()
    variant = (
        Variant.objects.select_related("product__shop")
        .filter(pk=variant_id, product__shop__members__user_id=user.pk)
        .first()
    )
    if variant is None:
        raise _variant_not_found()
    return variant


def product_image_for_member(*, image_id: int, user: Any) -> ProductImage:
    """A picture of a product of one of the user's shops; NotFound otherwise."""
    image = None
    if _authenticated(user):
        image = (
            ProductImage.objects.select_related("product__shop")
            .filter(pk=image_id, product__shop__members__user_id=user.pk)
            .first()
        )
    if image is None:
        raise NotFound(_("This image does not exist or is not available."))
    return image


def product_image_for_viewer(*, image_id: int, user: Any) -> ProductImage:
    """A product picture whose product the user may see; NotFound otherwise."""
    image = ProductImage.objects.select_related("product__shop").filter(pk=image_id).first()
    if image is None or not product_visible_to(image.product, user):
        raise NotFound(_("This image does not exist or is not available."))
    return image


def variant_for_sale(variant_id: int) -> Variant:
    """An active variant of a product on sale in an active shop (product and shop loaded).

    For the cart and checkout: anything else is NotFound. Stock is not checked here.
    """
    variant = (
        Variant.objects.select_related("product__shop")
        .filter(
            pk=variant_id,
            is_active=True,
            product__status=Product.Status.ACTIVE,
            product__shop__is_active=True,
        )
        .first()
    )
    if variant is None:
        raise _variant_not_found()
    return variant


def products_on_sale() -> QuerySet[Product]:
    """Products anyone may see: on sale, in an active shop."""
    return Product.objects.filter(status=Product.Status.ACTIVE, shop__is_active=True)


def shop_products(*, shop: Shop, user: Any, include_unlisted: bool = False) -> QuerySet[Product]:
    """A shop's products, newest first; drafts and archived ones only for members who ask."""
    qs = Product.objects.filter(shop=shop)
    if not (include_unlisted and is_shop_member(user, shop)):
        qs = qs.filter(status=Product.Status.ACTIVE)
    return (
        qs.select_related("shop")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
        )
        .order_by("-id")
    )


def product_search_for_note(*, user: Any, query: str = "", limit: int = 20) -> list[Product]:
    """Products a note author may put on a card: on sale, matching the query (title or shop)."""
    qs = products_on_sale().select_related("shop")
    text = (query or "").strip()[:60]
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(shop__name__icontains=text))
    return list(qs.order_by("-note_count", "-id")[:limit])


# --- product cards in notes -------------------------------------------------------------------


def note_shopping(*, note_id: int, user: Any) -> tuple[list[Product], bool]:
    """(the product cards the viewer may see, in order; whether the note is a verified
    purchase). One query for a note without cards, three with (cards, their pictures)."""
    marks = list(
        NoteProduct.objects.filter(note_id=note_id)
        .order_by()
        .values_list("product_id", "position")
        .union(
            VerifiedPurchase.objects.filter(note_id=note_id)
            .order_by()
            .values_list(
                Value(0, output_field=BigIntegerField()), Value(-1, output_field=IntegerField())
            ),
            all=True,
        )
    )
    verified = any(product_id == 0 for product_id, _position in marks)
    product_ids = [product_id for product_id, _position in marks if product_id]
    if not product_ids:
        return [], verified
    return note_product_cards(note_id=note_id, user=user), verified


def note_product_cards(*, note_id: int, user: Any) -> list[Product]:
    """The product cards of a note, in order, without the ones the viewer may not see."""
    links = list(
        NoteProduct.objects.filter(note_id=note_id)
        .select_related("product__shop")
        .prefetch_related(
            Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "id"))
        )
        .order_by("position", "id")
    )
    members = member_shop_ids(user) if links else set()
    return [
        link.product
        for link in links
        if product_visible_to(link.product, user, member=link.product.shop_id in members)
    ]


def note_product_ids(note_id: int) -> list[int]:
    """Product ids on a note's cards, in order (visibility not applied: for editing)."""
    return list(
        NoteProduct.objects.filter(note_id=note_id)
        .order_by("position", "id")
        .values_list("product_id", flat=True)
    )


def verified_purchase_note_ids(note_ids: list[int] | set[int] | tuple[int, ...]) -> set[int]:
    """The notes among note_ids that were published from a delivered order line (one query).

    A trust signal for search, insights and the note page.
    """
    ids = {int(note_id) for note_id in note_ids}
    if not ids:
        return set()
    return set(VerifiedPurchase.objects.filter(note_id__in=ids).values_list("note_id", flat=True))


def notes_featuring(*, product: Product, limit: int = 30) -> list[Any]:
    """Listed notes carrying this product's card: verified purchases first, then the most
    engaging. Card fields only (feed.queries.with_card_fields)."""
    # Imported here: notes.forms imports this module, and feed imports notes.
    from grassroots.feed.queries import with_card_fields
    from grassroots.notes.models import LISTED, Note

    verified = VerifiedPurchase.objects.filter(note_id=OuterRef("pk"))
    notes = with_card_fields(
        Note.objects.filter(LISTED, product_links__product_id=product.pk)
    ).annotate(is_verified=Exists(verified))
    return list(notes.order_by("-is_verified", "-hot_score", "-id")[:limit])


def shop_brand_member(user: Any, shop: Shop) -> bool:
    """Whether user belongs to the brand that owns this shop (brands read its dashboard)."""
    if not _authenticated(user) or shop.brand_id is None:
        return False
    from grassroots.brands.models import BrandMember

    return BrandMember.objects.filter(brand_id=shop.brand_id, user_id=user.pk).exists()


def shop_for_dashboard(*, user: Any, slug: str) -> Shop:
    """A shop whose seeding dashboard the user may read: its members, and the members of the
    brand that owns it. NotFound for others (a dashboard is not public)."""
    shop = Shop.objects.filter(slug=str(slug or "")).first()
    if shop is None or not (is_shop_member(user, shop) or shop_brand_member(user, shop)):
        raise _shop_not_found()
    return shop


def shop_members(shop: Shop) -> list[ShopMember]:
    return list(ShopMember.objects.filter(shop=shop).select_related("user").order_by("id"))


def low_stock_variants(*, shop: Shop, threshold: int = 3) -> list[Variant]:
    """Active options of the shop's products with few units left to sell."""
    return list(
        Variant.objects.filter(
            product__shop=shop, is_active=True, stock__lte=F("allocated") + threshold
        )
        .exclude(product__status=Product.Status.ARCHIVED)
        .select_related("product")
        .order_by("product_id", "position", "id")[:50]
    )
