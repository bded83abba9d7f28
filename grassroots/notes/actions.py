"""Writes for notes: publish, edit, soft delete and restore, moderation hide/unhide, purge.

Every write locks the note row, keeps its derived state right (notes.derived: listed flag,
counters, topics, mentions, hot score) and is atomic. Image files are written before the
transaction commits; if the action fails they are deleted again, and files an edit or a
purge drops are deleted only after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grassroots.core.images import ImageRejected, delete_stored_files, store_note_image
from grassroots.insights import queue as insights_queue
from grassroots.notes.cleaning import (
    ALT_TEXT_MAX_CHARS,
    EXTERNAL_ID_MAX_CHARS,
    IMAGES_MAX,
    PLACE_CITY_MAX_CHARS,
    PLACE_NAME_MAX_CHARS,
    check_has_content,
    check_image_count,
    clean_alt_texts,
    clean_body,
    clean_category,
    clean_choice,
    clean_line,
    clean_title,
    clean_topics,
)
from grassroots.notes.covers import text_cover_path, text_cover_path_for
from grassroots.notes.derived import (
    Counted,
    apply_counter_changes,
    listed_state,
    refresh_hot_score,
    set_topics,
    sync_mentions,
    topic_ids_of,
)
from grassroots.notes.models import Note, NoteImage, Topic
from grassroots.notes.queries import parse_topics
from grassroots.search import outbox as search_outbox

RESTORE_WINDOW = timedelta(days=30)
TEXT_COVER_SIZE = (900, 1200)


# --- images -----------------------------------------------------------------------------------


def _store_images(
    note: Note,
    uploads: Sequence[Any],
    alt_texts: Sequence[str],
    *,
    first_position: int,
    written: list[str],
) -> list[NoteImage]:
    """Validate and store each upload in turn (one decoded picture in memory at a time)."""
    rows: list[NoteImage] = []
    for index, upload in enumerate(uploads):
        try:
            stored = store_note_image(upload, note_id=note.pk)
        except ImageRejected as exc:
            name = getattr(upload, "name", "") or ""
            label = _("Image %(n)d") % {"n": index + 1}
            if name:
                label = f"{label} ({str(name)[:60]})"
            raise ImageRejected(f"{label}: {exc.message}", code=exc.code) from exc
        written.extend(stored.paths)
        rows.append(
            NoteImage(
                note=note,
                position=first_position + index,
                width=stored.width,
                height=stored.height,
                large=stored.large,
                medium=stored.medium,
                thumb=stored.thumb,
                alt_text=alt_texts[index],
            )
        )
    return NoteImage.objects.bulk_create(rows)


def _set_cover_fields(note: Note, images: Sequence[NoteImage]) -> None:
    note.image_count = len(images)
    if images:
        note.cover_width, note.cover_height = images[0].width, images[0].height
    else:
        note.cover_width, note.cover_height = TEXT_COVER_SIZE


def _delete_files_on_commit(paths: list[str]) -> None:
    if paths:
        transaction.on_commit(lambda: delete_stored_files(paths))


def _run_cleaning_up(action: Any, **kwargs: Any) -> Note:
    """Run an atomic action; if it fails, delete the image files it already wrote."""
    written: list[str] = []
    try:
        result: Note = action(written=written, **kwargs)
    except BaseException:
        delete_stored_files(written)
        raise
    return result


# --- publish ----------------------------------------------------------------------------------


def note_publish(
    *,
    author: User,
    title: str,
    body: str,
    images: Sequence[Any] = (),
    alt_texts: Sequence[str] = (),
    topics: Iterable[str] | None = None,
    category: str | None = None,
    place_name: str = "",
    place_city: str = "",
    visibility: str = Note.Visibility.PUBLIC,
    status: str = Note.Status.PUBLISHED,
    external_id: str | None = None,
    created_at: datetime | None = None,
    products: Sequence[object] = (),
    verified_order_line: object = None,
) -> Note:
    """Create a note (published or draft) with its images, topics, category and mentions.

    `products` are the product cards (shops.cards.note_products_set); `verified_order_line`
    marks the note as the buyer's verified purchase of that delivered order line.

    Topics are the explicit ones plus the body's #hashtags. With `external_id` (import) the
    call is idempotent: the existing note of that id is returned unchanged.
    Bad input raises ValidationFailed/ImageRejected and leaves nothing behind.
    """
    return _run_cleaning_up(
        _note_publish,
        author=author,
        title=title,
        body=body,
        images=list(images),
        alt_texts=list(alt_texts),
        topics=topics,
        category=category,
        place_name=place_name,
        place_city=place_city,
        visibility=visibility,
        status=status,
        external_id=external_id,
        created_at=created_at,
        products=list(products),
        verified_order_line=verified_order_line,
    )


@transaction.atomic
def _note_publish(
    *,
    author: User,
    title: str,
    body: str,
    images: list[Any],
    alt_texts: list[str],
    topics: Iterable[str] | None,
    category: str | None,
    place_name: str,
    place_city: str,
    visibility: str,
    status: str,
    external_id: str | None,
    created_at: datetime | None,
    products: list[object],
    verified_order_line: object,
    written: list[str],
) -> Note:
    title_text = clean_title(title)
    body_text = clean_body(body)
    status = clean_choice(status, Note.Status, field="status")
    visibility = clean_choice(visibility, Note.Visibility, field="visibility")
    check_image_count(len(images))
    clean_alts = clean_alt_texts(alt_texts, len(images))
    check_has_content(title=title_text, body=body_text, image_count=len(images), status=status)
    topic_names = clean_topics(topics, body_text)
    the_category = clean_category(category)
    clean_place_name = clean_line(place_name, field="place_name", max_chars=PLACE_NAME_MAX_CHARS)
    clean_place_city = clean_line(place_city, field="place_city", max_chars=PLACE_CITY_MAX_CHARS)
    clean_external_id = (external_id or "").strip() or None
    if clean_external_id is not None:
        if len(clean_external_id) > EXTERNAL_ID_MAX_CHARS:
            raise ValidationFailed(
                "bad_external_id", _("external_id is too long."), field="external_id"
            )
        existing = Note.objects.filter(external_id=clean_external_id).first()
        if existing is not None:
            if existing.author_id != author.pk:
                raise Conflict(
                    "external_id_taken",
                    _("Another author's note has this external_id."),
                    field="external_id",
                )
            return existing
    if created_at is not None and timezone.is_naive(created_at):
        raise ValidationFailed(
            "naive_datetime", "created_at needs a time zone.", field="created_at"
        )

    now = timezone.now()
    moment = created_at or now
    note = Note(
        author=author,
        external_id=clean_external_id,
        title=title_text,
        body=body_text,
        category=the_category,
        top_category=the_category.top if the_category else None,
        place_name=clean_place_name,
        place_city=clean_place_city,
        visibility=visibility,
        status=status,
        created_at=moment,
        updated_at=moment,
        published_at=moment if status == Note.Status.PUBLISHED else None,
    )
    note.is_listed = listed_state(note)
    note.save(force_insert=True)
    stored = _store_images(note, images, clean_alts, first_position=0, written=written)
    if stored:
        _set_cover_fields(note, stored)
        Note.objects.filter(pk=note.pk).update(
            image_count=note.image_count,
            cover_width=note.cover_width,
            cover_height=note.cover_height,
        )
    topic_ids = set_topics(note, topic_names, is_new=True)
    apply_counter_changes(
        author.pk, Counted(False, frozenset()), Counted(note.is_listed, topic_ids)
    )
    sync_mentions(note, author=author, is_new=True)
    _set_product_cards(note, author, products or None, verified_order_line)
    refresh_hot_score(note.pk)
    search_outbox.note_changed(note_id=note.pk)
    insights_queue.note_changed(note_id=note.pk)
    return note


def _set_product_cards(
    note: Note, author: User, products: Sequence[object] | None, order_line: object = None
) -> None:
    """Product cards and verified purchase live in the shops app (which reads notes)."""
    from grassroots.shops import cards as shop_cards
    from grassroots.shops.queries import note_product_ids

    if products or (products is not None and note_product_ids(note.pk)):
        shop_cards.note_products_set(note=note, author=author, product_ids=products)
    if order_line not in (None, ""):
        shop_cards.verified_purchase_record(note=note, buyer=author, order_line_id=order_line)


# --- edit -------------------------------------------------------------------------------------


def note_update(
    *,
    note: Note,
    editor: User,
    title: str | None = None,
    body: str | None = None,
    topics: Iterable[str] | None = None,
    category: str | None = None,
    place_name: str | None = None,
    place_city: str | None = None,
    visibility: str | None = None,
    status: str | None = None,
    keep_image_ids: Sequence[int] | None = None,
    new_images: Sequence[Any] = (),
    alt_texts: Sequence[str] = (),
    image_alt_texts: Mapping[int, str] | None = None,
    products: Sequence[object] | None = None,
) -> Note:
    """Edit one's own note. Arguments left as None keep their value.

    `products` replaces the note's product cards (None keeps them).

    `category=""` clears the category. `keep_image_ids` lists the existing images to keep, in
    their new order (None keeps all); `new_images` (with `alt_texts`) are appended after them;
    `image_alt_texts` changes descriptions of kept images. When `topics` is None and the body
    changes, hashtags are re-read from the new body and explicitly chosen topics are kept.
    """
    return _run_cleaning_up(
        _note_update,
        note=note,
        editor=editor,
        title=title,
        body=body,
        topics=None if topics is None else list(topics),
        category=category,
        place_name=place_name,
        place_city=place_city,
        visibility=visibility,
        status=status,
        keep_image_ids=None if keep_image_ids is None else list(keep_image_ids),
        new_images=list(new_images),
        alt_texts=list(alt_texts),
        image_alt_texts=dict(image_alt_texts or {}),
        products=None if products is None else list(products),
    )


@transaction.atomic
def _note_update(
    *,
    note: Note,
    editor: User,
    title: str | None,
    body: str | None,
    topics: list[str] | None,
    category: str | None,
    place_name: str | None,
    place_city: str | None,
    visibility: str | None,
    status: str | None,
    keep_image_ids: list[int] | None,
    new_images: list[Any],
    alt_texts: list[str],
    image_alt_texts: dict[int, str],
    products: list[object] | None,
    written: list[str],
) -> Note:
    current = _lock(note.pk)
    if current.author_id != editor.pk or current.deleted_at is not None:
        raise NotFound(_("This note does not exist or is not available."))
    old_body = current.body
    old_cover = text_cover_path(current) if current.image_count == 0 else None
    before = Counted(current.is_listed, topic_ids_of(current.pk))

    new_title = current.title if title is None else clean_title(title)
    new_body = current.body if body is None else clean_body(body)
    new_status = (
        current.status if status is None else clean_choice(status, Note.Status, field="status")
    )
    new_visibility = (
        current.visibility
        if visibility is None
        else clean_choice(visibility, Note.Visibility, field="visibility")
    )

    existing = list(NoteImage.objects.filter(note_id=current.pk).order_by("position"))
    by_id = {image.pk: image for image in existing}
    if keep_image_ids is None:
        kept = existing
    else:
        if len(set(keep_image_ids)) != len(keep_image_ids) or any(
            image_id not in by_id for image_id in keep_image_ids
        ):
            raise ValidationFailed(
                "bad_image_ids", _("Those images are not part of this note."), field="images"
            )
        kept = [by_id[image_id] for image_id in keep_image_ids]
    if any(image_id not in by_id for image_id in image_alt_texts):
        raise ValidationFailed(
            "bad_image_ids", _("Those images are not part of this note."), field="images"
        )
    check_image_count(len(kept) + len(new_images))
    clean_alts = clean_alt_texts(alt_texts, len(new_images))
    changed_alts = {
        image_id: clean_line(text, field="alt_texts", max_chars=ALT_TEXT_MAX_CHARS)
        for image_id, text in image_alt_texts.items()
    }
    check_has_content(
        title=new_title,
        body=new_body,
        image_count=len(kept) + len(new_images),
        status=new_status,
    )
    if topics is not None:
        topic_names = clean_topics(topics, new_body)
    elif body is not None and new_body != old_body:
        current_names = list(
            Topic.objects.filter(notetopic__note_id=current.pk)
            .order_by("notetopic__position")
            .values_list("name", flat=True)
        )
        from_old_body = set(parse_topics(old_body))
        topic_names = clean_topics([n for n in current_names if n not in from_old_body], new_body)
    else:
        topic_names = None
    if category is not None:
        the_category = clean_category(category)
        current.category = the_category
        current.top_category = the_category.top if the_category else None
    if place_name is not None:
        current.place_name = clean_line(
            place_name, field="place_name", max_chars=PLACE_NAME_MAX_CHARS
        )
    if place_city is not None:
        current.place_city = clean_line(
            place_city, field="place_city", max_chars=PLACE_CITY_MAX_CHARS
        )

    # Images: drop the removed ones, renumber the kept ones, append the new ones.
    removed = [image for image in existing if image not in kept]
    removed_paths = [path for image in removed for path in (image.large, image.medium, image.thumb)]
    if removed:
        NoteImage.objects.filter(pk__in=[image.pk for image in removed]).delete()
    if [image.pk for image in kept] != [image.pk for image in existing[: len(kept)]]:
        # Two passes: positions are unique per note, so move the kept ones out of the way first.
        for offset, image in enumerate(kept):
            image.position = IMAGES_MAX + 1 + offset
            NoteImage.objects.filter(pk=image.pk).update(position=image.position)
    for position, image in enumerate(kept):
        update: dict[str, Any] = {}
        if image.position != position:
            update["position"] = position
        if image.pk in changed_alts and changed_alts[image.pk] != image.alt_text:
            update["alt_text"] = changed_alts[image.pk]
        if update:
            NoteImage.objects.filter(pk=image.pk).update(**update)
            for field, value in update.items():
                setattr(image, field, value)
    added = _store_images(
        current, new_images, clean_alts, first_position=len(kept), written=written
    )
    _set_cover_fields(current, [*kept, *added])

    now = timezone.now()
    current.title = new_title
    current.body = new_body
    current.status = new_status
    current.visibility = new_visibility
    first_publication = new_status == Note.Status.PUBLISHED and current.published_at is None
    if first_publication:
        current.published_at = now
    current.updated_at = now
    current.is_listed = listed_state(current)
    current.save()

    topic_ids = set_topics(current, topic_names) if topic_names is not None else before.topic_ids
    apply_counter_changes(current.author_id, before, Counted(current.is_listed, topic_ids))
    if new_body != old_body or current.is_listed != before.listed:
        sync_mentions(current, author=editor)
    if first_publication:
        refresh_hot_score(current.pk)
        current.refresh_from_db(fields=["hot_score"])

    stale = list(removed_paths)
    if old_cover and (current.image_count or text_cover_path(current) != old_cover):
        stale.append(old_cover)
    _delete_files_on_commit(stale)
    _set_product_cards(current, editor, products)
    if current.is_listed != before.listed:
        _product_counts_changed(current.pk)
    search_outbox.note_changed(note_id=current.pk)
    insights_queue.note_changed(note_id=current.pk)
    return current


# --- delete, restore, hide --------------------------------------------------------------------


def _product_counts_changed(note_id: int) -> None:
    """A note came into or out of sight: recount its products' notes."""
    from grassroots.shops.cards import product_note_counts_refresh
    from grassroots.shops.queries import note_product_ids

    product_note_counts_refresh(note_product_ids(note_id))


