"""The evaluation runs end to end on a small seeded corpus (figures go to docs, not here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from grassroots.brands.models import Brand, BrandMember
from grassroots.insights import evaluation
from grassroots.seed.generator import DEMO_USERNAME
from grassroots.seed.themes import THEMES


@pytest.fixture
def manifest(tmp_path: Path, db: None) -> dict:
    path = tmp_path / "manifest.json"
    call_command(
        "seed", manifest=str(path), users=60, notes=900, seed=3, anchor="2026-06-01", verbosity=0
    )
    call_command("insights_rebuild", verbosity=0)
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_seed_creates_the_planted_brands_and_the_demo_membership(manifest: dict) -> None:
    names = {theme.brand for theme in THEMES}
    brands = Brand.objects.filter(name__in=names)
    assert brands.count() == len(names)
    assert all(brand.is_verified for brand in brands)
    assert all(brand.products.exists() for brand in brands)
    assert all(brand.competitors.count() == len(names) - 1 for brand in brands)
    member = BrandMember.objects.get(user__username=DEMO_USERNAME)
    assert member.brand.is_verified and member.role == BrandMember.Role.OWNER


def test_planted_matcher() -> None:
    themes = [
        {
            "key": "neck",
            "brand": "小云朵",
            "product": "小云朵轻便推车",
            "sentences": ["{product}别的都好，就是没有头托，头总往一边倒"],
        }
    ]
    matcher = evaluation.PlantedMatcher(themes)
    assert (
        matcher.key_of("用了半年：小云朵轻便推车别的都好，就是没有头托，头总往一边倒。") == "neck"
    )
    assert matcher.key_of("做工很扎实") is None


def test_recovery_and_table(manifest: dict) -> None:
    result = evaluation.recovery(manifest, until=evaluation.date(2026, 5, 31))
    assert 0.0 <= result["recall_at_10"] <= 1.0
    assert len(result["themes"]) == len(THEMES)
    report = {
        "recovery": result,
        "rising": {
            "rising": [],
            "flat_reports": 0,
            "flat_rising_flags": 0,
            "flat_planted_theme_flags": 0,
            "false_alarms_per_report": 0.0,
        },
        "sentiment": {
            "held_out": 10,
            "ours": {"accuracy": 0.8, "macro_f1": 0.8},
            "snownlp": {"accuracy": 0.9, "macro_f1": 0.9},
        },
        "cocreation": None,
    }
    table = evaluation.markdown(report)
    assert "recall@10" in table and "trained on these reviews" in table
