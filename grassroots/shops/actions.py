"""Writes for shops: open and edit a shop, its catalogue (products, variants, stock, pictures),
product cards in notes and verified-purchase notes.

Every write that changes a shop's catalogue takes the actor and checks membership itself
(`_require_member`), so pages, the API and commands cannot forget it. Bad input raises
ValidationFailed/Conflict and changes nothing; picture files written before a failure are
deleted again, and files a removal drops are deleted only after the commit.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.utils.text import slugify
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.core.images import ImageRejected, delete_stored_files
from grassroots.notes.models import Category, Note
from grassroots.shops.images import store_product_image, store_shop_avatar
from grassroots.shops.models import (
    NoteProduct,
    Product,
    ProductImage,
    Shop,
    ShopMember,
    Variant,
    VerifiedPurchase,
)
from grassroots.shops.money import check_currency, parse_amount

SHOP_NAME_MAX = 40
SHOP_DESCRIPTION_MAX = 1000
SHOP_POLICIES_MAX = 2000
SHOPS_PER_OWNER_MAX = 5
PRODUCT_TITLE_MAX = 60
PRODUCT_DESCRIPTION_MAX = 5000
PRODUCT_IMAGES_MAX = 9
VARIANTS_PER_PRODUCT_MAX = 50
VARIANT_ATTRIBUTES_MAX = 4
ATTRIBUTE_NAME_MAX = 20
ATTRIBUTE_VALUE_MAX = 30
SKU_MAX = 40
STOCK_MAX = 1_000_000
NOTE_PRODUCTS_MAX = 5
# Order statuses after which the buyer has the goods in hand (contract with orders).
DELIVERED_STATUSES = ("delivered", "completed")

_SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")
_SKU_RE = re.compile(r"^[A-Za-z0-9._-]+$")
_ATTRIBUTE_PAIR = re.compile(r"\s*([^:：=]+?)\s*[:：=]\s*(.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- cleaning -------------------------------------------------------------------------------


def _clean_line(value: object, *, field: str, max_chars: int, required: bool = False) -> str:
    text = " ".join(_CONTROL.sub("", str(value or "")).split())
    if required and not text:
        raise ValidationFailed("required", _("This field is required."), field=field)
    if len(text) > max_chars:
        raise ValidationFailed(
            "too_long",
            _("At most %(max)d characters.") % {"max": max_chars},
            field=field,
        )
    return text


def _clean_text(value: object, *, field: str, max_chars: int) -> str:
    text = _CONTROL.sub("", str(value or "")).replace("\r\n", "\n").strip()
    if len(text) > max_chars:
        raise ValidationFailed(
            "too_long", _("At most %(max)d characters.") % {"max": max_chars}, field=field
        )
    return text


def clean_slug(value: object) -> str:
    slug = str(value or "").strip().lower()
    if not _SLUG_RE.match(slug) or "--" in slug:
        raise ValidationFailed(
            "bad_slug",
            _("Use 3-40 lower-case letters, digits and single hyphens."),
            field="slug",
        )
    return slug


def _clean_category(value: object) -> Category | None:
    slug = str(value or "").strip()
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ValidationFailed(
            "unknown_category", _("This category does not exist."), field="category"
        )
    return category


def _clean_status(value: object) -> str:
    status = str(value or "")
    if status not in Product.Status.values:
        raise ValidationFailed(
            "bad_status", _("Choose on sale, draft or archived."), field="status"
        )
    return status


def clean_price(value: object, currency: str) -> Decimal:
    price = parse_amount(value, currency, field="price")
    if price <= 0:
        raise ValidationFailed("bad_amount", _("Enter a price above 0."), field="price")
    return price


def clean_stock(value: object) -> int:
    try:
        stock = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(
            "bad_stock", _("Enter a whole number of units."), field="stock"
        ) from None
    if not 0 <= stock <= STOCK_MAX:
        raise ValidationFailed(
            "bad_stock",
            _("Stock is between 0 and %(max)d units.") % {"max": STOCK_MAX},
            field="stock",
        )
    return stock


def clean_attributes(value: Mapping[str, Any] | None) -> dict[str, str]:
    """{"size": "M", "colour": "red"}: up to 4 short name/value pairs, both non-empty."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationFailed(
            "bad_attributes", _("Options are name and value pairs."), field="attributes"
        )
    cleaned: dict[str, str] = {}
    for raw_name, raw_value in value.items():
        name = _clean_line(raw_name, field="attributes", max_chars=ATTRIBUTE_NAME_MAX)
        text = _clean_line(raw_value, field="attributes", max_chars=ATTRIBUTE_VALUE_MAX)
        if not name or not text:
            raise ValidationFailed(
                "bad_attributes",
                _("Each option needs a name and a value, like size: M."),
                field="attributes",
            )
        cleaned[name] = text
    if len(cleaned) > VARIANT_ATTRIBUTES_MAX:
        raise ValidationFailed(
            "bad_attributes",
            _("At most %(max)d options per variant.") % {"max": VARIANT_ATTRIBUTES_MAX},
            field="attributes",
        )
    return cleaned