def _lock_or_none(note_id: int) -> Note | None:
    return Note.objects.select_for_update().filter(pk=note_id).first()


def _lock(note_id: int) -> Note:
    locked = _lock_or_none(note_id)
    if locked is None:
        raise NotFound(_("This note does not exist or is not available."))
    return locked


def _set_state(current: Note, **changes: Any) -> bool:
    """Apply field changes to a locked note, keeping is_listed and counters right."""
    if all(getattr(current, field) == value for field, value in changes.items()):
        return False
    before_listed = current.is_listed
    for field, value in changes.items():
        setattr(current, field, value)
    current.is_listed = listed_state(current)
    current.save(update_fields=[*changes, "is_listed"])
    search_outbox.note_changed(note_id=current.pk)
    insights_queue.note_changed(note_id=current.pk)
    if current.is_listed != before_listed:
        topic_ids = topic_ids_of(current.pk)
        apply_counter_changes(
            current.author_id,
            Counted(before_listed, topic_ids),
            Counted(current.is_listed, topic_ids),
        )
        _product_counts_changed(current.pk)
        if current.is_listed:
            sync_mentions(current, author=current.author)
    return True


def _copy_state(target: Note, source: Note) -> None:
    for field in ("deleted_at", "hidden_at", "is_listed"):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def note_delete(*, note: Note, actor: User) -> bool:
    """Soft-delete a note (its author or staff); staff can restore it for 30 days.

    True when this call deleted it; deleting a deleted note changes nothing.
    """
    if not (actor.is_authenticated and (actor.pk == note.author_id or actor.is_staff)):
        raise NotFound(_("This note does not exist or is not available."))
    current = _lock(note.pk)
    if current.deleted_at is not None:
        return False
    changed = _set_state(current, deleted_at=timezone.now())
    _copy_state(note, current)
    return changed


