"""The fictional brands the planted themes talk about (see themes.py), as Brand rows.

Each planted theme names a brand and a product; the seed creates them verified, with aliases
(so the insight gazetteer finds the short ways people write them) and a competitor set (the
other planted brands: their share of voice is what the comparison shows). The demo user owns
the first brand, so the demo workspace has real data. Idempotent: existing rows are kept.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from grassroots.brands.models import Brand, BrandMember, BrandProduct
from grassroots.notes.models import Category
from grassroots.seed.themes import THEMES

# brand name -> (slug, English alias, extra aliases of the product)
BRAND_DETAILS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "小云朵": ("xiaoyunduo", "Cloudlet", ("小云朵推车",)),
    "晴空": ("qingkong", "Clearsky", ("晴空防晒", "晴空防晒乳")),
    "栖木": ("qimu", "Perchwood", ("栖木书桌",)),
    "拾光": ("shiguang", "Gleaner", ("拾光托特包", "拾光托特")),
    "洁小侠": ("jiexiaoxia", "CleanKid", ("洁小侠扫地机",)),
}
DEMO_BRAND = "小云朵"


@transaction.atomic
def seed_brands(demo_user_id: int | None, now: datetime) -> list[Brand]:
    """Create (or keep) the planted brands and products; make the demo user an owner."""
    brands: list[Brand] = []
    for theme in THEMES:
        slug, english, product_aliases = BRAND_DETAILS.get(
            theme.brand, (f"brand-{len(brands) + 1}", "", ())
        )
        brand, _created = Brand.objects.get_or_create(
            slug=slug,
            defaults={
                "name": theme.brand,
                "aliases": [english] if english else [],
                "description": theme.description,
                "verified_at": now,
            },
        )
        category = Category.objects.filter(slug=theme.categories[0]).first()
        BrandProduct.objects.get_or_create(
            brand=brand,
            name=theme.product,
            defaults={"aliases": list(product_aliases), "category": category},
        )
        brands.append(brand)
    for brand in brands:
        brand.competitors.add(*[other for other in brands if other.pk != brand.pk])
    if demo_user_id is not None:
        demo = next(b for b in brands if b.name == DEMO_BRAND)
        BrandMember.objects.get_or_create(
            brand=demo, user_id=demo_user_id, defaults={"role": BrandMember.Role.OWNER}
        )
    return brands