def parse_attributes_text(text: str) -> dict[str, str]:
    """'size: M, colour: red' (or with Chinese punctuation) -> {"size": "M", "colour": "red"}."""
    pairs: dict[str, str] = {}
    for part in re.split(r"[,;，；\n]+", text or ""):
        if not part.strip():
            continue
        match = _ATTRIBUTE_PAIR.match(part)
        if match is None:
            raise ValidationFailed(
                "bad_attributes",
                _("Write options as name: value, separated by commas."),
                field="attributes",
            )
        pairs[match.group(1).strip()] = match.group(2).strip()
    return clean_attributes(pairs)


def _clean_sku(value: object, *, product: Product) -> str:
    sku = str(value or "").strip()
    if not sku:
        return f"P{product.pk}-{secrets.token_hex(3).upper()}"
    if len(sku) > SKU_MAX or not _SKU_RE.match(sku):
        raise ValidationFailed(
            "bad_sku",
            _("SKU: up to 40 letters, digits, dots, hyphens or underscores."),
            field="sku",
        )
    return sku


# --- membership ------------------------------------------------------------------------------


def _require_member(shop_id: int, actor: User) -> None:
    if not (
        actor.is_authenticated
        and ShopMember.objects.filter(shop_id=shop_id, user_id=actor.pk).exists()
    ):
        raise Forbidden(_("Only this shop's members can change it."), code="not_shop_member")


def _require_owner(shop_id: int, actor: User) -> None:
    if not ShopMember.objects.filter(
        shop_id=shop_id, user_id=actor.pk, role=ShopMember.Role.OWNER
    ).exists():
        raise Forbidden(_("Only the shop's owner can do this."), code="not_shop_owner")


# --- shops -----------------------------------------------------------------------------------


def _free_slug(name: str) -> str:
    base = slugify(name)[:30].strip("-")
    if len(base) < 3:
        base = "shop"
    candidate = base
    while Shop.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(2)}"
    return candidate


@transaction.atomic
def shop_create(
    *,
    owner: User,
    name: str,
    slug: str | None = None,
    description: str = "",
    policies: str = "",
    currency: str = "CNY",
) -> Shop:
    """Open a shop; the owner becomes its first member. Any user may open up to 5 shops."""
    clean_name = _clean_line(name, field="name", max_chars=SHOP_NAME_MAX, required=True)
    clean_description = _clean_text(
        description, field="description", max_chars=SHOP_DESCRIPTION_MAX
    )
    clean_policies = _clean_text(policies, field="policies", max_chars=SHOP_POLICIES_MAX)
    try:
        clean_currency = check_currency(currency)
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.code, _("Choose a supported currency."), field="currency"
        ) from exc
    clean = clean_slug(slug) if slug else _free_slug(clean_name)
    if Shop.objects.filter(owner=owner).count() >= SHOPS_PER_OWNER_MAX:
        raise Conflict(
            "too_many_shops",
            _("You can open at most %(max)d shops.") % {"max": SHOPS_PER_OWNER_MAX},
        )
    if Shop.objects.filter(slug=clean).exists():
        raise Conflict("slug_taken", _("This shop address is taken."), field="slug")
    try:
        with transaction.atomic():
            shop = Shop.objects.create(
                slug=clean,
                name=clean_name,
                description=clean_description,
                policies=clean_policies,
                currency=clean_currency,
                owner=owner,
            )
    except IntegrityError:
        raise Conflict("slug_taken", _("This shop address is taken."), field="slug") from None
    ShopMember.objects.create(shop=shop, user=owner, role=ShopMember.Role.OWNER)
    return shop


