"""Factories for shops. Other apps (orders) import them from here.

- `ShopFactory()`: an active CNY shop; its owner is also its ShopMember (role owner).
- `ShopMemberFactory(shop=..., user=...)`: a staff member by default.
- `ProductFactory(shop=...)`: an active product; `price_from` set to 0 until variants exist
  (use `ProductFactory(price_from=Decimal("9.90"))` or create variants through shops.actions
  when the denormalised price matters).
- `VariantFactory(product=..., stock=10, price=Decimal("19.90"))`: an active SKU with stock.
- `NoteProductFactory(note=..., product=...)`: a product card in a note.
NoteFactory (notes app) is re-exported here typed for mypy.
Factories write raw rows (no counters kept); tests of counters go through shops.actions.
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
