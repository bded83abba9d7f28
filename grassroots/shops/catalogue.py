"""Writes for a shop's catalogue: products, variants (options/SKUs) and stock, pictures.

Every write takes the actor and checks shop membership itself (shops.actions.require_member).
Bad input raises ValidationFailed/Conflict and changes nothing; picture files written before a
failure are deleted again, and files a removal drops are deleted only after the commit.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, ValidationFailed
from grassroots.core.images import ImageRejected, delete_stored_files
from grassroots.notes.models import Category
from grassroots.shops.actions import clean_line, clean_text, require_member
from grassroots.shops.images import store_product_image
from grassroots.shops.models import Product, ProductImage, Shop, Variant
from grassroots.shops.money import parse_amount

PRODUCT_TITLE_MAX = 60
PRODUCT_DESCRIPTION_MAX = 5000
PRODUCT_IMAGES_MAX = 9
VARIANTS_PER_PRODUCT_MAX = 50
VARIANT_ATTRIBUTES_MAX = 4
ATTRIBUTE_NAME_MAX = 20
ATTRIBUTE_VALUE_MAX = 30
SKU_MAX = 40
STOCK_MAX = 1_000_000

_SKU_RE = re.compile(r"^[A-Za-z0-9._-]+$")
_ATTRIBUTE_PAIR = re.compile(r"\s*([^:：=]+?)\s*[:：=]\s*(.*)$")


# --- cleaning -------------------------------------------------------------------------------


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
        name = clean_line(raw_name, field="attributes", max_chars=ATTRIBUTE_NAME_MAX)
        text = clean_line(raw_value, field="attributes", max_chars=ATTRIBUTE_VALUE_MAX)
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
    require_member(shop.pk, actor)
    clean_title = clean_line(title, field="title", max_chars=PRODUCT_TITLE_MAX, required=True)
    clean_description = clean_text(
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
    require_member(product.shop_id, actor)
    current = Product.objects.select_for_update().get(pk=product.pk)
    if title is not None:
        current.title = clean_line(title, field="title", max_chars=PRODUCT_TITLE_MAX, required=True)
    if description is not None:
        current.description = clean_text(
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
    require_member(product.shop_id, actor)
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
    require_member(variant.product.shop_id, actor)
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
    require_member(variant.product.shop_id, actor)
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
                alt_text=clean_line(alt, field="alt_texts", max_chars=200),
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
    require_member(product.shop_id, actor)
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
    require_member(image.product.shop_id, actor)
    Product.objects.select_for_update().get(pk=image.product_id)
    paths = [image.large, image.medium, image.thumb]
    ProductImage.objects.filter(pk=image.pk).delete()
    transaction.on_commit(lambda: delete_stored_files(paths))


@transaction.atomic
def product_images_reorder(*, product: Product, actor: User, order: Sequence[int]) -> None:
    """Put a product's pictures in a new order: `order` lists every picture id once."""
    require_member(product.shop_id, actor)
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
