"""Note pages (detail, publish, edit, delete, drafts) and the checked media views.

Images and covers are never served from a public media URL: each request checks that the
viewer may see the note, so a private or draft note's pictures are as unreachable as its page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.accounts.queries import is_following
from grassroots.core.errors import DomainError, NotFound
from grassroots.core.views import IMAGE_SIZES, serve_stored_image
from grassroots.engagement.queries import comments_page, viewer_note_states
from grassroots.notes import actions
from grassroots.notes.covers import ensure_text_cover
from grassroots.notes.forms import NoteForm, apply_domain_error, split_topic_input
from grassroots.notes.models import Note, NoteImage
from grassroots.notes.queries import (
    drafts_for,
    image_for_viewer,
    mentioned_usernames,
    note_for_editor,
    note_for_viewer,
    note_visible_to,
)
from grassroots.shops.cards import order_line_for_review

COMMENTS_PER_PAGE = 20


# --- detail -------------------------------------------------------------------------------------


@require_GET
def detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = note_for_viewer(note_id=note_id, viewer=request.user)
    viewer = request.user
    liked_ids, collected_ids = viewer_note_states(viewer=viewer, note_ids=[note.pk])
    sort = request.GET.get("sort") or "time"
    comments = comments_page(note=note, viewer=viewer, limit=COMMENTS_PER_PAGE, sort=sort)
    is_owner = bool(viewer.is_authenticated and viewer.pk == note.author_id)
    following = (
        is_following(viewer=viewer, user=note.author)
        if viewer.is_authenticated and not is_owner
        else False
    )
    context: dict[str, Any] = {
        "note": note,
        "images": list(note.images.all()),
        "topics": list(note.topics.all()),
        "mentioned": mentioned_usernames(note=note) if "@" in note.body else set(),
        "liked": note.pk in liked_ids,
        "collected": note.pk in collected_ids,
        "comments": comments,
        "sort": sort,
        "following": following,
        "is_owner": is_owner,
        "person": note.author,
    }
    return render(request, "notes/detail.html", context)


# --- publish and edit -----------------------------------------------------------------------------


def _form_topics(form: NoteForm) -> list[str]:
    return split_topic_input(form.cleaned_data.get("topics") or "")


def _alt_texts(request: HttpRequest) -> list[str]:
    return list(request.POST.getlist("alt_texts"))


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    if request.GET.get("order_line"):  # "Share your experience" from a delivered order
        order_line_for_review(user=request.user, order_line_id=request.GET["order_line"])
    form = NoteForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            images = data["images"]
            as_draft = request.POST.get("action") == "draft"
            try:
                note = actions.note_publish(
                    author=request.user,  # type: ignore[arg-type]
                    title=data["title"],
                    body=data["body"],
                    images=images,
                    alt_texts=_alt_texts(request)[: len(images)],
                    topics=_form_topics(form),
                    category=data["category"] or None,
                    place_name=data["place_name"],
                    place_city=data["place_city"],
                    visibility=data["visibility"],
                    status=Note.Status.DRAFT if as_draft else Note.Status.PUBLISHED,
                    products=data["products"],
                    verified_order_line=request.POST.get("order_line") or None,
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                if as_draft:
                    messages.success(request, _("Draft saved."))
                    return redirect("notes:drafts")
                messages.success(request, _("Published."))
                return redirect("notes:detail", note_id=note.pk)
        else:
            status = 400
    return render(
        request,
        "notes/publish.html",
        {"form": form, "note": None, "existing_images": [], "nav": "publish"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, note_id: int) -> HttpResponse:
    note = note_for_editor(note_id=note_id, user=request.user)
    existing_images = list(note.images.all())
    form = NoteForm(request.POST or None, request.FILES or None, initial=NoteForm.initial_for(note))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            images = data["images"]
            action = request.POST.get("action")
            new_status = None
            if action == "draft":
                new_status = Note.Status.DRAFT
            elif action == "publish":
                new_status = Note.Status.PUBLISHED
            try:
                keep_ids = [int(value) for value in request.POST.getlist("keep_image_ids")]
            except ValueError:
                keep_ids = []
            alt_by_id: dict[int, str] = {}
            for image in existing_images:
                key = f"alt_{image.pk}"
                if key in request.POST:
                    alt_by_id[image.pk] = request.POST[key]
            try:
                note = actions.note_update(
                    note=note,
                    editor=request.user,  # type: ignore[arg-type]
                    title=data["title"],
                    body=data["body"],
                    topics=_form_topics(form),
                    category=data["category"] or "",
                    place_name=data["place_name"],
                    place_city=data["place_city"],
                    visibility=data["visibility"],
                    status=new_status,
                    keep_image_ids=keep_ids,
                    new_images=images,
                    alt_texts=_alt_texts(request)[: len(images)],
                    image_alt_texts={k: v for k, v in alt_by_id.items() if k in keep_ids},
                    products=data["products"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                if note.status == Note.Status.DRAFT:
                    messages.success(request, _("Draft saved."))
                    return redirect("notes:drafts")
                messages.success(request, _("Saved."))
                return redirect("notes:detail", note_id=note.pk)
        else:
            status = 400
    context = {"form": form, "note": note, "existing_images": existing_images, "nav": "publish"}
    return render(request, "notes/publish.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, note_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (soft: staff can restore it for 30 days)."""
    user = request.user
    if user.is_staff:
        note = note_for_viewer(note_id=note_id, viewer=user)
        if note.deleted_at is not None:
            raise NotFound(_("This note does not exist or is not available."))
    else:
        note = note_for_editor(note_id=note_id, user=user)
    if request.method == "POST":
        actions.note_delete(note=note, actor=user)  # type: ignore[arg-type]
        messages.success(request, _("Note deleted."))
        if note.author_id == user.pk:
            return redirect("accounts:profile", username=user.get_username())
        return redirect("feed:discover")
    return render(request, "notes/delete.html", {"note": note})


@login_required
@require_GET
def drafts(request: HttpRequest) -> HttpResponse:
    notes = list(drafts_for(user=request.user)[:200])
    return render(request, "notes/drafts.html", {"notes": notes, "nav": "me"})


# --- media ----------------------------------------------------------------------------------------


@require_GET
def image(request: HttpRequest, image_id: int, size: str) -> HttpResponse:
    if size not in IMAGE_SIZES:
        raise NotFound(_("This image does not exist or is not available."))
    picture = image_for_viewer(image_id=image_id, viewer=request.user)
    return serve_stored_image(request, str(getattr(picture, size)))


@require_GET
def cover(request: HttpRequest, note_id: int) -> HttpResponse:
    """The card cover: the first image's medium size, or the generated text card."""
    first_medium = NoteImage.objects.filter(note_id=OuterRef("pk")).order_by("position")
    note = (
        Note.objects.annotate(first_medium=Subquery(first_medium.values("medium")[:1]))
        .filter(pk=note_id)
        .first()
    )
    if note is None or not note_visible_to(note, request.user):
        raise NotFound(_("This image does not exist or is not available."))
    path = note.first_medium or ensure_text_cover(note)
    return serve_stored_image(request, path)
