"""Brand pages: who sees what, forms that write through the actions, campaign page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands import actions
from grassroots.brands.campaigns import campaign_analyse
from grassroots.brands.models import Brand, BrandEvent, BrandMember, BrandProduct, Idea
from grassroots.brands.tests.factories import (
    add_member,
    make_brand,
    make_campaign,
    owner_of,
    staff_user,
)
from grassroots.engagement.models import Notification

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_apply_page_creates_an_unverified_brand_owned_by_the_applicant():
    user = UserFactory()
    client = client_for(user)
    assert client.get(reverse("brands:apply")).status_code == 200
    response = client.post(
        reverse("brands:apply"),
        {"name": "Cloudlet", "slug": "cloudlet", "aliases": "小云朵, CL", "description": "prams"},
    )
    assert response.status_code == 302
    brand = Brand.objects.get(slug="cloudlet")
    assert not brand.is_verified and brand.aliases == ["小云朵", "cl"]
    assert BrandMember.objects.get(brand=brand).user == user
    assert b"Cloudlet" in client.get(reverse("brands:mine")).content
    # A duplicate alias is a form error, not a 500.
    again = client.post(
        reverse("brands:apply"), {"name": "Other", "slug": "other", "aliases": "x, X"}
    )
    assert again.status_code == 422
    assert not Brand.objects.filter(slug="other").exists()


def test_unverified_brand_pages_are_404_for_others_and_visible_to_members():
    brand = make_brand(verified=False, slug="hidden-co")
    owner = owner_of(brand)
    for page in ("home", "members", "products", "competitors", "settings"):
        url = reverse(f"brands:{page}", args=[brand.slug])
        assert client_for(UserFactory()).get(url).status_code == 404, page
        assert client_for(owner).get(url).status_code == 200, page
    assert client_for(None).get(reverse("brands:home", args=[brand.slug])).status_code == 404


def test_staff_review_page_verifies_and_logs():
    brand = make_brand(verified=False, slug="to-review")
    staff = staff_user()
    client = client_for(staff)
    page = client.get(reverse("brands:review"))
    assert page.status_code == 200 and b"to-review" in page.content
    assert client_for(owner_of(brand)).get(reverse("brands:review")).status_code == 403
    refused = client_for(owner_of(brand)).post(reverse("brands:verify", args=[brand.slug]))
    assert refused.status_code == 403
    client.post(reverse("brands:verify", args=[brand.slug]))
    brand.refresh_from_db()
    assert brand.is_verified and brand.verified_by == staff
    assert BrandEvent.objects.filter(brand=brand, kind="verified", actor=staff).exists()


def test_members_page_adds_changes_and_removes_by_username():
    brand = make_brand()
    owner = owner_of(brand)
    client = client_for(owner)
    UserFactory(username="newbie")
    url = reverse("brands:members", args=[brand.slug])
    assert client.post(url, {"username": "newbie", "role": "analyst"}).status_code == 302
    member = BrandMember.objects.get(brand=brand, user__username="newbie")
    unknown = client.post(url, {"username": "ghost", "role": "analyst"})
    assert unknown.status_code == 422 and b"no member with that username" in unknown.content
    client.post(reverse("brands:member_role", args=[brand.slug, member.pk]), {"role": "owner"})
    assert BrandMember.objects.get(pk=member.pk).role == "owner"
    client.post(reverse("brands:member_remove", args=[brand.slug, member.pk]))
    assert not BrandMember.objects.filter(pk=member.pk).exists()
    own = BrandMember.objects.get(brand=brand, user=owner)
    client.post(reverse("brands:member_remove", args=[brand.slug, own.pk]))
    assert BrandMember.objects.filter(pk=own.pk).exists()  # the last owner stays


def test_an_analyst_cannot_post_owner_forms():
    brand = make_brand()
    analyst = UserFactory()
    add_member(brand, analyst)
    client = client_for(analyst)
    assert client.get(reverse("brands:members", args=[brand.slug])).status_code == 200
    response = client.post(
        reverse("brands:products", args=[brand.slug]), {"name": "Sneaky", "aliases": ""}
    )
    assert response.status_code == 422  # the form shows the refusal
    assert not BrandProduct.objects.filter(name="Sneaky").exists()
    assert (
        client.post(reverse("brands:settings", args=[brand.slug]), {"name": "Hacked"}).status_code
        == 422
    )
    assert Brand.objects.get(pk=brand.pk).name != "Hacked"


def test_products_and_competitors_pages():
    brand = make_brand()
    rival = make_brand(name="Rival Co", slug="rival-co")
    owner = owner_of(brand)
    client = client_for(owner)
    client.post(reverse("brands:products", args=[brand.slug]), {"name": "Pram", "aliases": "P1"})
    product = BrandProduct.objects.get(brand=brand)
    assert product.aliases == ["p1"]
    edit = reverse("brands:product_edit", args=[brand.slug, product.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": "Pram 2", "aliases": "p2, pram two"})
    assert BrandProduct.objects.get(pk=product.pk).aliases == ["p2", "pram two"]
    page = client.get(reverse("brands:competitors", args=[brand.slug]))
    assert b"Rival Co" in page.content
    client.post(reverse("brands:competitors", args=[brand.slug]), {"competitor": rival.slug})
    assert list(brand.competitors.all()) == [rival]
    client.post(reverse("brands:competitor_remove", args=[brand.slug, rival.slug]))
    assert not brand.competitors.exists()
    client.post(reverse("brands:product_delete", args=[brand.slug, product.pk]))
    assert not BrandProduct.objects.filter(pk=product.pk).exists()


def test_campaign_pages_from_question_to_adoption():
    brand = make_brand()
    owner = owner_of(brand)
    client = client_for(owner)
    new = reverse("brands:campaign_new", args=[brand.slug])
    assert client.get(new).status_code == 200
    response = client.post(new, {"title": "怎么卖苹果", "body": "大家出出主意"})
    assert response.status_code == 302
    campaign_url = response["Location"]
    campaign = brand.campaigns.get()
    fan = UserFactory(username="fan")
    from grassroots.engagement.actions import comment_create

    comment_create(note=campaign.note, author=fan, body="建议箱子上印上果园的故事")
    page = client.get(campaign_url)
    assert b"refresh ideas" in page.content  # stale: a new comment since the last run
    client.post(reverse("brands:campaign_analyse", args=[campaign.pk]))
    idea = Idea.objects.get(campaign=campaign)
    public = client_for(None).get(campaign_url)
    assert public.status_code == 200 and "果园".encode() in public.content
    assert b'data-testid="adopt"' not in public.content
    client.post(reverse("brands:idea_adopt", args=[idea.pk]))
    credited = client_for(None).get(campaign_url).content.decode()
    assert 'data-testid="credited"' in credited and "@fan" in credited
    assert Notification.objects.filter(recipient=fan, kind="idea_adopted").exists()
    # The brand home lists the campaign, for anyone.
    assert (
        campaign_url.encode()
        in client_for(None).get(reverse("brands:home", args=[brand.slug])).content
    )


def test_non_members_cannot_analyse_or_adopt_through_pages():
    setup = make_campaign(comments=[("fan2", "建议出个小包装")])
    campaign_analyse(campaign=setup.campaign)
    idea = Idea.objects.get(campaign=setup.campaign)
    outsider = client_for(UserFactory())
    assert (
        outsider.post(reverse("brands:campaign_analyse", args=[setup.campaign.pk])).status_code
        == 403
    )
    assert outsider.post(reverse("brands:idea_adopt", args=[idea.pk])).status_code == 403
    analyst = UserFactory()
    add_member(setup.brand, analyst)
    assert client_for(analyst).post(reverse("brands:idea_adopt", args=[idea.pk])).status_code == 403
    assert Idea.objects.get(pk=idea.pk).adopted_at is None
    actions.brand_unverify(brand=setup.brand, actor=staff_user())
    hidden = client_for(UserFactory()).get(reverse("brands:campaign", args=[setup.campaign.pk]))
    assert hidden.status_code == 404


def _campaign_with_ideas(n_fans: int):
    texts = ["建议加个头托", "储物篮可以再做大一点", "建议出个奶油白配色", "能不能送个防雨罩"]
    comments = [(f"q{n_fans}x{i}", texts[i % len(texts)]) for i in range(n_fans)]
    setup = make_campaign(comments=comments)
    campaign_analyse(campaign=setup.campaign)
    top = Idea.objects.filter(campaign=setup.campaign).order_by("rank").first()
    assert top is not None
    from grassroots.brands.campaigns import idea_adopt

    idea_adopt(idea=top, actor=setup.owner)
    return setup


def test_campaign_page_queries_do_not_grow_with_ideas_and_credits(django_assert_max_num_queries):
    small = _campaign_with_ideas(2)
    big = _campaign_with_ideas(16)
    assert (
        Idea.objects.filter(campaign=big.campaign).count()
        > Idea.objects.filter(campaign=small.campaign).count()
    )
    client = client_for(big.owner)
    url = reverse("brands:campaign", args=[small.campaign.pk])
    client_for(small.owner).get(url)  # warm caches (sessions, taxonomy)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client_for(small.owner).get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("brands:campaign", args=[big.campaign.pk]))
    assert response.status_code == 200