@transaction.atomic
def shop_update(
    *,
    shop: Shop,
    actor: User,
    name: str | None = None,
    description: str | None = None,
    policies: str | None = None,
    currency: str | None = None,
    is_active: bool | None = None,
) -> Shop:
    """Edit a shop (members); closing/reopening it (`is_active`) is for the owner only.

    The currency can change only while the shop has no products (prices are in it).
    """
    _require_member(shop.pk, actor)
    current = Shop.objects.select_for_update().get(pk=shop.pk)
    if name is not None:
        current.name = _clean_line(name, field="name", max_chars=SHOP_NAME_MAX, required=True)
    if description is not None:
        current.description = _clean_text(
            description, field="description", max_chars=SHOP_DESCRIPTION_MAX
        )
    if policies is not None:
        current.policies = _clean_text(policies, field="policies", max_chars=SHOP_POLICIES_MAX)
    if currency is not None:
        try:
            code = check_currency(currency)
        except ValidationFailed as exc:
            raise ValidationFailed(
                exc.code, _("Choose a supported currency."), field="currency"
            ) from exc
        if code != current.currency:
            if Product.objects.filter(shop=current).exists():
                raise Conflict(
                    "currency_locked",
                    _("The currency cannot change once the shop has products."),
                    field="currency",
                )
            current.currency = code
    if is_active is not None and bool(is_active) != current.is_active:
        _require_owner(shop.pk, actor)
        current.is_active = bool(is_active)
    current.save()
    return current


def shop_avatar_set(*, shop: Shop, actor: User, upload: Any) -> Shop:
    """Replace the shop's picture (members); the old file goes after the commit."""
    _require_member(shop.pk, actor)
    path = store_shop_avatar(upload, shop_id=shop.pk)
    try:
        with transaction.atomic():
            current = Shop.objects.select_for_update().get(pk=shop.pk)
            old = current.avatar
            current.avatar = path
            current.save(update_fields=["avatar", "updated_at"])
            if old:
                transaction.on_commit(lambda: delete_stored_files([old]))
    except BaseException:
        delete_stored_files([path])
        raise
    return current


@transaction.atomic
def shop_member_add(*, shop: Shop, actor: User, username: str) -> ShopMember:
    """Add a staff member by username (owner only); adding someone twice is refused."""
    _require_owner(shop.pk, actor)
    user = User.objects.filter(username__iexact=str(username or "").strip().lstrip("@")).first()
    if user is None or not user.is_active:
        raise ValidationFailed("unknown_user", _("No member has this username."), field="username")
    member, created = ShopMember.objects.get_or_create(
        shop=shop, user=user, defaults={"role": ShopMember.Role.STAFF}
    )
    if not created:
        raise Conflict("already_member", _("This person is already in the shop."), field="username")
    return member


@transaction.atomic
def shop_member_remove(*, shop: Shop, actor: User, user_id: int) -> None:
    """Remove a staff member (owner only); the owner cannot be removed."""
    _require_owner(shop.pk, actor)
    member = ShopMember.objects.filter(shop=shop, user_id=user_id).first()
    if member is None:
        raise NotFound(_("This person is not in the shop."), code="unknown_member")
    if member.role == ShopMember.Role.OWNER:
        raise Conflict("owner_stays", _("The owner cannot be removed."))
    member.delete()


# --- products --------------------------------------------------------------------------------


def refresh_price_from(product_id: int) -> None:
    """Keep Product.price_from = the lowest price among its active variants (0 if none)."""
    lowest = Variant.objects.filter(product_id=product_id, is_active=True).aggregate(
        low=Min("price")
    )["low"]
    Product.objects.filter(pk=product_id).update(price_from=lowest or Decimal("0"))


def _check_sellable(product: Product, status: str) -> None:
    if status == Product.Status.ACTIVE and not product.variants.filter(is_active=True).exists():
        raise ValidationFailed(
            "no_variant_on_sale",
            _("Add at least one option with a price and stock before putting it on sale."),
            field="status",
        )


