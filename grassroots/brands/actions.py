"""Writes for brands: applying and verification, members, products, competitors.

Every write is atomic, checks the actor's role itself (callers pass the user, not a
pre-checked permission) and records a BrandEvent, so a brand's history can be audited.
Member changes lock the brand row first: two owners removing each other at once cannot leave
the brand without an owner. Co-creation writes live in brands/campaigns.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.brands.models import Brand, BrandEvent, BrandMember, BrandProduct
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.notes.models import Category
from grassroots.text import normalize

NAME_MAX_CHARS = 60
DESCRIPTION_MAX_CHARS = 1000
ALIAS_MAX_CHARS = 40
ALIASES_MAX = 20
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
# Words the brand URLs use next to /brands/<slug>.
RESERVED_SLUGS = frozenset({"apply", "review", "new", "mine", "api", "admin"})
OWNER = BrandMember.Role.OWNER
ANALYST = BrandMember.Role.ANALYST


# --- helpers ----------------------------------------------------------------------------------


def log_event(*, brand: Brand, actor: User | None, kind: str, **detail: Any) -> BrandEvent:
    """Record one change of a brand (in the caller's transaction)."""
    return BrandEvent.objects.create(
        brand=brand,
        actor=actor if actor is not None and actor.pk else None,
        kind=kind,
        detail=detail,
    )


def _membership(brand: Brand, user: Any) -> BrandMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return BrandMember.objects.filter(brand=brand, user_id=user.pk).first()


def require_role(brand: Brand, user: Any, *roles: str) -> BrandMember:
    """The user's membership if it has one of `roles` (any role when none are given).

    Non-members of an unverified brand get NotFound (it does not exist for them)."""
    membership = _membership(brand, user)
    if membership is None:
        if not brand.is_verified and not getattr(user, "is_staff", False):
            raise NotFound(_("No such brand."))
        raise Forbidden(_("Only the brand's members can do that."))
    if roles and membership.role not in roles:
        raise Forbidden(_("Only the brand's owners can do that."))
    return membership


def _lock_brand(brand: Brand) -> Brand:
    locked = Brand.objects.select_for_update().filter(pk=brand.pk).first()
    if locked is None:
        raise NotFound(_("No such brand."))
    return locked


def clean_name(value: str, *, field: str = "name") -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationFailed("name_required", _("Enter a name."), field=field)
    if len(name) > NAME_MAX_CHARS:
        raise ValidationFailed(
            "name_too_long",
            _("Names are at most %(n)d characters.") % {"n": NAME_MAX_CHARS},
            field=field,
        )
    return name


def clean_description(value: str) -> str:
    text = (value or "").strip()
    if len(text) > DESCRIPTION_MAX_CHARS:
        raise ValidationFailed(
            "description_too_long",
            _("The description is at most %(n)d characters.") % {"n": DESCRIPTION_MAX_CHARS},
            field="description",
        )
    return text


def clean_slug(value: str) -> str:
    slug = (value or "").strip().lower()
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise ValidationFailed(
            "bad_slug",
            _("Use 1–40 lower-case letters, digits and hyphens for the address."),
            field="slug",
        )
    return slug


def clean_aliases(values: Iterable[str], *, name: str = "") -> list[str]:
    """Aliases normalised (grassroots.text.normalize, spaces collapsed): none empty, none twice,
    none equal to the name."""
    if isinstance(values, str):
        values = [values]
    cleaned: list[str] = []
    seen = {normalize(name).strip()} if name else set()
    for raw in values:
        alias = " ".join(normalize(str(raw)).split())
        if not alias:
            raise ValidationFailed("alias_empty", _("An alias cannot be empty."), field="aliases")
        if len(alias) > ALIAS_MAX_CHARS:
            raise ValidationFailed(
                "alias_too_long",
                _("Aliases are at most %(n)d characters.") % {"n": ALIAS_MAX_CHARS},
                field="aliases",
            )
        if alias in seen:
            raise ValidationFailed(
                "alias_duplicate",
                _("“%(alias)s” is listed twice (or is the name itself).") % {"alias": alias},
                field="aliases",
            )
        seen.add(alias)
        cleaned.append(alias)
    if len(cleaned) > ALIASES_MAX:
        raise ValidationFailed(
            "too_many_aliases",
            _("At most %(n)d aliases.") % {"n": ALIASES_MAX},
            field="aliases",
        )
    return cleaned


def split_aliases(text: str) -> list[str]:
    """Aliases typed in one box: separated by commas (either width) or new lines."""
    return [piece.strip() for piece in re.split(r"[,，、\n]", text or "") if piece.strip()]


# --- brands -----------------------------------------------------------------------------------


@transaction.atomic
def brand_apply(
    *,
    user: User,
    name: str,
    slug: str,
    description: str = "",
    aliases: Iterable[str] = (),
) -> Brand:
    """Any signed-in user applies for a brand: it is created unverified, the user its owner."""
    if not user.is_authenticated:
        raise Forbidden(_("Log in to apply for a brand."))
    clean = clean_name(name)
    brand = Brand(
        slug=clean_slug(slug),
        name=clean,
        description=clean_description(description),
        aliases=clean_aliases(aliases, name=clean),
    )
    try:
        with transaction.atomic():
            brand.save()
    except IntegrityError as exc:
        raise Conflict(
            "slug_taken", _("Another brand already uses this address."), field="slug"
        ) from exc
    BrandMember.objects.create(brand=brand, user=user, role=OWNER)
    log_event(brand=brand, actor=user, kind="applied", name=brand.name)
    return brand


@transaction.atomic
def brand_update(
    *,
    brand: Brand,
    actor: User,
    name: str | None = None,
    description: str | None = None,
    aliases: Iterable[str] | None = None,
) -> Brand:
    """Owners change the brand's name, description and aliases (None keeps a value)."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    changed: list[str] = []
    if name is not None:
        current.name = clean_name(name)
        changed.append("name")
    if description is not None:
        current.description = clean_description(description)
        changed.append("description")
    if aliases is not None or name is not None:
        current.aliases = clean_aliases(
            current.aliases if aliases is None else aliases, name=current.name
        )
        changed.append("aliases")
    if changed:
        current.save(update_fields=changed)
        log_event(brand=current, actor=actor, kind="updated", fields=changed)
    return current


def _require_staff(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_staff):
        raise Forbidden(_("Only staff can do this."))


@transaction.atomic
def brand_verify(*, brand: Brand, actor: User) -> bool:
    """Staff verify a brand (it becomes public). True when this call verified it."""
    _require_staff(actor)
    current = _lock_brand(brand)
    if current.verified_at is not None:
        return False
    current.verified_at = timezone.now()
    current.verified_by = actor
    current.save(update_fields=["verified_at", "verified_by"])
    brand.verified_at, brand.verified_by = current.verified_at, actor
    log_event(brand=current, actor=actor, kind="verified")
    return True


@transaction.atomic
def brand_unverify(*, brand: Brand, actor: User, reason: str = "") -> bool:
    """Staff withdraw a verification. True when this call withdrew it."""
    _require_staff(actor)
    current = _lock_brand(brand)
    if current.verified_at is None:
        return False
    Brand.objects.filter(pk=current.pk).update(verified_at=None, verified_by=None)
    brand.verified_at = brand.verified_by = None
    log_event(brand=current, actor=actor, kind="unverified", reason=reason[:200])
    return True


# --- members ----------------------------------------------------------------------------------


def _user_by_username(username: str) -> User:
    name = (username or "").strip().lstrip("@").lower()
    user = (
        User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower=name, is_active=True)
        .first()
        if name
        else None
    )
    if user is None:
        raise ValidationFailed(
            "unknown_user", _("There is no member with that username."), field="username"
        )
    return user


def _clean_role(role: str) -> str:
    if role not in BrandMember.Role.values:
        raise ValidationFailed("bad_role", _("Choose owner or analyst."), field="role")
    return role


@transaction.atomic
def member_add(*, brand: Brand, actor: User, username: str, role: str = ANALYST) -> BrandMember:
    """Owners add a member by username."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    user = _user_by_username(username)
    the_role = _clean_role(role)
    try:
        with transaction.atomic():
            member = BrandMember.objects.create(brand=current, user=user, role=the_role)
    except IntegrityError as exc:
        raise Conflict(
            "already_member",
            _("%(name)s is already a member.") % {"name": user.username},
            field="username",
        ) from exc
    log_event(brand=current, actor=actor, kind="member_added", user=user.username, role=the_role)
    return member


def _member_of(brand: Brand, member_id: int) -> BrandMember:
    member = (
        BrandMember.objects.select_for_update()
        .select_related("user")
        .filter(pk=member_id, brand=brand)
        .first()
    )
    if member is None:
        raise NotFound(_("No such member."))
    return member


def _other_owners(brand: Brand, member: BrandMember) -> bool:
    return BrandMember.objects.filter(brand=brand, role=OWNER).exclude(pk=member.pk).exists()


@transaction.atomic
def member_set_role(*, brand: Brand, actor: User, member_id: int, role: str) -> BrandMember:
    """Owners change a member's role; the last owner stays an owner."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    member = _member_of(current, member_id)
    the_role = _clean_role(role)
    if member.role == the_role:
        return member
    if member.role == OWNER and not _other_owners(current, member):
        raise Conflict("last_owner", _("A brand needs at least one owner."), field="role")
    member.role = the_role
    member.save(update_fields=["role"])
    log_event(
        brand=current, actor=actor, kind="role_changed", user=member.user.username, role=the_role
    )
    return member


@transaction.atomic
def member_remove(*, brand: Brand, actor: User, member_id: int) -> bool:
    """Owners remove a member; anyone may leave. The last owner cannot go."""
    current = _lock_brand(brand)
    own = _membership(current, actor)
    member = _member_of(current, member_id)
    if own is None or (own.role != OWNER and own.pk != member.pk):
        require_role(current, actor, OWNER)
    if member.role == OWNER and not _other_owners(current, member):
        raise Conflict("last_owner", _("The last owner cannot be removed."))
    username = member.user.username
    member.delete()
    log_event(brand=current, actor=actor, kind="member_removed", user=username)
    return True


# --- products ---------------------------------------------------------------------------------


def _clean_category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ValidationFailed("bad_category", _("Unknown category."), field="category")
    return category


def _check_unambiguous(brand: Brand, name: str, aliases: list[str], *, skip: int | None) -> None:
    """A product's name and aliases may not be another product's of the same brand."""
    mine = {normalize(name), *aliases}
    others = BrandProduct.objects.filter(brand=brand)
    if skip is not None:
        others = others.exclude(pk=skip)
    for other in others:
        theirs = {normalize(other.name), *other.aliases}
        clash = mine & theirs
        if clash:
            raise Conflict(
                "product_clash",
                _("“%(term)s” already names the product %(product)s.")
                % {"term": sorted(clash)[0], "product": other.name},
                field="aliases" if normalize(name) not in clash else "name",
            )


@transaction.atomic
def product_create(
    *,
    brand: Brand,
    actor: User,
    name: str,
    aliases: Iterable[str] = (),
    category: str | None = None,
) -> BrandProduct:
    """Owners add a product to the catalogue."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    clean = clean_name(name)
    clean_list = clean_aliases(aliases, name=clean)
    _check_unambiguous(current, clean, clean_list, skip=None)
    product = BrandProduct.objects.create(
        brand=current, name=clean, aliases=clean_list, category=_clean_category(category)
    )
    log_event(brand=current, actor=actor, kind="product_added", product=product.name)
    return product


def _product_of(brand: Brand, product_id: int) -> BrandProduct:
    product = BrandProduct.objects.filter(pk=product_id, brand=brand).first()
    if product is None:
        raise NotFound(_("No such product."))
    return product


@transaction.atomic
def product_update(
    *,
    brand: Brand,
    actor: User,
    product_id: int,
    name: str | None = None,
    aliases: Iterable[str] | None = None,
    category: str | None = None,
) -> BrandProduct:
    """Owners rename a product or change its aliases or category (None keeps; "" clears)."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    product = _product_of(current, product_id)
    new_name = product.name if name is None else clean_name(name)
    new_aliases = clean_aliases(product.aliases if aliases is None else aliases, name=new_name)
    _check_unambiguous(current, new_name, new_aliases, skip=product.pk)
    product.name, product.aliases = new_name, new_aliases
    if category is not None:
        product.category = _clean_category(category)
    product.save(update_fields=["name", "aliases", "category"])
    log_event(brand=current, actor=actor, kind="product_changed", product=product.name)
    return product


@transaction.atomic
def product_delete(*, brand: Brand, actor: User, product_id: int) -> bool:
    """Owners remove a product from the catalogue."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    product = _product_of(current, product_id)
    name = product.name
    product.delete()
    log_event(brand=current, actor=actor, kind="product_removed", product=name)
    return True


# --- competitors ------------------------------------------------------------------------------


@transaction.atomic
def competitor_add(*, brand: Brand, actor: User, competitor_slug: str) -> bool:
    """Owners add a verified brand to compare with. True when it was added."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    other = Brand.objects.filter(
        slug=(competitor_slug or "").strip().lower(), verified_at__isnull=False
    ).first()
    if other is None:
        raise ValidationFailed(
            "unknown_competitor", _("Choose a verified brand."), field="competitor"
        )
    if other.pk == current.pk:
        raise ValidationFailed(
            "self_competitor", _("A brand cannot compete with itself."), field="competitor"
        )
    if current.competitors.filter(pk=other.pk).exists():
        return False
    current.competitors.add(other)
    log_event(brand=current, actor=actor, kind="competitor_added", competitor=other.slug)
    return True


@transaction.atomic
def competitor_remove(*, brand: Brand, actor: User, competitor_slug: str) -> bool:
    """Owners stop comparing with a brand. True when it was removed."""
    require_role(brand, actor, OWNER)
    current = _lock_brand(brand)
    other = current.competitors.filter(slug=competitor_slug).first()
    if other is None:
        return False
    current.competitors.remove(other)
    log_event(brand=current, actor=actor, kind="competitor_removed", competitor=other.slug)
    return True


@transaction.atomic
def brand_set_account(*, brand: Brand, actor: User, account: User | None) -> bool:
    """Staff link the user account that speaks for the brand (its @handle), or unlink it."""
    _require_staff(actor)
    current = _lock_brand(brand)
    new_id = account.pk if account is not None else None
    if current.account_id == new_id:
        return False
    if (
        new_id is not None
        and Brand.objects.filter(account_id=new_id).exclude(pk=current.pk).exists()
    ):
        raise Conflict(
            "account_taken", _("That account already speaks for another brand."), field="account"
        )
    Brand.objects.filter(pk=current.pk).update(account_id=new_id)
    brand.account = account
    log_event(
        brand=current,
        actor=actor,
        kind="account_linked" if account is not None else "account_unlinked",
        user=account.username if account is not None else "",
    )
    return True
