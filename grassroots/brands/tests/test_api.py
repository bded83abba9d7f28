"""Brand API: every write path by id, for a non-member, an analyst, an owner, staff, and on
an unverified brand; plus the reads' visibility and the co-creation flow end to end."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands import actions
from grassroots.brands.models import Brand, BrandEvent, BrandMember, BrandProduct, Idea
from grassroots.brands.tests.factories import add_member, make_brand, make_campaign, staff_user
from grassroots.engagement.models import Notification
from tests.security.helpers import changed_tables, db_state

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def call(client: Client, method: str, url: str, body: Any = None) -> Any:
    payload = json.dumps(body) if body is not None else ""
    return getattr(client, method)(url, payload, content_type="application/json")


@pytest.fixture
def world():
    """A verified brand with an owner and an analyst, a product, a rival, a campaign + idea."""
    setup = make_campaign(comments=[("fan1", "建议加个头托，宝宝脖子总歪")])
    brand, owner = setup.brand, setup.owner
    analyst = UserFactory(username="analyst")
    analyst_member = add_member(brand, analyst)
    rival = make_brand(name="Rival", slug="rival")
    other_rival = make_brand(name="Other rival", slug="other-rival")
    actions.competitor_add(brand=brand, actor=owner, competitor_slug=rival.slug)
    product = actions.product_create(brand=brand, actor=owner, name="Stroller X")
    from grassroots.brands.campaigns import campaign_analyse

    campaign_analyse(campaign=setup.campaign)
    idea = Idea.objects.get(campaign=setup.campaign)
    return {
        "brand": brand,
        "owner": owner,
        "analyst": analyst,
        "analyst_member": analyst_member,
        "outsider": UserFactory(username="outsider"),
        "newcomer": UserFactory(username="newcomer"),
        "product": product,
        "rival": rival,
        "other_rival": other_rival,
        "campaign": setup.campaign,
        "idea": idea,
    }


def writes(w: dict[str, Any]) -> list[tuple[str, str, Any, str]]:
    """(method, url, body, who may) for every write on an existing brand.

    who: "owner" (owners only), "member" (owners and analysts), "staff"."""
    slug = w["brand"].slug
    base = f"/api/brands/{slug}"
    return [
        ("patch", base, {"description": "new"}, "owner"),
        ("post", f"{base}/members", {"username": "newcomer"}, "owner"),
        ("patch", f"{base}/members/{w['analyst_member'].pk}", {"role": "owner"}, "owner"),
        ("post", f"{base}/products", {"name": "Stroller Y", "aliases": ["y"]}, "owner"),
        ("patch", f"{base}/products/{w['product'].pk}", {"aliases": ["sx"]}, "owner"),
        ("delete", f"{base}/products/{w['product'].pk}", None, "owner"),
        ("post", f"{base}/competitors", {"slug": "other-rival"}, "owner"),
        ("delete", f"{base}/competitors/rival", None, "owner"),
        ("post", f"{base}/campaigns", {"title": "Q2", "body": "What next?"}, "member"),
        ("post", f"/api/campaigns/{w['campaign'].pk}/analyse", None, "member"),
        ("post", f"/api/ideas/{w['idea'].pk}/adopt", None, "owner"),
        ("post", f"{base}/verify", None, "staff"),
    ]


def _attempt(client: Client, method: str, url: str, body: Any) -> tuple[int, list[str]]:
    before = db_state()
    response = call(client, method, url, body)
    return response.status_code, changed_tables(before, db_state())


def test_outsiders_can_write_nothing(world):
    client = client_for(world["outsider"])
    for method, url, body, _who in writes(world):
        status, changed = _attempt(client, method, url, body)
        assert status == 403, (method, url, status)
        assert not changed, (method, url, changed)


def test_anonymous_callers_can_write_nothing(world):
    client = client_for(None)
    for method, url, body, _who in writes(world):
        status, changed = _attempt(client, method, url, body)
        assert status == 401, (method, url, status)
        assert not changed


def test_analysts_can_only_ask_and_analyse(world):
    client = client_for(world["analyst"])
    for method, url, body, who in writes(world):
        status, changed = _attempt(client, method, url, body)
        if who == "member":
            assert status < 300, (method, url, status)
        else:
            assert status == 403, (method, url, status)
            assert not changed, (method, url, changed)


def test_owners_can_make_every_owner_write(world):
    client = client_for(world["owner"])
    for method, url, body, who in writes(world):
        status, _changed = _attempt(client, method, url, body)
        if who == "staff":
            assert status == 403, (method, url, status)
        else:
            assert status < 300, (
                method,
                url,
                status,
            )


def test_staff_verify_through_the_api_and_it_is_logged(world):
    brand = make_brand(verified=False, slug="pending")
    response = call(client_for(staff_user()), "post", f"/api/brands/{brand.slug}/verify")
    assert response.status_code == 200
    assert response.json()["verified"] is True
    assert BrandEvent.objects.filter(brand=brand, kind="verified").count() == 1


def test_an_unverified_brand_is_invisible_to_non_members(world):
    brand = make_brand(verified=False, slug="secret")
    owner = BrandMember.objects.get(brand=brand).user
    product = actions.product_create(brand=brand, actor=owner, name="Hidden thing")
    outsider = client_for(world["outsider"])
    unknown = call(outsider, "get", "/api/brands/never-used")
    assert unknown.status_code == 404
    for url in (
        "/api/brands/secret",
        "/api/brands/secret/products",
        "/api/brands/secret/competitors",
        "/api/brands/secret/campaigns",
    ):
        response = call(outsider, "get", url)
        assert response.status_code == 404, url
        assert response.json() == unknown.json()
    for method, url, body in (
        ("patch", "/api/brands/secret", {"description": "x"}),
        ("post", "/api/brands/secret/members", {"username": "outsider"}),
        ("post", "/api/brands/secret/products", {"name": "P"}),
        ("delete", f"/api/brands/secret/products/{product.pk}", None),
        ("post", "/api/brands/secret/campaigns", {"title": "Q", "body": "B"}),
    ):
        status, changed = _attempt(outsider, method, url, body)
        assert status == 404, (method, url, status)
        assert not changed
    # Its owner sees it, and cannot post a campaign before verification.
    mine = client_for(owner)
    assert call(mine, "get", "/api/brands/secret").json()["verified"] is False
    refused = call(mine, "post", "/api/brands/secret/campaigns", {"title": "Q", "body": "B"})
    assert refused.status_code == 403


def test_ids_of_another_brand_are_not_found(world):
    other = make_brand(slug="elsewhere")
    other_owner = BrandMember.objects.get(brand=other).user
    other_product = actions.product_create(brand=other, actor=other_owner, name="Theirs")
    other_member = BrandMember.objects.get(brand=other)
    client = client_for(world["owner"])
    base = f"/api/brands/{world['brand'].slug}"
    for method, url, body in (
        ("patch", f"{base}/products/{other_product.pk}", {"name": "mine now"}),
        ("delete", f"{base}/products/{other_product.pk}", None),
        ("patch", f"{base}/members/{other_member.pk}", {"role": "analyst"}),
        ("delete", f"{base}/members/{other_member.pk}", None),
    ):
        status, changed = _attempt(client, method, url, body)
        assert status == 404, (method, url, status)
        assert not changed
    assert BrandProduct.objects.get(pk=other_product.pk).name == "Theirs"


def test_apply_makes_an_unverified_brand_with_the_caller_as_owner(world):
    client = client_for(world["outsider"])
    response = call(client, "post", "/api/brands", {"name": "New Co", "slug": "new-co"})
    assert response.status_code == 201
    assert response.json()["verified"] is False and response.json()["role"] == "owner"
    taken = call(client, "post", "/api/brands", {"name": "Again", "slug": "new-co"})
    assert taken.status_code == 409
    bad = call(client, "post", "/api/brands", {"name": "Bad", "slug": "Not A Slug"})
    assert bad.status_code == 422
    assert [m["brand"]["slug"] for m in call(client, "get", "/api/brands").json()] == ["new-co"]


def test_last_owner_cannot_be_removed_or_demoted_through_the_api(world):
    client = client_for(world["owner"])
    own = BrandMember.objects.get(brand=world["brand"], user=world["owner"])
    base = f"/api/brands/{world['brand'].slug}/members/{own.pk}"
    assert call(client, "patch", base, {"role": "analyst"}).status_code == 409
    assert call(client, "delete", base).status_code == 409
    assert BrandMember.objects.get(pk=own.pk).role == "owner"


def test_alias_validation_answers_422(world):
    client = client_for(world["owner"])
    base = f"/api/brands/{world['brand'].slug}/products"
    for aliases in (["", "x"], ["Buggy", "buggy"], ["ＢＵＧＧＹ", "buggy"]):
        response = call(client, "post", base, {"name": "Buggy Z", "aliases": aliases})
        assert response.status_code == 422, aliases
        assert response.json()["field"] == "aliases"
    ok = call(client, "post", base, {"name": "Buggy Z", "aliases": [" ＢＵＧＧＹ  One "]})
    assert ok.status_code == 201
    assert ok.json()["aliases"] == ["buggy one"]


def test_campaign_flow_through_the_api(world):
    owner_client = client_for(world["owner"])
    created = call(
        owner_client,
        "post",
        f"/api/brands/{world['brand'].slug}/campaigns",
        {"title": "怎么卖苹果", "body": "大家帮我们想想办法"},
    )
    assert created.status_code == 201
    campaign_id = created.json()["id"]
    fan = UserFactory(username="fan9")
    fan_client = client_for(fan)
    note_id = created.json()["note_id"]
    for text in ("建议在箱子上印产地故事", "建议箱子上印上果园的故事", "好吃！"):
        assert (
            call(fan_client, "post", f"/api/notes/{note_id}/comments", {"body": text}).status_code
            < 300
        )
    analysed = call(owner_client, "post", f"/api/campaigns/{campaign_id}/analyse")
    assert analysed.json() == {"new_comments": 3, "new_suggestions": 2, "ideas": 1}
    again = call(owner_client, "post", f"/api/campaigns/{campaign_id}/analyse")
    assert again.json() == {"new_comments": 0, "new_suggestions": 0, "ideas": 1}
    public = call(client_for(None), "get", f"/api/campaigns/{campaign_id}").json()
    idea = public["ideas"][0]
    assert idea["supporter_count"] == 1 and idea["suggestion_count"] == 2
    assert call(owner_client, "post", f"/api/ideas/{idea['id']}/adopt").json()["changed"]
    public = call(client_for(None), "get", f"/api/campaigns/{campaign_id}").json()
    assert public["ideas"][0]["adopted"] is True
    assert [u["username"] for u in public["ideas"][0]["credited"]] == ["fan9"]
    assert Notification.objects.filter(recipient=fan, kind="idea_adopted").count() == 1


def test_brand_reads_of_a_verified_brand_are_public(world):
    anonymous = client_for(None)
    slug = world["brand"].slug
    detail = call(anonymous, "get", f"/api/brands/{slug}").json()
    assert detail["role"] is None and [c["slug"] for c in detail["competitors"]] == ["rival"]
    assert [p["name"] for p in call(anonymous, "get", f"/api/brands/{slug}/products").json()] == [
        "Stroller X"
    ]
    assert len(call(anonymous, "get", f"/api/brands/{slug}/campaigns").json()) == 1
    # Members only: the member list.
    assert (
        call(client_for(world["outsider"]), "get", f"/api/brands/{slug}/members").status_code == 403
    )
    names = [
        m["user"]["username"]
        for m in call(client_for(world["analyst"]), "get", f"/api/brands/{slug}/members").json()
    ]
    assert set(names) == {world["owner"].username, "analyst"}
    assert Brand.objects.get(slug=slug).is_verified


def test_apply_ignores_privileged_fields(world):
    client = client_for(world["outsider"])
    body = {
        "name": "Sneaky",
        "slug": "sneaky",
        "verified_at": "2020-01-01T00:00:00Z",
        "verified": True,
        "account": world["owner"].pk,
        "competitors": ["rival"],
    }
    assert call(client, "post", "/api/brands", body).status_code == 201
    brand = Brand.objects.get(slug="sneaky")
    assert brand.verified_at is None and brand.account is None
    assert not brand.competitors.exists()