def product_create(
    *,
    shop: Shop,
    actor: User,
    title: str,
    description: str = "",
    category: str | None = None,
    status: str = Product.Status.ACTIVE,
    variants: Sequence[Mapping[str, Any]] = (),
    images: Sequence[Any] = (),
    alt_texts: Sequence[str] = (),
) -> Product:
    """Add a product with its first variants (`{"sku", "attributes", "price", "stock"}`) and
    pictures. On sale needs at least one variant; a draft may start empty."""
    written: list[str] = []
    try:
        return _product_create(
            shop=shop,
            actor=actor,
            title=title,
            description=description,
            category=category,
            status=status,
            variants=list(variants),
            images=list(images),
            alt_texts=list(alt_texts),
            written=written,
        )
    except BaseException:
        delete_stored_files(written)
        raise


@transaction.atomic
def _product_create(
    *,
    shop: Shop,
    actor: User,
    title: str,
    description: str,
    category: str | None,
    status: str,
    variants: list[Mapping[str, Any]],
    images: list[Any],
    alt_texts: list[str],
    written: list[str],
) -> Product:
    _require_member(shop.pk, actor)
    clean_title = _clean_line(title, field="title", max_chars=PRODUCT_TITLE_MAX, required=True)
    clean_description = _clean_text(
        description, field="description", max_chars=PRODUCT_DESCRIPTION_MAX
    )
    the_category = _clean_category(category)
    clean_status = _clean_status(status)
    if len(variants) > VARIANTS_PER_PRODUCT_MAX:
        raise ValidationFailed(
            "too_many_variants",
            _("At most %(max)d options per product.") % {"max": VARIANTS_PER_PRODUCT_MAX},
            field="variants",
        )
    _check_image_count(len(images))
    product = Product.objects.create(
        shop=shop,
        title=clean_title,
        description=clean_description,
        category=the_category,
        status=Product.Status.DRAFT,
        currency=shop.currency,
    )
    for position, spec in enumerate(variants):
        _variant_insert(product, spec, position=position)
    _store_images(product, images, alt_texts, first_position=0, written=written)
    if clean_status != Product.Status.DRAFT:
        _check_sellable(product, clean_status)
        product.status = clean_status
        product.save(update_fields=["status"])
    refresh_price_from(product.pk)
    product.refresh_from_db()
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    actor: User,
    title: str | None = None,
    description: str | None = None,
    category: str | None = None,
    status: str | None = None,
) -> Product:
    """Edit a product (members). `category=""` clears it; None keeps any field."""
    _require_member(product.shop_id, actor)
    current = Product.objects.select_for_update().get(pk=product.pk)
    if title is not None:
        current.title = _clean_line(
            title, field="title", max_chars=PRODUCT_TITLE_MAX, required=True
        )
    if description is not None:
        current.description = _clean_text(
            description, field="description", max_chars=PRODUCT_DESCRIPTION_MAX
        )
    if category is not None:
        current.category = _clean_category(category)
    if status is not None:
        new_status = _clean_status(status)
        _check_sellable(current, new_status)
        current.status = new_status
    current.save()
    return current


# --- variants and stock ----------------------------------------------------------------------


def _variant_insert(product: Product, spec: Mapping[str, Any], *, position: int) -> Variant:
    if not isinstance(spec, Mapping):
        raise ValidationFailed("bad_variant", _("Each option is an object."), field="variants")
    sku = _clean_sku(spec.get("sku"), product=product)
    if Variant.objects.filter(product=product, sku=sku).exists():
        raise Conflict("sku_taken", _("Another option of this product has this SKU."), field="sku")
    return Variant.objects.create(
        product=product,
        sku=sku,
        attributes=clean_attributes(spec.get("attributes") or {}),
        price=clean_price(spec.get("price"), product.currency),
        stock=clean_stock(spec.get("stock", 0)),
        is_active=bool(spec.get("is_active", True)),
        position=position,
    )