def _require_staff(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise Forbidden(_("Only staff can do this."))


@transaction.atomic
def note_restore(*, note: Note, actor: User) -> bool:
    """Staff: bring back a note deleted less than 30 days ago. True when it was restored."""
    _require_staff(actor)
    current = _lock(note.pk)
    if current.deleted_at is None:
        return False
    if current.deleted_at < timezone.now() - RESTORE_WINDOW:
        raise Conflict("restore_expired", _("Notes can be restored for 30 days after deletion."))
    changed = _set_state(current, deleted_at=None)
    _copy_state(note, current)
    return changed


def _bulk_state_change(note_ids: Iterable[int], **changes: Any) -> int:
    # Lock every note first, in id order, and only then touch counters: a transaction that
    # holds a user or topic row must never wait for a note lock (writers lock note -> user ->
    # topics), or two moderators and an author editing at once could deadlock.
    locked = list(Note.objects.select_for_update().filter(pk__in=set(note_ids)).order_by("pk"))
    return sum(_set_state(current, **changes) for current in locked)


@transaction.atomic
def notes_hide(*, note_ids: Iterable[int], actor: User) -> int:
    """Staff: hide notes from everyone but their authors. Returns how many were hidden."""
    _require_staff(actor)
    now = timezone.now()
    ids = Note.objects.filter(pk__in=list(note_ids), hidden_at__isnull=True).values_list(
        "pk", flat=True
    )
    return _bulk_state_change(list(ids), hidden_at=now)


@transaction.atomic
def notes_unhide(*, note_ids: Iterable[int], actor: User) -> int:
    """Staff: undo notes_hide. Returns how many were shown again."""
    _require_staff(actor)
    return _bulk_state_change(note_ids, hidden_at=None)


@transaction.atomic
def notes_restore(*, note_ids: Iterable[int], actor: User) -> int:
    """Staff: restore several deleted notes; those deleted over 30 days ago are skipped."""
    _require_staff(actor)
    cutoff = timezone.now() - RESTORE_WINDOW
    ids = Note.objects.filter(pk__in=list(note_ids), deleted_at__gte=cutoff).values_list(
        "pk", flat=True
    )
    return _bulk_state_change(list(ids), deleted_at=None)


# --- purge ------------------------------------------------------------------------------------


@transaction.atomic
def note_purge_expired(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Hard-delete notes soft-deleted more than 30 days ago, with their files.

    Deleted notes no longer count anywhere, so only what disappears with them is adjusted:
    boards lose the collects and authors the likes and collects received on those notes.
    Returns how many notes were purged. Meant for a periodic job: if it ever loses a deadlock
    against someone un-collecting one of these long-deleted notes, the next run redoes it.
    """
    from grassroots.engagement.models import Board, Collect

    cutoff = (now or timezone.now()) - RESTORE_WINDOW
    purged = 0
    while True:
        notes = list(
            Note.objects.select_for_update()
            .filter(deleted_at__lt=cutoff)
            .order_by("pk")
            .values("pk", "author_id", "title", "body", "like_count", "collect_count")[:batch_size]
        )
        if not notes:
            return purged
        ids = [row["pk"] for row in notes]
        paths: list[str] = []
        for large, medium, thumb in NoteImage.objects.filter(note_id__in=ids).values_list(
            "large", "medium", "thumb"
        ):
            paths.extend((large, medium, thumb))
        paths.extend(
            text_cover_path_for(note_id=row["pk"], title=row["title"], body=row["body"])
            for row in notes
        )
        board_losses = (
            Collect.objects.filter(note_id__in=ids).values("board_id").annotate(lost=Count("id"))
        )
        for row in board_losses.order_by("board_id"):
            Board.objects.filter(pk=row["board_id"]).update(
                note_count=Greatest(F("note_count") - row["lost"], 0)
            )
        received = (
            Note.objects.filter(pk__in=ids)
            .values("author_id")
            .annotate(lost=Sum(F("like_count") + F("collect_count")))
        )
        for author_row in received.order_by("author_id"):
            if author_row["lost"]:
                User.objects.filter(pk=author_row["author_id"]).update(
                    likes_collects_received=Greatest(
                        F("likes_collects_received") - author_row["lost"], 0
                    )
                )
        Note.objects.filter(pk__in=ids).delete()
        search_outbox.notes_changed(note_ids=ids)
        insights_queue.notes_changed(note_ids=ids)
        _delete_files_on_commit(paths)
        purged += len(ids)
