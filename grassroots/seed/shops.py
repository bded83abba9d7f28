"""Demo shops for `make run`: a few buyers' shops with products, options and stock, product
cards on seeded notes of the matching category, and a handful of orders that came from those
notes, so the product pages show real experiences and the seeding dashboards have figures.

Reproducible (a seeded RNG, fixed catalogue) and fast (a few seconds: 14 products with a generated
picture each, ~40 cards, ~12 orders placed through the orders app's own checkout). Everything
goes through shops.actions/catalogue/cards, shops.attribution and the orders actions, like a
real user would.
Skipped (returns zeros) when the database has no listed notes or too few users.
"""

from __future__ import annotations

import io
import random
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image

from grassroots.accounts.models import User
from grassroots.brands.models import Brand
from grassroots.core.images import COVER_PALETTE
from grassroots.notes.models import Category, Note
from grassroots.seed.state import DEMO_USERNAME
from grassroots.shops import actions, cards, catalogue
from grassroots.shops.models import NoteProduct, Product, ProductTouch, Shop

# (slug, name, description, policies, brand slug or "", products)
# product: (title, category slug, description, [(attributes, price, stock), ...])
Catalogue = list[tuple[str, str, str, str, str, list[tuple[str, str, str, list[Any]]]]]
CATALOGUE: Catalogue = [
    (
        "xiaoyunduo-official",
        "小云朵官方店",
        "小云朵婴儿推车官方店：轻便、一键收车，陪你走遍城市。",
        "顺丰包邮，48小时内发货；7天无理由退换。",
        "xiaoyunduo",
        [
            (
                "小云朵轻便推车 Air",
                "parenting-strollers",
                "5.8kg 一键收车，可登机。适合6个月到3岁。",
                [({"颜色": "云朵白"}, "1299.00", 12), ({"颜色": "雾霾蓝"}, "1299.00", 6)],
            ),
            (
                "推车遮阳棚",
                "parenting-strollers",
                "UPF50+，适配 Air 全系列。",
                [({}, "159.00", 40)],
            ),
            (
                "婴儿推车收纳挂包",
                "parenting-strollers",
                "大容量，防水面料。",
                [({"颜色": "米白"}, "69.00", 30), ({"颜色": "燕麦"}, "69.00", 0)],
            ),
        ],
    ),
    (
        "shanye-camping",
        "山野露营社",
        "露营十年的老玩家，只卖自己用过、敢推荐的装备。",
        "满299包邮；非质量问题不退换已使用的炊具。",
        "",
        [
            (
                "铝合金折叠椅",
                "travel-camping",
                "承重150kg，收纳后只有一把伞大。",
                [({"颜色": "军绿"}, "129.00", 20), ({"颜色": "沙色"}, "129.00", 15)],
            ),
            (
                "复古露营灯",
                "travel-camping",
                "三档暖光，Type-C 充电，续航12小时。",
                [({}, "89.90", 50)],
            ),
            (
                "户外卡式炉套装",
                "travel-camping",
                "含炉头、收纳箱和两罐气。",
                [({"套装": "单炉"}, "199.00", 8), ({"套装": "炉+锅具"}, "329.00", 3)],
            ),
        ],
    ),
    (
        "yibei-tea",
        "一杯茶",
        "福建茶农的女儿，家里的茶园自己做茶。",
        "江浙沪次日达；茶叶开封后不退换。",
        "",
        [
            (
                "武夷岩茶 大红袍",
                "food-drinks",
                "中火焙，岩韵明显。每泡8g。",
                [({"规格": "100g"}, "88.00", 60), ({"规格": "250g 礼盒"}, "198.00", 20)],
            ),
            (
                "白毫银针",
                "food-drinks",
                "福鼎白茶，头采芽头。",
                [({"规格": "50g"}, "128.00", 25)],
            ),
            (
                "旅行茶具套装",
                "food-drinks",
                "一壶三杯，带收纳包。",
                [({"颜色": "青瓷"}, "79.00", 35), ({"颜色": "白瓷"}, "79.00", 2)],
            ),
        ],
    ),
    (
        "lanlan-home",
        "蓝蓝的小家",
        "租房也要好好生活：收纳、清洁和一点点好看。",
        "全国包邮（偏远地区除外）；7天无理由。",
        "",
        [
            (
                "可叠加收纳盒",
                "home-storage",
                "PP材质，透明可视，一套三只。",
                [({"尺寸": "小号"}, "39.90", 80), ({"尺寸": "大号"}, "59.90", 40)],
            ),
            (
                "香薰蜡烛 雪松",
                "home-decor",
                "大豆蜡，燃烧约40小时。",
                [({}, "68.00", 45)],
            ),
            (
                "除螨床品四件套",
                "home-bedding",
                "60支长绒棉。",
                [({"尺寸": "1.5m"}, "299.00", 10), ({"尺寸": "1.8m"}, "329.00", 10)],
            ),
            (
                "懒人清洁拖把",
                "home-cleaning",
                "免手洗，平板旋转。",
                [({}, "79.00", 30)],
            ),
            (
                "绿萝水培套装",
                "home-plants",
                "含玻璃瓶和营养液。",
                [({}, "29.90", 100)],
            ),
        ],
    ),
]
CARDS_PER_PRODUCT = (2, 4)
PICTURE_SIZE = 480
ORDERS = 12
TOUCH_AGE = timedelta(hours=3)


