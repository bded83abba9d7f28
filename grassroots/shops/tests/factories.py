"""Factories for shops. Other apps (orders) import them from here.

- `ShopFactory()`: an active CNY shop; its owner is also its ShopMember (role owner).
- `ShopMemberFactory(shop=..., user=...)`: a staff member by default.
- `ProductFactory(shop=...)`: an active product; `price_from` set to 0 until variants exist
  (use `ProductFactory(price_from=Decimal("9.90"))` or create variants through shops.catalogue
  when the denormalised price matters).
- `VariantFactory(product=..., stock=10, price=Decimal("19.90"))`: an active SKU with stock.
- `NoteProductFactory(note=..., product=...)`: a product card in a note.
NoteFactory (notes app) is re-exported here typed for mypy.
Factories write raw rows (no counters kept); tests of counters go through shops.catalogue/cards.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import factory
from django.utils import timezone

from grassroots.accounts.tests.factories import ModelMaker, UserFactory
from grassroots.notes.models import Note
from grassroots.notes.tests import factories as note_factories
from grassroots.shops.models import (
    NoteProduct,
    Product,
    ProductImage,
    ProductTouch,
    Shop,
    ShopMember,
    Variant,
)


class _ShopFactory(factory.django.DjangoModelFactory[Shop]):
    class Meta:
        model = Shop
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"shop-{n}")
    name = factory.Sequence(lambda n: f"Shop {n}")
    description = "Things we use every day."
    owner = factory.SubFactory(UserFactory)
    currency = "CNY"
    is_active = True

    @factory.post_generation
    def owner_member(obj: Shop, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted is not False:
            ShopMember.objects.get_or_create(
                shop=obj, user=obj.owner, defaults={"role": ShopMember.Role.OWNER}
            )


class _ShopMemberFactory(factory.django.DjangoModelFactory[ShopMember]):
    class Meta:
        model = ShopMember

    shop = factory.SubFactory(_ShopFactory)
    user = factory.SubFactory(UserFactory)
    role = ShopMember.Role.STAFF


class _ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    shop = factory.SubFactory(_ShopFactory)
    title = factory.Sequence(lambda n: f"Product {n}")
    description = "Made to last."
    status = Product.Status.ACTIVE
    price_from = Decimal("0")
    currency = factory.LazyAttribute(lambda o: o.shop.currency)

    class Params:
        draft = factory.Trait(status=Product.Status.DRAFT)
        archived = factory.Trait(status=Product.Status.ARCHIVED)


class _VariantFactory(factory.django.DjangoModelFactory[Variant]):
    class Meta:
        model = Variant

    product = factory.SubFactory(_ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    attributes = factory.LazyFunction(dict)
    price = Decimal("19.90")
    stock = 10
    allocated = 0
    is_active = True
    position = factory.Sequence(lambda n: n % 1000)


class _ProductImageFactory(factory.django.DjangoModelFactory[ProductImage]):
    """A row pointing at storage paths that do not exist (no files written)."""

    class Meta:
        model = ProductImage

    product = factory.SubFactory(_ProductFactory)
    position = factory.Sequence(lambda n: n)
    width = 1080
    height = 1080
    large = factory.LazyAttribute(lambda o: f"products/{o.product.pk}/{o.position}-large.webp")
    medium = factory.LazyAttribute(lambda o: f"products/{o.product.pk}/{o.position}-medium.webp")
    thumb = factory.LazyAttribute(lambda o: f"products/{o.product.pk}/{o.position}-thumb.webp")


class _NoteProductFactory(factory.django.DjangoModelFactory[NoteProduct]):
    class Meta:
        model = NoteProduct

    note = factory.SubFactory(note_factories.NoteFactory)
    product = factory.SubFactory(_ProductFactory)
    position = 0


class _ProductTouchFactory(factory.django.DjangoModelFactory[ProductTouch]):
    """A raw touch row; use shops.attribution.touch_record for the real rule."""

    class Meta:
        model = ProductTouch

    product = factory.SubFactory(_ProductFactory)
    note = factory.SubFactory(note_factories.NoteFactory)
    user = factory.SubFactory(UserFactory)
    session_key = ""
    kind = ProductTouch.Kind.VIEW
    created_at = factory.LazyFunction(timezone.now)


if TYPE_CHECKING:
    NoteFactory: ModelMaker[Note]
    ShopFactory: ModelMaker[Shop]
    ShopMemberFactory: ModelMaker[ShopMember]
    ProductFactory: ModelMaker[Product]
    VariantFactory: ModelMaker[Variant]
    ProductImageFactory: ModelMaker[ProductImage]
    NoteProductFactory: ModelMaker[NoteProduct]
    ProductTouchFactory: ModelMaker[ProductTouch]
else:
    NoteFactory = note_factories.NoteFactory
    ShopFactory = _ShopFactory
    ShopMemberFactory = _ShopMemberFactory
    ProductFactory = _ProductFactory
    VariantFactory = _VariantFactory
    ProductImageFactory = _ProductImageFactory
    NoteProductFactory = _NoteProductFactory
    ProductTouchFactory = _ProductTouchFactory


def security_objects(*, member: Any, other: Any) -> dict[str, str]:
    """URL values for the security suite's route walks: a shop `member` owns with a product on
    sale (two options, a picture) and a staff member to remove."""
    from grassroots.notes.tests.factories import image_bytes
    from grassroots.shops import actions, catalogue

    shop = actions.shop_create(owner=member, name="Member shop", slug="member-shop")
    product = catalogue.product_create(
        shop=shop,
        actor=member,
        title="Member product",
        variants=[{"price": "10.00", "stock": 5}, {"price": "12.00", "stock": 5}],
        images=[image_bytes()],
    )
    staff = UserFactory(username="shopstaff")
    ShopMember.objects.create(shop=shop, user=staff, role=ShopMember.Role.STAFF)
    return {
        "shop_slug": shop.slug,
        "shop_product_id": str(product.pk),
        "shop_variant_id": str(product.variants.order_by("id").first().pk),  # type: ignore[union-attr]
        "shop_image_id": str(product.images.get().pk),
        "shop_member_id": str(staff.pk),
    }


def security_bodies(kwargs: dict[str, str]) -> dict[tuple[str, str], dict[str, object]]:
    """Valid JSON bodies of the shops API writes (for the CSRF suite's positive controls).

    Multipart writes (shop avatar, product pictures) are in MULTIPART_WRITES."""
    return {
        ("post", "/api/shops"): {"name": "CSRF shop"},
        ("patch", "/api/shops/{shop_slug}"): {"description": "changed"},
        ("post", "/api/shops/{shop_slug}/members"): {"username": "other"},
        ("post", "/api/shops/{shop_slug}/products"): {"title": "CSRF product", "status": "draft"},
        ("patch", "/api/products/{shop_product_id}"): {"title": "Renamed"},
        ("post", "/api/products/{shop_product_id}/variants"): {"price": "3.00", "stock": 1},
        ("patch", "/api/variants/{shop_variant_id}"): {"price": "11.00"},
        ("post", "/api/variants/{shop_variant_id}/stock"): {"delta": 2},
        ("put", "/api/products/{shop_product_id}/images"): {
            "order": [int(kwargs["shop_image_id"])]
        },
    }


# (method, path, file field) of the shops API writes that upload a picture (multipart).
MULTIPART_WRITES = {
    ("post", "/api/shops/{shop_slug}/avatar"): "avatar",
    ("post", "/api/products/{shop_product_id}/images"): "images",
}
