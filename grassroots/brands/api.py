"""JSON API of the brands app (mounted in config/api.py): brands, members, products,
competitors, verification, and co-creation campaigns with their ideas.

Writes need a token or a session with the CSRF token. Public reads (a verified brand, a
public campaign and its ideas) accept anonymous callers; an unverified brand answers 404 to
anyone but its members and staff.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from grassroots.accounts.auth import TokenAuth
from grassroots.accounts.models import User
from grassroots.accounts.schemas import UserBrief
from grassroots.brands import actions, campaigns, queries
from grassroots.brands.models import Brand, BrandMember, BrandProduct, Campaign, Idea
from grassroots.core.errors import Forbidden

router = Router(tags=["brands"])


def _anonymous(request: HttpRequest) -> bool:
    return True


PUBLIC_READ = [TokenAuth(), SessionAuth(csrf=True), _anonymous]


def _member(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:
        raise Forbidden()
    return user


def _brand(request: HttpRequest, brand_slug: str) -> Brand:
    return queries.brand_for_viewer(slug=brand_slug, viewer=request.user)


# --- schemas ----------------------------------------------------------------------------------


class BrandBrief(Schema):
    slug: str
    name: str
    verified: bool

    @staticmethod
    def resolve_verified(obj: Brand) -> bool:
        return obj.is_verified


class BrandOut(Schema):
    slug: str
    name: str
    aliases: list[str]
    description: str
    account: UserBrief | None
    verified: bool
    verified_at: datetime | None
    role: str | None
    competitors: list[BrandBrief]


class BrandApplyIn(Schema):
    name: str
    slug: str
    description: str = ""
    aliases: list[str] = []


class BrandPatchIn(Schema):
    name: str | None = None
    description: str | None = None
    aliases: list[str] | None = None


class MembershipOut(Schema):
    brand: BrandBrief
    role: str


class MemberOut(Schema):
    id: int
    user: UserBrief
    role: str
    created_at: datetime


class MemberIn(Schema):
    username: str
    role: str = BrandMember.Role.ANALYST


class RoleIn(Schema):
    role: str


class ProductOut(Schema):
    id: int
    name: str
    aliases: list[str]
    category: str | None

    @staticmethod
    def resolve_category(obj: BrandProduct) -> str | None:
        return obj.category.slug if obj.category_id and obj.category else None


class ProductIn(Schema):
    name: str
    aliases: list[str] = []
    category: str | None = None


class ProductPatchIn(Schema):
    name: str | None = None
    aliases: list[str] | None = None
    category: str | None = None


class CompetitorIn(Schema):
    slug: str


class ChangedOut(Schema):
    changed: bool


class CampaignIn(Schema):
    title: str
    body: str
    as_brand: bool = True


class IdeaExampleOut(Schema):
    text: str
    comment_id: int
    author: UserBrief
    likes: int


class IdeaOut(Schema):
    id: int
    rank: int
    label: str
    support: float
    supporter_count: int
    like_count: int
    suggestion_count: int
    adopted: bool
    adopted_at: datetime | None
    credited: list[UserBrief]
    examples: list[IdeaExampleOut]


class CampaignOut(Schema):
    id: int
    brand: BrandBrief
    note_id: int
    title: str
    body: str
    author: UserBrief
    comment_count: int
    created_at: datetime
    analysed_at: datetime | None
    ideas: list[IdeaOut] | None = None


class AnalysisOut(Schema):
    new_comments: int
    new_suggestions: int
    ideas: int


def _brand_out(brand: Brand, viewer: Any) -> dict[str, Any]:
    return {
        "slug": brand.slug,
        "name": brand.name,
        "aliases": brand.aliases,
        "description": brand.description,
        "account": brand.account,
        "verified": brand.is_verified,
        "verified_at": brand.verified_at,
        "role": queries.role_in(brand, viewer),
        "competitors": queries.competitors_of(brand),
    }


def _idea_out(idea: Idea) -> dict[str, Any]:
    return {
        "id": idea.pk,
        "rank": idea.rank,
        "label": idea.label,
        "support": idea.support,
        "supporter_count": idea.supporter_count,
        "like_count": idea.like_count,
        "suggestion_count": idea.suggestion_count,
        "adopted": idea.adopted_at is not None,
        "adopted_at": idea.adopted_at,
        "credited": [credit.user for credit in idea.credits.all()],
        "examples": [
            {
                "text": example.text,
                "comment_id": example.comment_id,
                "author": example.comment.author,
                "likes": example.comment.like_count,
            }
            for example in getattr(idea, "examples", [])
        ],
    }


def _campaign_out(campaign: Campaign, *, with_ideas: bool) -> dict[str, Any]:
    note = campaign.note
    return {
        "id": campaign.pk,
        "brand": campaign.brand,
        "note_id": note.pk,
        "title": note.title,
        "body": note.body,
        "author": note.author,
        "comment_count": note.comment_count,
        "created_at": campaign.created_at,
        "analysed_at": campaign.analysed_at,
        "ideas": [_idea_out(idea) for idea in queries.ideas_of(campaign)] if with_ideas else None,
    }


# --- brands -----------------------------------------------------------------------------------


@router.get("/brands", response=list[MembershipOut], summary="My brands")
def my_brands(request: HttpRequest) -> Any:
    return [{"brand": m.brand, "role": m.role} for m in queries.brands_of(_member(request))]


@router.post("/brands", response={201: BrandOut}, summary="Apply for a brand")
def apply_brand(request: HttpRequest, payload: BrandApplyIn) -> Any:
    user = _member(request)
    brand = actions.brand_apply(
        user=user,
        name=payload.name,
        slug=payload.slug,
        description=payload.description,
        aliases=payload.aliases,
    )
    return Status(201, _brand_out(brand, user))


@router.get("/brands/{brand_slug}", response=BrandOut, auth=PUBLIC_READ, summary="A brand")
def brand_detail(request: HttpRequest, brand_slug: str) -> Any:
    return _brand_out(_brand(request, brand_slug), request.user)


@router.patch("/brands/{brand_slug}", response=BrandOut, summary="Change a brand (owners)")
def brand_patch(request: HttpRequest, brand_slug: str, payload: BrandPatchIn) -> Any:
    user = _member(request)
    brand = actions.brand_update(
        brand=_brand(request, brand_slug),
        actor=user,
        name=payload.name,
        description=payload.description,
        aliases=payload.aliases,
    )
    return _brand_out(brand, user)


@router.post("/brands/{brand_slug}/verify", response=BrandOut, summary="Verify a brand (staff)")
def brand_verify(request: HttpRequest, brand_slug: str) -> Any:
    user = _member(request)
    if not user.is_staff:
        raise Forbidden("Only staff can do this.")
    brand = _brand(request, brand_slug)
    actions.brand_verify(brand=brand, actor=user)
    return _brand_out(brand, user)


# --- members ----------------------------------------------------------------------------------


@router.get("/brands/{brand_slug}/members", response=list[MemberOut], summary="Members")
def member_list(request: HttpRequest, brand_slug: str) -> Any:
    brand = _brand(request, brand_slug)
    actions.require_role(brand, _member(request))
    return queries.members_of(brand)


@router.post(
    "/brands/{brand_slug}/members", response={201: MemberOut}, summary="Add a member (owners)"
)
def member_add(request: HttpRequest, brand_slug: str, payload: MemberIn) -> Any:
    member = actions.member_add(
        brand=_brand(request, brand_slug),
        actor=_member(request),
        username=payload.username,
        role=payload.role,
    )
    return Status(201, member)


@router.patch(
    "/brands/{brand_slug}/members/{member_id}",
    response=MemberOut,
    summary="Change a member's role (owners)",
)
def member_role(request: HttpRequest, brand_slug: str, member_id: int, payload: RoleIn) -> Any:
    return actions.member_set_role(
        brand=_brand(request, brand_slug),
        actor=_member(request),
        member_id=member_id,
        role=payload.role,
    )


@router.delete(
    "/brands/{brand_slug}/members/{member_id}",
    response=ChangedOut,
    summary="Remove a member (owners) or leave",
)
def member_remove(request: HttpRequest, brand_slug: str, member_id: int) -> Any:
    changed = actions.member_remove(
        brand=_brand(request, brand_slug), actor=_member(request), member_id=member_id
    )
    return {"changed": changed}


# --- products ---------------------------------------------------------------------------------


@router.get(
    "/brands/{brand_slug}/products",
    response=list[ProductOut],
    auth=PUBLIC_READ,
    summary="Product catalogue",
)
def product_list(request: HttpRequest, brand_slug: str) -> Any:
    return queries.products_of(_brand(request, brand_slug))


@router.post(
    "/brands/{brand_slug}/products", response={201: ProductOut}, summary="Add a product (owners)"
)
def product_create(request: HttpRequest, brand_slug: str, payload: ProductIn) -> Any:
    product = actions.product_create(
        brand=_brand(request, brand_slug),
        actor=_member(request),
        name=payload.name,
        aliases=payload.aliases,
        category=payload.category,
    )
    return Status(201, product)


@router.patch(
    "/brands/{brand_slug}/products/{product_id}",
    response=ProductOut,
    summary="Change a product (owners)",
)
def product_patch(
    request: HttpRequest, brand_slug: str, product_id: int, payload: ProductPatchIn
) -> Any:
    return actions.product_update(
        brand=_brand(request, brand_slug),
        actor=_member(request),
        product_id=product_id,
        name=payload.name,
        aliases=payload.aliases,
        category=payload.category,
    )


@router.delete(
    "/brands/{brand_slug}/products/{product_id}",
    response=ChangedOut,
    summary="Remove a product (owners)",
)
def product_delete(request: HttpRequest, brand_slug: str, product_id: int) -> Any:
    changed = actions.product_delete(
        brand=_brand(request, brand_slug), actor=_member(request), product_id=product_id
    )
    return {"changed": changed}


# --- competitors ------------------------------------------------------------------------------


@router.get(
    "/brands/{brand_slug}/competitors",
    response=list[BrandBrief],
    auth=PUBLIC_READ,
    summary="Competitor brands",
)
def competitor_list(request: HttpRequest, brand_slug: str) -> Any:
    return queries.competitors_of(_brand(request, brand_slug))


@router.post(
    "/brands/{brand_slug}/competitors",
    response=ChangedOut,
    summary="Add a competitor (owners; a verified brand)",
)
def competitor_add(request: HttpRequest, brand_slug: str, payload: CompetitorIn) -> Any:
    changed = actions.competitor_add(
        brand=_brand(request, brand_slug), actor=_member(request), competitor_slug=payload.slug
    )
    return {"changed": changed}


@router.delete(
    "/brands/{brand_slug}/competitors/{competitor_slug}",
    response=ChangedOut,
    summary="Remove a competitor (owners)",
)
def competitor_remove(request: HttpRequest, brand_slug: str, competitor_slug: str) -> Any:
    changed = actions.competitor_remove(
        brand=_brand(request, brand_slug),
        actor=_member(request),
        competitor_slug=competitor_slug,
    )
    return {"changed": changed}


# --- co-creation ------------------------------------------------------------------------------


@router.get(
    "/brands/{brand_slug}/campaigns",
    response=list[CampaignOut],
    auth=PUBLIC_READ,
    summary="A brand's co-creation questions",
)
def campaign_list(request: HttpRequest, brand_slug: str) -> Any:
    brand = _brand(request, brand_slug)
    return [
        _campaign_out(c, with_ideas=False)
        for c in queries.campaigns_of(brand=brand, viewer=request.user)
    ]


@router.post(
    "/brands/{brand_slug}/campaigns",
    response={201: CampaignOut},
    summary="Ask the community a question (members of a verified brand)",
)
def campaign_create(request: HttpRequest, brand_slug: str, payload: CampaignIn) -> Any:
    campaign = campaigns.campaign_create(
        brand=_brand(request, brand_slug),
        actor=_member(request),
        title=payload.title,
        body=payload.body,
        as_brand=payload.as_brand,
    )
    campaign = queries.campaign_for_viewer(campaign_id=campaign.pk, viewer=request.user)
    return Status(201, _campaign_out(campaign, with_ideas=True))


@router.get(
    "/campaigns/{campaign_id}",
    response=CampaignOut,
    auth=PUBLIC_READ,
    summary="A campaign with its ranked ideas",
)
def campaign_detail(request: HttpRequest, campaign_id: int) -> Any:
    campaign = queries.campaign_for_viewer(campaign_id=campaign_id, viewer=request.user)
    return _campaign_out(campaign, with_ideas=True)


@router.post(
    "/campaigns/{campaign_id}/analyse",
    response=AnalysisOut,
    summary="Extract and cluster new suggestions (members)",
)
def campaign_analyse(request: HttpRequest, campaign_id: int) -> Any:
    campaign = queries.campaign_for_viewer(campaign_id=campaign_id, viewer=request.user)
    result = campaigns.campaign_analyse(campaign=campaign, actor=_member(request))
    return {
        "new_comments": result.new_comments,
        "new_suggestions": result.new_suggestions,
        "ideas": result.ideas,
    }


@router.post("/ideas/{idea_id}/adopt", response=ChangedOut, summary="Adopt an idea (owners)")
def idea_adopt(request: HttpRequest, idea_id: int) -> Any:
    idea = queries.idea_for_viewer(idea_id=idea_id, viewer=request.user)
    return {"changed": campaigns.idea_adopt(idea=idea, actor=_member(request))}
