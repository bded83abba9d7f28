"""Writes for boards: a user's named collections of notes (create, rename, delete, the default
board made on first use) and the board row lock every multi-board write takes.

Collecting notes into boards is in engagement.actions (`note_collect`), which keeps each
board's note_count. Board names are unique per owner (Conflict otherwise).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, Forbidden, ValidationFailed
from grassroots.engagement.models import Board, Collect

BOARD_NAME_MAX_CHARS = 30
BOARD_DESCRIPTION_MAX_CHARS = 200


def lock_boards(*board_ids: int) -> None:
    """Row-lock boards in ascending id order (the one order every multi-board write uses)."""
    list(
        Board.objects.select_for_update()
        .filter(pk__in=sorted(set(board_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _clean_board_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationFailed("board_name_required", _("Give the board a name."), field="name")
    if len(cleaned) > BOARD_NAME_MAX_CHARS:
        raise ValidationFailed(
            "board_name_too_long",
            _("A board name has at most %(max)d characters.") % {"max": BOARD_NAME_MAX_CHARS},
            field="name",
        )
    return cleaned


def _clean_board_description(description: str) -> str:
    cleaned = (description or "").strip()
    if len(cleaned) > BOARD_DESCRIPTION_MAX_CHARS:
        raise ValidationFailed(
            "board_description_too_long",
            _("A description has at most %(max)d characters.")
            % {"max": BOARD_DESCRIPTION_MAX_CHARS},
            field="description",
        )
    return cleaned


def _board_name_taken() -> Conflict:
    return Conflict("board_name_taken", _("You already have a board with this name."), field="name")


def default_board_for(*, user: User) -> Board:
    """The user's default board, created on first use (safe against concurrent creation)."""
    existing = Board.objects.filter(owner_id=user.pk, is_default=True).first()
    if existing is not None:
        return existing
    base = _("Default board")
    for attempt in range(5):
        name = base if attempt == 0 else f"{base} {attempt + 1}"
        try:
            with transaction.atomic():
                return Board.objects.create(owner_id=user.pk, name=name, is_default=True)
        except IntegrityError:
            # Either another request made the default board, or the name is already used.
            existing = Board.objects.filter(owner_id=user.pk, is_default=True).first()
            if existing is not None:
                return existing
    raise Conflict("default_board_unavailable", _("Could not create your default board."))


@transaction.atomic
def board_create(
    *, owner: User, name: str, description: str = "", is_private: bool = False
) -> Board:
    """Create a named board; names are unique per owner (Conflict otherwise)."""
    clean_name = _clean_board_name(name)
    clean_description = _clean_board_description(description)
    try:
        with transaction.atomic():
            return Board.objects.create(
                owner_id=owner.pk,
                name=clean_name,
                description=clean_description,
                is_private=bool(is_private),
            )
    except IntegrityError as exc:
        raise _board_name_taken() from exc


def _require_board_owner(board: Board, actor: User) -> None:
    if board.owner_id != actor.pk:
        raise Forbidden(_("Only the owner can change this board."))


@transaction.atomic
def board_update(
    *,
    board: Board,
    actor: User,
    name: str | None = None,
    description: str | None = None,
    is_private: bool | None = None,
) -> Board:
    """Change a board's name, description or privacy (owner only); None leaves a field as is."""
    _require_board_owner(board, actor)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _clean_board_name(name)
    if description is not None:
        changes["description"] = _clean_board_description(description)
    if is_private is not None:
        changes["is_private"] = bool(is_private)
    if not changes:
        return board
    changes["updated_at"] = timezone.now()
    try:
        with transaction.atomic():
            Board.objects.filter(pk=board.pk).update(**changes)
    except IntegrityError as exc:
        raise _board_name_taken() from exc
    for field_name, value in changes.items():
        setattr(board, field_name, value)
    return board


@transaction.atomic
def board_delete(*, board: Board, actor: User) -> int:
    """Delete a board (owner only, never the default one).

    Its notes stay collected: they move to the default board, so note counts are unchanged.
    Returns how many collects were moved.
    """
    _require_board_owner(board, actor)
    if board.is_default:
        raise Conflict("default_board", _("The default board cannot be deleted."))
    default = default_board_for(user=actor)
    lock_boards(board.pk, default.pk)
    if not Board.objects.filter(pk=board.pk).exists():
        return 0
    moved = Collect.objects.filter(board_id=board.pk).update(board_id=default.pk)
    if moved:
        Board.objects.filter(pk=default.pk).update(
            note_count=F("note_count") + moved, updated_at=timezone.now()
        )
    Board.objects.filter(pk=board.pk).delete()
    return moved