@transaction.atomic
def variant_create(
    *,
    product: Product,
    actor: User,
    price: object,
    stock: object = 0,
    sku: str = "",
    attributes: Mapping[str, Any] | None = None,
    is_active: bool = True,
) -> Variant:
    """Add an option (SKU) to a product (members)."""
    _require_member(product.shop_id, actor)
    current = Product.objects.select_for_update().get(pk=product.pk)
    count = Variant.objects.filter(product=current).count()
    if count >= VARIANTS_PER_PRODUCT_MAX:
        raise ValidationFailed(
            "too_many_variants",
            _("At most %(max)d options per product.") % {"max": VARIANTS_PER_PRODUCT_MAX},
            field="variants",
        )
    variant = _variant_insert(
        current,
        {
            "sku": sku,
            "attributes": attributes,
            "price": price,
            "stock": stock,
            "is_active": is_active,
        },
        position=count,
    )
    refresh_price_from(current.pk)
    return variant


@transaction.atomic
def variant_update(
    *,
    variant: Variant,
    actor: User,
    price: object = None,
    stock: object = None,
    sku: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    is_active: bool | None = None,
) -> Variant:
    """Edit an option (members). Stock is the units on hand: it cannot go below the units
    already allocated to unshipped orders. The last option on sale of a product on sale
    cannot be switched off (archive or draft the product first)."""
    _require_member(variant.product.shop_id, actor)
    # Lock the product first, then the variant: the same order as checkout (variant rows)
    # never waits on a product lock, so this cannot deadlock with it.
    product = Product.objects.select_for_update().get(pk=variant.product_id)
    current = Variant.objects.select_for_update().get(pk=variant.pk)
    if price is not None:
        current.price = clean_price(price, product.currency)
    if stock is not None:
        new_stock = clean_stock(stock)
        if new_stock < current.allocated:
            raise ValidationFailed(
                "stock_below_allocated",
                _("%(n)d units are already sold and not shipped: stock cannot be lower.")
                % {"n": current.allocated},
                field="stock",
            )
        current.stock = new_stock
    if sku is not None:
        new_sku = _clean_sku(sku, product=product) if sku.strip() else current.sku
        if (
            new_sku != current.sku
            and Variant.objects.filter(product=product, sku=new_sku).exclude(pk=current.pk).exists()
        ):
            raise Conflict(
                "sku_taken", _("Another option of this product has this SKU."), field="sku"
            )
        current.sku = new_sku
    if attributes is not None:
        current.attributes = clean_attributes(attributes)
    if is_active is not None:
        if (
            not is_active
            and current.is_active
            and product.status == Product.Status.ACTIVE
            and not product.variants.filter(is_active=True).exclude(pk=current.pk).exists()
        ):
            raise ValidationFailed(
                "last_variant_on_sale",
                _("This is the last option on sale; take the product off sale first."),
                field="is_active",
            )
        current.is_active = bool(is_active)
    current.save()
    refresh_price_from(product.pk)
    return current


@transaction.atomic
def variant_adjust_stock(*, variant: Variant, actor: User, delta: int) -> Variant:
    """Receive (+) or write off (-) units, under the row lock; never below allocated."""
    _require_member(variant.product.shop_id, actor)
    current = Variant.objects.select_for_update().get(pk=variant.pk)
    if not isinstance(delta, int) or isinstance(delta, bool):
        raise ValidationFailed("bad_stock", _("Enter a whole number of units."), field="delta")
    new_stock = current.stock + delta
    if new_stock < current.allocated or not 0 <= new_stock <= STOCK_MAX:
        raise ValidationFailed(
            "stock_below_allocated",
            _("Stock would go below the %(n)d units already sold and not shipped.")
            % {"n": current.allocated},
            field="delta",
        )
    current.stock = new_stock
    current.save(update_fields=["stock"])
    return current


# --- pictures --------------------------------------------------------------------------------


def _check_image_count(count: int) -> None:
    if count > PRODUCT_IMAGES_MAX:
        raise ImageRejected(
            _("At most %(max)d pictures per product.") % {"max": PRODUCT_IMAGES_MAX},
            code="too_many_images",
        )


def _store_images(
    product: Product,
    uploads: Sequence[Any],
    alt_texts: Sequence[str],
    *,
    first_position: int,
    written: list[str],
) -> list[ProductImage]:
    rows: list[ProductImage] = []
    for index, upload in enumerate(uploads):
        try:
            stored = store_product_image(upload, product_id=product.pk)
        except ImageRejected as exc:
            label = _("Image %(n)d") % {"n": index + 1}
            raise ImageRejected(f"{label}: {exc.message}", code=exc.code) from exc
        written.extend(stored.paths)
        alt = alt_texts[index] if index < len(alt_texts) else ""
        rows.append(
            ProductImage(
                product=product,
                position=first_position + index,
                width=stored.width,
                height=stored.height,
                large=stored.large,
                medium=stored.medium,
                thumb=stored.thumb,
                alt_text=_clean_line(alt, field="alt_texts", max_chars=200),
            )
        )
    return ProductImage.objects.bulk_create(rows)


