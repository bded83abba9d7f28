"""GET /api/insights on analysed notes: the report's shape and numbers, who may read it, scopes,
and clear 4xx answers for bad input."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from grassroots.accounts.actions import token_create
from grassroots.brands.models import BrandProduct
from grassroots.insights.reading import analysis_today
from grassroots.insights.tests.workspace_world import World, build_world

pytestmark = pytest.mark.django_db

URL = "/api/insights"


@pytest.fixture
def world() -> World:
    return build_world()


def get(client: Any, **params: Any) -> Any:
    return client.get(URL, params)


def note_ids_in(data: Any) -> set[int]:
    """Every note id an answer mentions (quotes' note_id and themes' note_ids)."""
    found: set[int] = set()
    if isinstance(data, dict):
        if isinstance(data.get("note_id"), int):
            found.add(data["note_id"])
        for item in data.get("note_ids") or []:
            found.add(item)
        for value in data.values():
            found |= note_ids_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= note_ids_in(value)
    return found


def test_a_member_gets_the_brand_report(world):
    response = get(world.client(world.member), brand="babyco")
    assert response.status_code == 200
    data = response.json()
    today = analysis_today()
    assert data["scope"]["brand"] == "babyco"
    assert data["until"] == today.isoformat()
    assert data["since"] == (today - timedelta(days=89)).isoformat()
    # 32 stroller notes and 8 brake complaints name BabyCo; the rival's 8 do not.
    assert data["notes"] == 40
    assert len(data["series"]) == 90
    assert sum(point["notes"] for point in data["series"]) == 40
    sentiment = data["sentiment"]
    total = sentiment["positive"] + sentiment["neutral"] + sentiment["negative"]
    assert sentiment["net"] == pytest.approx(
        (sentiment["positive"] - sentiment["negative"]) / total, abs=1e-4
    )
    kinds = {theme["kind"] for theme in data["themes"]}
    assert kinds == {"pain_point", "need", "praise"}
    for theme in data["themes"]:
        assert set(theme) >= {"label", "kind", "count", "share", "trend", "quotes", "note_ids"}
        assert 0 < theme["share"] <= 1
        assert theme["quotes"], theme["label"]
        for quote in theme["quotes"]:
            assert isinstance(quote["note_id"], int)
    # Themes are told apart by what they quote (labels are the analysis's own wording).
    neck = next(t for t in data["themes"] if any("脖子" in q["text"] for q in t["quotes"]))
    assert neck["kind"] == "pain_point"
    assert data["rising"] and all(theme["is_rising"] for theme in data["rising"])
    assert any("刹车" in q["text"] for theme in data["rising"] for q in theme["quotes"])
    assert data["aspects"] and all(aspect["count"] > 0 for aspect in data["aspects"])
    assert [row["brand"] for row in data["competitors"]] == ["babyco", "rival"]
    assert data["competitors"][0]["share_of_voice"] > data["competitors"][1]["share_of_voice"]


def test_quotes_and_note_ids_are_public_notes_only(world):
    listed = {note.pk for note in world.public_notes}
    for params in ({"brand": "babyco"}, {}, {"q": "脖子歪"}, {"topic": "遛娃"}):
        data = get(world.client(world.member), **params).json()
        mentioned = note_ids_in(data)
        assert mentioned, params
        assert mentioned <= listed, params
        assert world.hidden_note.pk not in mentioned
        assert world.private_note.pk not in mentioned
        assert "隐藏笔记" not in json.dumps(data, ensure_ascii=False)
        assert "私密笔记" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("params", "notes"),
    [
        ({}, 48),  # no scope: the whole public corpus
        ({"q": "推车"}, 48),
        ({"q": "刹车"}, 8),
        ({"topic": "#遛娃"}, 48),
        ({"category": "parenting-strollers"}, 48),
        ({"category": "parenting"}, 48),  # a top category includes its sub-categories
        ({"brand": "rival"}, 8),
    ],
)
def test_scopes(world, params, notes):
    response = get(world.client(world.member), **params)
    assert response.status_code == 200, response.json()
    assert response.json()["notes"] == notes


def test_product_scope_and_window(world):
    client = world.client(world.member)
    data = get(client, product=world.product.pk).json()
    assert data["scope"]["product"] == world.product.pk
    assert data["notes"] == 40
    until = analysis_today()
    since = until - timedelta(days=13)
    recent = get(client, brand="babyco", since=since.isoformat(), until=until.isoformat()).json()
    assert (recent["since"], recent["until"]) == (since.isoformat(), until.isoformat())
    assert len(recent["series"]) == 14
    assert recent["notes"] < 40
    assert any("刹车" in q["text"] for theme in recent["themes"] for q in theme["quotes"])


@pytest.mark.parametrize("who", ["member", "rival_member", "staff"])
def test_readers_of_public_analysis(world, who):
    """Any verified brand's member (not only the brand's own) and staff read the analysis."""
    response = get(world.client(getattr(world, who)), brand="babyco")
    assert response.status_code == 200
    assert response.json()["notes"] == 40


def test_a_bearer_token_works(world):
    _token, key = token_create(user=world.member, name="bi")
    from django.test import Client

    response = Client().get(URL, {"brand": "babyco"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("outsider", 403), ("unverified_member", 403)],
)
def test_non_readers_are_refused(world, who, status):
    caller = getattr(world, who) if who else None
    for params in ({"brand": "babyco"}, {}, {"brand": "no-such-brand"}):
        response = get(world.client(caller), **params)
        assert response.status_code == status, params
        body = response.json()
        assert body["message"] and "themes" not in body


def _unknown_product_id() -> int:
    return (BrandProduct.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 99


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"brand": "no-such-brand"}, 404, "not_found"),
        ({"brand": "shadyco"}, 404, "not_found"),  # unverified: unknown to non-members
        ({"category": "no-such-category"}, 404, "not_found"),
        ({"topic": "never-used-topic"}, 404, "not_found"),
        ({"product": "unknown"}, 404, "not_found"),
        ({"product": "abc"}, 422, "invalid_product"),
        ({"since": "2026-13-01"}, 422, "invalid_date"),
        ({"until": "yesterday"}, 422, "invalid_date"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, 422, "invalid_window"),
        ({"since": "2020-01-01", "until": "2026-01-01"}, 422, "window_too_long"),
        ({"q": "x" * 201}, 422, "query_too_long"),
        ({"q": "a\x00b"}, 422, "invalid_character"),
        ({"brand": "babyco\x00"}, 422, "invalid_character"),
        ({"product": "9" * 30}, 404, "not_found"),
        ({"product": "-3"}, 422, "invalid_product"),
        ({"since": "20260101"}, 422, "invalid_date"),
        ({"since": "2026-W01-1"}, 422, "invalid_date"),
        ({"until": "0001-01-01"}, 422, "invalid_date"),
        ({"since": "9999-12-31"}, 422, "invalid_date"),
    ],
)
def test_bad_input_gets_a_clear_4xx(world, params, status, code):
    if params.get("product") == "unknown":
        params = {"product": str(_unknown_product_id())}
    response = get(world.client(world.member), **params)
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_a_product_of_another_brand_is_refused(world):
    rival_product = BrandProduct.objects.get(brand=world.rival)
    response = get(world.client(world.member), brand="babyco", product=rival_product.pk)
    assert response.status_code == 422
    assert response.json()["code"] == "product_of_another_brand"


def test_the_longest_window_is_accepted(world):
    until = analysis_today()
    since = until - timedelta(days=730)
    response = get(world.client(world.member), since=since.isoformat(), until=until.isoformat())
    assert response.status_code == 200
    assert response.json()["notes"] == 48


def test_the_endpoint_is_documented(world):
    schema = world.client(world.member).get("/api/openapi.json").json()
    operation = schema["paths"]["/api/insights"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"brand", "product", "category", "topic", "q", "since", "until"}


def test_query_scope_reports_its_matches_and_needs_the_index(world, settings, tmp_path):
    response = get(world.client(world.member), q="寶寶 脖子歪")  # traditional → simplified
    assert response.status_code == 200
    data = response.json()
    assert data["notes"] > 0 and data["query_cap"] == 50_000
    assert data["query_matches"] >= data["notes"]
    assert get(world.client(world.member), brand="babyco").json()["query_matches"] is None
    settings.SEARCH_INDEX_DIR = tmp_path / "no-index"
    missing = get(world.client(world.member), q="推车")
    assert missing.status_code == 503
    assert "search index not built: run grassroots reindex" in missing.json()["message"]
