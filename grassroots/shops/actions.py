"""Writes for shops: open and edit a shop and its staff, plus the field cleaning and the
membership check the other shop write modules share.

The catalogue (products, variants, stock, pictures) is written by shops.catalogue, product
cards in notes and verified purchases by shops.cards. Every write that changes a shop takes
the actor and checks membership itself (`require_member`), so pages, the API and commands
cannot forget it. Bad input raises ValidationFailed/Conflict and changes nothing.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.core.images import delete_stored_files
from grassroots.shops.images import store_shop_avatar
from grassroots.shops.models import Product, Shop, ShopMember
from grassroots.shops.money import check_currency

SHOP_NAME_MAX = 40
SHOP_DESCRIPTION_MAX = 1000
SHOP_POLICIES_MAX = 2000
SHOPS_PER_OWNER_MAX = 5

_SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- cleaning -------------------------------------------------------------------------------


def clean_line(value: object, *, field: str, max_chars: int, required: bool = False) -> str:
    """One line of text: control characters dropped, whitespace collapsed, length checked."""
    text = " ".join(_CONTROL.sub("", str(value or "")).split())
    if required and not text:
        raise ValidationFailed("required", _("This field is required."), field=field)
    if len(text) > max_chars:
        raise ValidationFailed(
            "too_long",
            _("At most %(max)d characters.") % {"max": max_chars},
            field=field,
        )
    return text


def clean_text(value: object, *, field: str, max_chars: int) -> str:
    """Multi-line text: control characters dropped, trimmed, length checked."""
    text = _CONTROL.sub("", str(value or "")).replace("\r\n", "\n").strip()
    if len(text) > max_chars:
        raise ValidationFailed(
            "too_long", _("At most %(max)d characters.") % {"max": max_chars}, field=field
        )
    return text


def clean_slug(value: object) -> str:
    slug = str(value or "").strip().lower()
    if not _SLUG_RE.match(slug) or "--" in slug:
        raise ValidationFailed(
            "bad_slug",
            _("Use 3-40 lower-case letters, digits and single hyphens."),
            field="slug",
        )
    return slug


# --- membership ------------------------------------------------------------------------------


def require_member(shop_id: int, actor: User) -> None:
    """Forbidden unless the actor is a member (owner or staff) of the shop."""
    if not (
        actor.is_authenticated
        and ShopMember.objects.filter(shop_id=shop_id, user_id=actor.pk).exists()
    ):
        raise Forbidden(_("Only this shop's members can change it."), code="not_shop_member")


def _require_owner(shop_id: int, actor: User) -> None:
    if not ShopMember.objects.filter(
        shop_id=shop_id, user_id=actor.pk, role=ShopMember.Role.OWNER
    ).exists():
        raise Forbidden(_("Only the shop's owner can do this."), code="not_shop_owner")


# --- shops -----------------------------------------------------------------------------------


def _free_slug(name: str) -> str:
    base = slugify(name)[:30].strip("-")
    if len(base) < 3:
        base = "shop"
    candidate = base
    while Shop.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(2)}"
    return candidate


@transaction.atomic
def shop_create(
    *,
    owner: User,
    name: str,
    slug: str | None = None,
    description: str = "",
    policies: str = "",
    currency: str = "CNY",
) -> Shop:
    """Open a shop; the owner becomes its first member. Any user may open up to 5 shops."""
    clean_name = clean_line(name, field="name", max_chars=SHOP_NAME_MAX, required=True)
    clean_description = clean_text(description, field="description", max_chars=SHOP_DESCRIPTION_MAX)
    clean_policies = clean_text(policies, field="policies", max_chars=SHOP_POLICIES_MAX)
    try:
        clean_currency = check_currency(currency)
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.code, _("Choose a supported currency."), field="currency"
        ) from exc
    clean = clean_slug(slug) if slug else _free_slug(clean_name)
    if Shop.objects.filter(owner=owner).count() >= SHOPS_PER_OWNER_MAX:
        raise Conflict(
            "too_many_shops",
            _("You can open at most %(max)d shops.") % {"max": SHOPS_PER_OWNER_MAX},
        )
    if Shop.objects.filter(slug=clean).exists():
        raise Conflict("slug_taken", _("This shop address is taken."), field="slug")
    try:
        with transaction.atomic():
            shop = Shop.objects.create(
                slug=clean,
                name=clean_name,
                description=clean_description,
                policies=clean_policies,
                currency=clean_currency,
                owner=owner,
            )
    except IntegrityError:
        raise Conflict("slug_taken", _("This shop address is taken."), field="slug") from None
    ShopMember.objects.create(shop=shop, user=owner, role=ShopMember.Role.OWNER)
    return shop


@transaction.atomic
def shop_update(
    *,
    shop: Shop,
    actor: User,
    name: str | None = None,
    description: str | None = None,
    policies: str | None = None,
    currency: str | None = None,
    is_active: bool | None = None,
) -> Shop:
    """Edit a shop (members); closing/reopening it (`is_active`) is for the owner only.

    The currency can change only while the shop has no products (prices are in it).
    """
    require_member(shop.pk, actor)
    current = Shop.objects.select_for_update().get(pk=shop.pk)
    if name is not None:
        current.name = clean_line(name, field="name", max_chars=SHOP_NAME_MAX, required=True)
    if description is not None:
        current.description = clean_text(
            description, field="description", max_chars=SHOP_DESCRIPTION_MAX
        )
    if policies is not None:
        current.policies = clean_text(policies, field="policies", max_chars=SHOP_POLICIES_MAX)
    if currency is not None:
        try:
            code = check_currency(currency)
        except ValidationFailed as exc:
            raise ValidationFailed(
                exc.code, _("Choose a supported currency."), field="currency"
            ) from exc
        if code != current.currency:
            if Product.objects.filter(shop=current).exists():
                raise Conflict(
                    "currency_locked",
                    _("The currency cannot change once the shop has products."),
                    field="currency",
                )
            current.currency = code
    if is_active is not None and bool(is_active) != current.is_active:
        _require_owner(shop.pk, actor)
        current.is_active = bool(is_active)
    current.save()
    return current


def shop_avatar_set(*, shop: Shop, actor: User, upload: Any) -> Shop:
    """Replace the shop's picture (members); the old file goes after the commit."""
    require_member(shop.pk, actor)
    path = store_shop_avatar(upload, shop_id=shop.pk)
    try:
        with transaction.atomic():
            current = Shop.objects.select_for_update().get(pk=shop.pk)
            old = current.avatar
            current.avatar = path
            current.save(update_fields=["avatar", "updated_at"])
            if old:
                transaction.on_commit(lambda: delete_stored_files([old]))
    except BaseException:
        delete_stored_files([path])
        raise
    return current


@transaction.atomic
def shop_member_add(*, shop: Shop, actor: User, username: str) -> ShopMember:
    """Add a staff member by username (owner only); adding someone twice is refused."""
    _require_owner(shop.pk, actor)
    user = User.objects.filter(username__iexact=str(username or "").strip().lstrip("@")).first()
    if user is None or not user.is_active:
        raise ValidationFailed("unknown_user", _("No member has this username."), field="username")
    member, created = ShopMember.objects.get_or_create(
        shop=shop, user=user, defaults={"role": ShopMember.Role.STAFF}
    )
    if not created:
        raise Conflict("already_member", _("This person is already in the shop."), field="username")
    return member


@transaction.atomic
def shop_member_remove(*, shop: Shop, actor: User, user_id: int) -> None:
    """Remove a staff member (owner only); the owner cannot be removed."""
    _require_owner(shop.pk, actor)
    member = ShopMember.objects.filter(shop=shop, user_id=user_id).first()
    if member is None:
        raise NotFound(_("This person is not in the shop."), code="unknown_member")
    if member.role == ShopMember.Role.OWNER:
        raise Conflict("owner_stays", _("The owner cannot be removed."))
    member.delete()