def product_images_add(
    *, product: Product, actor: User, uploads: Sequence[Any], alt_texts: Sequence[str] = ()
) -> list[ProductImage]:
    """Append pictures to a product (members); at most 9 in all."""
    written: list[str] = []
    try:
        return _product_images_add(
            product=product,
            actor=actor,
            uploads=list(uploads),
            alt_texts=list(alt_texts),
            written=written,
        )
    except BaseException:
        delete_stored_files(written)
        raise


@transaction.atomic
def _product_images_add(
    *,
    product: Product,
    actor: User,
    uploads: list[Any],
    alt_texts: list[str],
    written: list[str],
) -> list[ProductImage]:
    _require_member(product.shop_id, actor)
    current = Product.objects.select_for_update().get(pk=product.pk)
    if not uploads:
        raise ValidationFailed("no_images", _("Choose at least one picture."), field="images")
    existing = list(ProductImage.objects.filter(product=current).order_by("position"))
    _check_image_count(len(existing) + len(uploads))
    first = existing[-1].position + 1 if existing else 0
    rows = _store_images(current, uploads, alt_texts, first_position=first, written=written)
    return rows


@transaction.atomic
def product_image_delete(*, image: ProductImage, actor: User) -> None:
    """Remove a picture (members); its files go after the commit."""
    _require_member(image.product.shop_id, actor)
    Product.objects.select_for_update().get(pk=image.product_id)
    paths = [image.large, image.medium, image.thumb]
    ProductImage.objects.filter(pk=image.pk).delete()
    transaction.on_commit(lambda: delete_stored_files(paths))


@transaction.atomic
def product_images_reorder(*, product: Product, actor: User, order: Sequence[int]) -> None:
    """Put a product's pictures in a new order: `order` lists every picture id once."""
    _require_member(product.shop_id, actor)
    Product.objects.select_for_update().get(pk=product.pk)
    images = {image.pk: image for image in ProductImage.objects.filter(product=product)}
    wanted = [int(pk) for pk in order]
    if sorted(wanted) != sorted(images) or len(set(wanted)) != len(wanted):
        raise ValidationFailed(
            "bad_order", _("List every picture of the product once."), field="order"
        )
    # Two passes so the (product, position) unique constraint never sees a duplicate.
    offset = len(images) + 1000
    for position, pk in enumerate(wanted):
        ProductImage.objects.filter(pk=pk).update(position=position + offset)
    for position, pk in enumerate(wanted):
        ProductImage.objects.filter(pk=pk).update(position=position)


# --- product cards in notes ------------------------------------------------------------------


