"""A small analysed community for the presentation tests (API, pages, exports, CLI, browser).

Two verified brands that compare with each other (BabyCo and its rival), one unverified brand,
members of each, an outsider and staff; public notes about BabyCo's stroller with planted
phrasings (neck tilt pain point, a wish for a smaller size, praise for its lightness), some
about the rival, a hidden and a private note that say the same things; then the analysis's full
rebuild. Nothing here is stubbed: pages read what insights.report builds from these notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands.models import Brand, BrandMember, BrandProduct
from grassroots.insights import pipeline
from grassroots.insights.tests.conftest import build_search_index
from grassroots.notes.models import Note
from grassroots.notes.tests.factories import NoteFactory

CATEGORY = "parenting-strollers"
TOPIC = "遛娃"

NECK = [
    "BabyCo云朵推车 宝宝脖子歪，头总往一边倒，没有头托太难受了",
    "BabyCo云朵推车 推着走宝宝头总往一边倒，脖子歪着睡，心疼",
    "BabyCo云朵推车 没有头托，宝宝睡着以后脖子歪，颈部没支撑",
    "BabyCo云朵推车 宝宝一睡着头就歪，脖子歪得厉害，靠背太软",
]
SMALLER = [
    "BabyCo云朵推车 希望出一个小号的，收起来还是太大了",
    "BabyCo云朵推车 要是有小号就好了，后备箱放不下",
]
PRAISE = [
    "BabyCo云朵推车 很轻，单手就能推，做工也很好，推荐",
    "BabyCo云朵推车 特别轻便好推，做工扎实，很满意",
]
# New in the last ten days (nothing like it before): the rising theme.
BRAKE = "BabyCo云朵推车 刹车太差了，根本刹不住，很失望"
RIVAL = [
    "Rival小象推车 遮阳棚很大，做工不错，很满意",
    "Rival小象推车 物流太慢了，等了两周才到，失望",
]


@dataclass
class World:
    brand: Brand
    rival: Brand
    unverified: Brand
    product: BrandProduct
    member: User  # analyst of BabyCo (verified)
    rival_member: User  # member of the rival (verified)
    unverified_member: User  # member of a brand staff did not verify
    outsider: User  # signed in, no brand
    staff: User
    public_notes: list[Note]  # listed; all analysed
    hidden_note: Note  # said the same things, then a moderator hid it
    private_note: Note

    def client(self, user: User | None) -> Any:
        from django.test import Client

        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def _note(author: User, text: str, days_ago: int, **extra: Any) -> Note:
    moment = timezone.now() - timedelta(days=days_ago, hours=1)
    note = NoteFactory(
        author=author,
        title=text[:20],
        body=text,
        category=CATEGORY,
        topics=[TOPIC],
        created_at=moment,
        published_at=moment,
        **extra,
    )
    return cast(Note, note)


def build_world(*, copies: int = 4) -> World:
    """Create the community and run the analysis's full rebuild (insights.pipeline.rebuild)."""
    now = timezone.now()
    staff = UserFactory(username="staffer", is_staff=True)
    brand = Brand.objects.create(
        slug="babyco", name="BabyCo", aliases=["贝贝可"], verified_at=now, verified_by=staff
    )
    rival = Brand.objects.create(slug="rival", name="Rival", verified_at=now, verified_by=staff)
    unverified = Brand.objects.create(slug="shadyco", name="ShadyCo")
    brand.competitors.add(rival)
    product = BrandProduct.objects.create(brand=brand, name="云朵推车", aliases=["cloud stroller"])
    BrandProduct.objects.create(brand=rival, name="小象推车")
    member = UserFactory(username="analyst")
    rival_member = UserFactory(username="rivalanalyst")
    unverified_member = UserFactory(username="shadyanalyst")
    outsider = UserFactory(username="outsider")
    BrandMember.objects.create(brand=brand, user=member, role=BrandMember.Role.ANALYST)
    BrandMember.objects.create(brand=rival, user=rival_member, role=BrandMember.Role.OWNER)
    BrandMember.objects.create(brand=unverified, user=unverified_member)

    authors = [UserFactory() for _ in range(6)]
    public: list[Note] = []
    texts = NECK + SMALLER + PRAISE
    for copy in range(copies):
        for index, text in enumerate(texts):
            author = authors[(index + copy) % len(authors)]
            public.append(_note(author, text, days_ago=5 + (index * 7 + copy * 13) % 80))
        for index, text in enumerate(RIVAL):
            public.append(_note(authors[index], text, days_ago=3 + copy * 7 + index))
    for index in range(2 * copies):
        public.append(_note(authors[index % len(authors)], BRAKE, days_ago=1 + index % 9))
    hidden = _note(authors[0], "BabyCo云朵推车 隐藏笔记 宝宝脖子歪 没有头托", 5, hidden_at=now)
    private = _note(
        authors[1], "BabyCo云朵推车 私密笔记 宝宝脖子歪 没有头托", 5, visibility="private"
    )
    pipeline.rebuild()
    build_search_index()  # the q scope reads the search index
    return World(
        brand=brand,
        rival=rival,
        unverified=unverified,
        product=product,
        member=member,
        rival_member=rival_member,
        unverified_member=unverified_member,
        outsider=outsider,
        staff=staff,
        public_notes=public,
        hidden_note=hidden,
        private_note=private,
    )