def _owners(rng: random.Random) -> list[User]:
    """The demo user owns the first (brand) shop; three other seeded users the rest."""
    demo = User.objects.filter(username=DEMO_USERNAME).first()
    others = list(User.objects.exclude(username=DEMO_USERNAME).order_by("id")[:50])
    rng.shuffle(others)
    first = demo or (others.pop() if others else None)
    return [owner for owner in [first, *others[: len(CATALOGUE) - 1]] if owner is not None]


def _picture(seed: int) -> bytes:
    """A small soft gradient square (the text-cover palette): fast to make and to store."""
    top, bottom, _ink = COVER_PALETTE[seed % len(COVER_PALETTE)]
    mask = Image.linear_gradient("L").resize((PICTURE_SIZE, PICTURE_SIZE))
    picture = Image.composite(
        Image.new("RGB", mask.size, bottom), Image.new("RGB", mask.size, top), mask
    )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def seed_shops(*, seed: int = 42, now: datetime | None = None) -> dict[str, Any]:
    """Create the demo shops, cards and orders; returns counts and seconds for the manifest."""
    started = time.perf_counter()
    rng = random.Random(seed * 7919 + 5)
    owners = _owners(rng)
    if len(owners) < len(CATALOGUE) or not Note.objects.filter(is_listed=True).exists():
        return {"shops": 0, "products": 0, "cards": 0, "orders": 0, "seconds": 0.0}
    moment = now or timezone.now()
    products: list[Product] = []
    with transaction.atomic():
        for index, (slug, name, description, policies, brand_slug, items) in enumerate(CATALOGUE):
            if Shop.objects.filter(slug=slug).exists():
                continue
            owner = owners[index]
            shop = actions.shop_create(
                owner=owner, name=name, slug=slug, description=description, policies=policies
            )
            brand = Brand.objects.filter(slug=brand_slug).first() if brand_slug else None
            if brand is not None:
                Shop.objects.filter(pk=shop.pk).update(brand=brand)
            for position, (title, category, text, variants) in enumerate(items):
                products.append(
                    catalogue.product_create(
                        shop=shop,
                        actor=owner,
                        title=title,
                        description=text,
                        category=category,
                        variants=[
                            {"attributes": attributes, "price": price, "stock": stock}
                            for attributes, price, stock in variants
                        ],
                        images=[_picture(seed + index * 3 + position)],
                    )
                )
        cards = _add_cards(products, rng)
    orders = _place_orders(products, rng, moment)
    return {
        "shops": len({product.shop_id for product in products}),
        "products": len(products),
        "cards": cards,
        "orders": orders,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _add_cards(products: list[Product], rng: random.Random) -> int:
    """Put each product's card on a few listed notes of its category (or its top category)."""
    links: list[NoteProduct] = []
    taken: set[tuple[int, int]] = set()
    for product in products:
        category = Category.objects.filter(pk=product.category_id or 0).first()
        notes = list(
            Note.objects.filter(is_listed=True, category_id=product.category_id or 0)
            .order_by("-hot_score", "id")
            .values_list("id", flat=True)[:20]
        )
        if len(notes) < CARDS_PER_PRODUCT[0] and category is not None:
            notes += list(
                Note.objects.filter(is_listed=True, top_category_id=category.parent_id)
                .order_by("-hot_score", "id")
                .values_list("id", flat=True)[:20]
            )
        rng.shuffle(notes)
        for note_id in notes[: rng.randint(*CARDS_PER_PRODUCT)]:
            if (note_id, product.pk) not in taken:
                taken.add((note_id, product.pk))
                links.append(NoteProduct(note_id=note_id, product=product, position=0))
    NoteProduct.objects.bulk_create(links, ignore_conflicts=True)
    cards.product_note_counts_refresh([product.pk for product in products])
    return len(links)


def _place_orders(products: list[Product], rng: random.Random, moment: datetime) -> int:
    """Some readers open a card, then buy through the real checkout: the note gets the credit.
    The first few are delivered, so their buyers may publish verified-purchase notes."""
    from grassroots.orders import actions as order_actions
    from grassroots.orders.checkout import checkout_place
    from grassroots.orders.fulfilment import order_deliver, order_pay, order_ship

    cards = list(
        NoteProduct.objects.filter(product__in=products)
        .select_related("product__shop")
        .order_by("id")
    )
    if not cards:
        return 0
    buyers = list(User.objects.exclude(shop_memberships__isnull=False).order_by("id")[:200])
    rng.shuffle(buyers)
    # Readers who opened a card and did not buy (yet): clicks without orders.
    browsers = buyers[ORDERS:]
    ProductTouch.objects.bulk_create(
        ProductTouch(
            product_id=card.product_id,
            note_id=card.note_id,
            user=rng.choice(browsers),
            kind=ProductTouch.Kind.VIEW,
            created_at=moment - timedelta(hours=rng.randint(4, 140)),
        )
        for card in cards
        for _ in range(rng.randint(0, 4) if browsers else 0)
    )
    placed = 0
    for buyer in buyers[:ORDERS]:
        card = rng.choice(cards)
        variant = card.product.variants.filter(is_active=True, stock__gt=0).first()
        if variant is None:
            continue
        ProductTouch.objects.create(
            product=card.product,
            note_id=card.note_id,
            user=buyer,
            kind=ProductTouch.Kind.VIEW,
            created_at=moment - TOUCH_AGE,
        )
        address = order_actions.address_create(
            owner=buyer,
            recipient=buyer.display_name or buyer.username,
            phone="13800000000",
            region="上海市 徐汇区",
            line="漕溪北路 1 号",
        )
        order_actions.cart_add(
            user=buyer, variant_id=variant.pk, quantity=rng.randint(1, 2), note_id=card.note_id
        )
        orders = checkout_place(
            buyer=buyer, key=uuid.UUID(int=rng.getrandbits(128)).hex, address_id=address.pk
        )
        seller = card.product.shop.owner
        for order in orders:
            order_pay(buyer=buyer, order_id=order.pk, token="tok_success")  # noqa: S106
            if placed % 3 != 2:
                order_ship(actor=seller, order_id=order.pk, tracking_number=f"SF{order.pk:08d}")
                if placed % 3 == 0:
                    order_deliver(actor=seller, order_id=order.pk)
            placed += 1
    return placed
