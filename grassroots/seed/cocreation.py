"""The demo co-creation campaign: the demo brand asks the community about its next stroller.

If the demo brand exists (seed/brands.py makes it), it gets an official account, a campaign
question posted through brands.campaigns, comments drawn from the co-creation generator
(brands/cocreation_corpus.py: ideas at Zipf frequencies plus chatter), likes on them, one
analysis run and the top idea adopted, so the campaign page shows ranked ideas and credited
authors. Without the demo brand, or in a community under MIN_PEOPLE users, nothing is made.
Idempotent: a brand that already has a campaign is left alone. Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F

from grassroots.accounts.models import User
from grassroots.brands.campaigns import campaign_analyse, campaign_create, idea_adopt
from grassroots.brands.cocreation_corpus import generate
from grassroots.brands.models import Brand, BrandMember, Campaign, Idea
from grassroots.engagement.actions import comment_create
from grassroots.engagement.models import Comment, CommentLike
from grassroots.seed.brands import BRAND_DETAILS, DEMO_BRAND

CAMPAIGN_COMMENTS = 160
# A campaign needs a crowd: small test communities (the seed tests count their notes and
# users exactly) get none.
MIN_PEOPLE = 100
ACCOUNT_SUFFIX = "_official"


def _brand_account(brand: Brand) -> User:
    """The demo brand's own account (its @handle), made once."""
    if brand.account_id:
        return User.objects.get(pk=brand.account_id)
    username = f"{brand.slug}{ACCOUNT_SUFFIX}"[:150]
    account, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": f"{brand.name}官方",
            "email": f"{username}@example.com",
            "password": make_password(None),
        },
    )
    Brand.objects.filter(pk=brand.pk).update(account=account)
    brand.account = account
    return account


@transaction.atomic
def seed_cocreation(*, now: datetime, seed: int = 7) -> dict[str, Any]:
    """Make the demo campaign; returns what the manifest records ({} when none was made)."""
    slug = BRAND_DETAILS[DEMO_BRAND][0]
    brand = Brand.objects.filter(slug=slug, verified_at__isnull=False).first()
    if brand is None or Campaign.objects.filter(brand=brand).exists():
        return {}
    owner_row = (
        BrandMember.objects.filter(brand=brand, role=BrandMember.Role.OWNER)
        .select_related("user")
        .first()
    )
    if owner_row is None:
        return {}
    owner = owner_row.user
    voices = {owner.pk, brand.account_id or 0}
    people = list(User.objects.filter(is_active=True).exclude(pk__in=voices).order_by("pk")[:2000])
    if len(people) < MIN_PEOPLE:
        return {}
    _brand_account(brand)

    generated = generate(seed=seed, comments=CAMPAIGN_COMMENTS)
    campaign = campaign_create(
        brand=brand, actor=owner, title=generated.title, body=generated.body, as_brand=True
    )
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data)
    start = now - timedelta(days=3)
    likes: list[CommentLike] = []
    counts: list[tuple[int, int]] = []
    for index, item in enumerate(generated.comments):
        author = people[item.author % len(people)]
        comment = comment_create(
            note=campaign.note,
            author=author,
            body=item.body,
            created_at=start + timedelta(minutes=7 * index + rng.randrange(7)),
        )
        likers = rng.sample(people, min(item.likes, len(people) - 1))
        likers = [liker for liker in likers if liker.pk != author.pk]
        likes.extend(CommentLike(user=liker, comment=comment) for liker in likers)
        counts.append((comment.pk, len(likers)))
    CommentLike.objects.bulk_create(likes, batch_size=2000)
    for comment_id, count in counts:
        if count:
            Comment.objects.filter(pk=comment_id).update(like_count=F("like_count") + count)

    result = campaign_analyse(campaign=campaign)
    top = Idea.objects.filter(campaign=campaign).order_by("rank").first()
    if top is not None:
        idea_adopt(idea=top, actor=owner)
    return {
        "brand": brand.slug,
        "campaign_id": campaign.pk,
        "note_id": campaign.note_id,
        "comments": len(generated.comments),
        "ideas": result.ideas,
        "adopted_idea": top.label if top is not None else None,
    }