def product_note_counts_refresh(product_ids: Iterable[int]) -> None:
    """Recount Product.note_count (listed notes carrying the card) for these products."""
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        return
    # Serialise recounts per product (in id order): two notes adding the same card at once
    # must not both count before either commits. NO KEY: the card rows' foreign keys take
    # KEY SHARE locks on the product, which a plain FOR UPDATE would deadlock against.
    list(
        Product.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counts = dict(
        NoteProduct.objects.filter(product_id__in=ids, note__is_listed=True)
        .values_list("product_id")
        .annotate(n=Count("id"))
        .values_list("product_id", "n")
    )
    for pk in ids:
        Product.objects.filter(pk=pk).exclude(note_count=counts.get(pk, 0)).update(
            note_count=counts.get(pk, 0)
        )


def clean_product_ids(value: Iterable[object] | None) -> list[int]:
    """Product ids as given (order kept, duplicates dropped); ValidationFailed if not ids."""
    ids: list[int] = []
    for item in value or []:
        try:
            pk = int(str(item).strip())
        except (TypeError, ValueError):
            raise ValidationFailed(
                "bad_product", _("Choose products from the list."), field="products"
            ) from None
        if pk <= 0:
            raise ValidationFailed(
                "bad_product", _("Choose products from the list."), field="products"
            )
        if pk not in ids:
            ids.append(pk)
    if len(ids) > NOTE_PRODUCTS_MAX:
        raise ValidationFailed(
            "too_many_products",
            _("At most %(max)d products per note.") % {"max": NOTE_PRODUCTS_MAX},
            field="products",
        )
    return ids


@transaction.atomic
def note_products_set(*, note: Note, author: User, product_ids: Iterable[object]) -> list[int]:
    """Set the product cards of one's own note, in order (at most 5, each on sale).

    Cards already on the note stay even if their product went off sale since (they are only
    hidden from readers); new ones must be on sale in an active shop.
    """
    if note.author_id != author.pk:
        raise NotFound(_("This note does not exist or is not available."))
    wanted = clean_product_ids(product_ids)
    existing = dict(NoteProduct.objects.filter(note=note).values_list("product_id", "id"))
    new_ids = [pk for pk in wanted if pk not in existing]
    if new_ids:
        on_sale = set(
            Product.objects.filter(
                pk__in=new_ids, status=Product.Status.ACTIVE, shop__is_active=True
            ).values_list("pk", flat=True)
        )
        if len(on_sale) != len(new_ids):
            raise ValidationFailed(
                "unknown_product",
                _("One of the products is not on sale; choose another."),
                field="products",
            )
    removed = [pk for pk in existing if pk not in wanted]
    NoteProduct.objects.filter(note=note, product_id__in=removed).delete()
    for position, pk in enumerate(wanted):
        if pk in existing:
            NoteProduct.objects.filter(pk=existing[pk]).exclude(position=position).update(
                position=position
            )
        else:
            NoteProduct.objects.create(note=note, product_id=pk, position=position)
    product_note_counts_refresh([*wanted, *removed])
    return wanted


# --- verified purchases ----------------------------------------------------------------------


def order_line_for_review(*, user: Any, order_line_id: object) -> Any:
    """The buyer's own delivered order line that has no verified note yet; else 4xx.

    NotFound for another buyer's line or an unknown id (same answer), Conflict when the line
    is not delivered yet or already has its note.
    """
    order_line_model = apps.get_model("orders", "OrderLine")
    try:
        line_id = int(str(order_line_id))
    except (TypeError, ValueError):
        line_id = 0
    line = None
    if line_id > 0 and getattr(user, "is_authenticated", False):
        line = (
            order_line_model.objects.select_related("order", "product__shop")
            .filter(pk=line_id, order__buyer_id=user.pk)
            .first()
        )
    if line is None:
        raise NotFound(_("This order line does not exist."), code="unknown_order_line")
    if line.order.status not in DELIVERED_STATUSES:
        raise Conflict(
            "not_delivered", _("You can share a verified experience once it is delivered.")
        )
    if VerifiedPurchase.objects.filter(order_line_id=line.pk).exists():
        raise Conflict("already_reviewed", _("You already shared a note about this purchase."))
    return line


@transaction.atomic
def verified_purchase_record(*, note: Note, buyer: User, order_line_id: object) -> VerifiedPurchase:
    """Mark the buyer's note as a verified purchase of a delivered order line; the product's
    card is added to the note when it is still on sale and not there yet."""
    if note.author_id != buyer.pk:
        raise NotFound(_("This note does not exist or is not available."))
    line = order_line_for_review(user=buyer, order_line_id=order_line_id)
    if VerifiedPurchase.objects.filter(note=note).exists():
        raise Conflict("already_verified", _("This note is already a verified purchase."))
    try:
        with transaction.atomic():
            record = VerifiedPurchase.objects.create(
                note=note, order_line_id=line.pk, product_id=line.product_id, buyer=buyer
            )
    except IntegrityError:
        raise Conflict(
            "already_reviewed", _("You already shared a note about this purchase.")
        ) from None
    product = line.product
    if (
        product is not None
        and product.status == Product.Status.ACTIVE
        and product.shop.is_active
        and not NoteProduct.objects.filter(note=note, product=product).exists()
        and NoteProduct.objects.filter(note=note).count() < NOTE_PRODUCTS_MAX
    ):
        position = NoteProduct.objects.filter(note=note).count()
        NoteProduct.objects.create(note=note, product=product, position=position)
        product_note_counts_refresh([product.pk])
    return record
