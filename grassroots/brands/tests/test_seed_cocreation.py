"""The demo campaign of the seed (grassroots/seed/cocreation.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands.models import Campaign, Idea, IdeaCredit
from grassroots.seed import cocreation
from grassroots.seed.brands import seed_brands
from grassroots.seed.checks import counter_mismatches

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_demo_brand_gets_one_campaign_with_ranked_ideas_and_an_adopted_one(monkeypatch):
    monkeypatch.setattr(cocreation, "CAMPAIGN_COMMENTS", 60)
    monkeypatch.setattr(cocreation, "MIN_PEOPLE", 10)
    demo = UserFactory(username="demo")
    for n in range(30):
        UserFactory(username=f"mum{n}")
    seed_brands(demo.pk, NOW)
    made = cocreation.seed_cocreation(now=NOW, seed=7)
    campaign = Campaign.objects.get()
    assert made["campaign_id"] == campaign.pk and made["ideas"] >= 3
    assert campaign.brand.account is not None
    assert campaign.note.author == campaign.brand.account and campaign.note.comment_count == 60
    ideas = list(Idea.objects.filter(campaign=campaign).order_by("rank"))
    assert ideas[0].adopted_at is not None and IdeaCredit.objects.filter(idea=ideas[0]).exists()
    assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)
    # Idempotent: a second run makes nothing.
    assert cocreation.seed_cocreation(now=NOW, seed=7) == {}
    assert Campaign.objects.count() == 1


def test_no_demo_brand_or_too_few_people_means_no_campaign():
    assert cocreation.seed_cocreation(now=NOW) == {}
    demo = UserFactory(username="demo")
    seed_brands(demo.pk, NOW)
    assert cocreation.seed_cocreation(now=NOW) == {}  # a tiny community
    assert not Campaign.objects.exists()
