"""Co-creation writes: post a campaign question, extract and cluster ideas, adopt an idea.

The analysis is on demand and idempotent: `campaign_analyse` reads only comments it has not
read before (a watermark on the comment id) into Suggestion rows (unique per comment and
sentence, so a repeated run inserts nothing), then re-clusters all suggestions of visible
comments — likes and deletions change between runs, and clustering a campaign's few hundred
suggestions takes milliseconds. Ideas keep their ids across runs: each new cluster takes over
the existing idea it shares most suggestions with. Adopted ideas are never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import User
from grassroots.brands.actions import log_event, require_role
from grassroots.brands.cocreation import SuggestionIn, cluster_suggestions, extract_suggestions
from grassroots.brands.models import Brand, BrandMember, Campaign, Idea, IdeaCredit, Suggestion
from grassroots.core.errors import Forbidden, NotFound
from grassroots.engagement.actions import notification_create
from grassroots.engagement.models import Comment, Notification
from grassroots.notes.actions import note_publish

CAMPAIGN_TOPIC = "共创"


@dataclass(frozen=True)
class AnalysisResult:
    new_comments: int
    new_suggestions: int
    ideas: int


@transaction.atomic
def campaign_create(
    *,
    brand: Brand,
    actor: User,
    title: str,
    body: str,
    as_brand: bool = True,
    topics: Iterable[str] | None = None,
) -> Campaign:
    """A member of a verified brand asks the community a question (a public note).

    The note is posted from the brand's account when it has one (and `as_brand`), else from
    the member; it carries the #共创 topic and is linked as the brand's campaign."""
    require_role(brand, actor)
    if not brand.is_verified:
        raise Forbidden(_("Only verified brands can ask the community."))
    account = brand.account if as_brand else None
    author = account if account is not None and account.is_active else actor
    note = note_publish(
        author=author,
        title=title,
        body=body,
        topics=[CAMPAIGN_TOPIC, *(topics or [])],
    )
    campaign = Campaign.objects.create(brand=brand, note=note, created_by=actor)
    log_event(brand=brand, actor=actor, kind="campaign_posted", campaign=campaign.pk)
    return campaign


def _brand_voices(brand: Brand) -> set[int]:
    """Users who speak for the brand: their comments are answers, not suggestions."""
    ids = set(BrandMember.objects.filter(brand=brand).values_list("user_id", flat=True))
    if brand.account_id:
        ids.add(brand.account_id)
    return ids


def _read_new_comments(campaign: Campaign) -> tuple[int, int]:
    rows = list(
        Comment.objects.filter(note_id=campaign.note_id, pk__gt=campaign.comments_read_to)
        .order_by("pk")
        .values_list("pk", "body")
    )
    suggestions = [
        Suggestion(
            campaign=campaign,
            comment_id=comment_id,
            position=found.position,
            text=found.text,
            key=found.key,
        )
        for comment_id, body in rows
        for found in extract_suggestions(body)
    ]
    before = Suggestion.objects.filter(campaign=campaign).count()
    Suggestion.objects.bulk_create(suggestions, ignore_conflicts=True)
    if rows:
        campaign.comments_read_to = rows[-1][0]
    return len(rows), Suggestion.objects.filter(campaign=campaign).count() - before


def _match_ideas(clusters: list[list[int]], existing: dict[int, set[int]]) -> list[int | None]:
    """For each cluster (best first), the existing idea sharing most suggestions, or None."""
    taken: set[int] = set()
    matched: list[int | None] = []
    for members in clusters:
        wanted = set(members)
        best: int | None = None
        best_overlap = 0
        for idea_id, old in existing.items():
            overlap = len(old & wanted)
            if idea_id not in taken and overlap > best_overlap:
                best, best_overlap = idea_id, overlap
        if best is not None:
            taken.add(best)
        matched.append(best)
    return matched


@transaction.atomic
def campaign_analyse(*, campaign: Campaign, actor: User | None = None) -> AnalysisResult:
    """Extract suggestions from new comments and re-cluster the campaign's ideas.

    With an `actor` it must be a member of the brand; without one it is a system run (seed,
    command). Running it twice with no new comments changes nothing but the ranks' inputs
    (likes), which it reads afresh."""
    locked = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if locked is None:
        raise NotFound(_("No such campaign."))
    brand = Brand.objects.get(pk=locked.brand_id)
    if actor is not None:
        require_role(brand, actor)
    new_comments, new_suggestions = _read_new_comments(locked)

    voices = _brand_voices(brand)
    rows = list(
        Suggestion.objects.filter(
            campaign=locked, comment__deleted_at__isnull=True, comment__hidden_at__isnull=True
        )
        .exclude(comment__author_id__in=voices)
        .order_by("pk")
        .values_list("pk", "key", "text", "comment_id", "comment__author_id", "comment__like_count")
    )
    items = [
        SuggestionIn(
            ident=pk, key=key, text=text, comment_id=comment_id, author_id=author, likes=likes
        )
        for pk, key, text, comment_id, author, likes in rows
    ]
    clusters = cluster_suggestions(items)

    existing: dict[int, set[int]] = {
        idea.pk: set() for idea in Idea.objects.filter(campaign=locked)
    }
    for suggestion_id, idea_id in Suggestion.objects.filter(
        campaign=locked, idea__isnull=False
    ).values_list("pk", "idea_id"):
        existing[idea_id].add(suggestion_id)
    matched = _match_ideas([cluster.members for cluster in clusters], existing)
    adopted = set(
        Idea.objects.filter(campaign=locked, adopted_at__isnull=False).values_list("pk", flat=True)
    )

    Suggestion.objects.filter(campaign=locked).update(idea=None)
    kept: set[int] = set()
    for rank, (cluster, matched_id) in enumerate(zip(clusters, matched, strict=True), start=1):
        fields: dict[str, Any] = {
            "label": cluster.label,
            "rank": rank,
            "support": cluster.support,
            "supporter_count": cluster.supporter_count,
            "like_count": cluster.like_count,
            "suggestion_count": len(cluster.members),
        }
        if matched_id is None:
            target = Idea.objects.create(campaign=locked, **fields).pk
        else:
            target = matched_id
            Idea.objects.filter(pk=target).update(**fields)
        kept.add(target)
        Suggestion.objects.filter(pk__in=cluster.members).update(idea_id=target)
    # Adopted ideas whose suggestions are gone stay (their credits are history), ranked last.
    orphans = sorted(adopted - kept)
    for offset, idea_id in enumerate(orphans, start=len(clusters) + 1):
        Idea.objects.filter(pk=idea_id).update(rank=offset, suggestion_count=0)
    Idea.objects.filter(campaign=locked).exclude(pk__in=kept | adopted).delete()

    locked.analysed_at = timezone.now()
    locked.save(update_fields=["comments_read_to", "analysed_at"])
    campaign.comments_read_to, campaign.analysed_at = locked.comments_read_to, locked.analysed_at
    return AnalysisResult(
        new_comments=new_comments, new_suggestions=new_suggestions, ideas=len(clusters)
    )


@transaction.atomic
def idea_adopt(*, idea: Idea, actor: User) -> bool:
    """An owner marks an idea adopted: its comments' authors are credited and notified.

    True when this call adopted it; adopting again changes nothing."""
    locked = Idea.objects.select_for_update().select_related("campaign").filter(pk=idea.pk).first()
    if locked is None:
        raise NotFound(_("No such idea."))
    campaign = locked.campaign
    brand = Brand.objects.select_related("account").get(pk=campaign.brand_id)
    require_role(brand, actor, BrandMember.Role.OWNER)
    if locked.adopted_at is not None:
        return False
    locked.adopted_at = timezone.now()
    locked.adopted_by = actor
    locked.save(update_fields=["adopted_at", "adopted_by"])
    idea.adopted_at, idea.adopted_by = locked.adopted_at, actor

    voices = _brand_voices(brand)
    first_comment: dict[int, Comment] = {}
    comments = (
        Comment.objects.filter(
            pk__in=Suggestion.objects.filter(idea=locked).values("comment_id"),
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
        .exclude(author_id__in=voices)
        .select_related("author", "note")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        first_comment.setdefault(comment.author_id, comment)
    IdeaCredit.objects.bulk_create(
        [
            IdeaCredit(idea=locked, user_id=author_id, comment=comment)
            for author_id, comment in first_comment.items()
        ],
        ignore_conflicts=True,
    )
    speaker = brand.account if brand.account is not None else actor
    for comment in first_comment.values():
        notification_create(
            recipient=comment.author,
            actor=speaker,
            kind=Notification.Kind.IDEA_ADOPTED,
            note=comment.note,
            comment=comment,
        )
    log_event(
        brand=brand,
        actor=actor,
        kind="idea_adopted",
        campaign=campaign.pk,
        idea=locked.pk,
        credited=len(first_comment),
    )
    return True


def latest_comment_id(campaign: Campaign) -> int:
    """The newest comment id of the campaign note (0 when none): ideas are stale past it."""
    found = Comment.objects.filter(note_id=campaign.note_id).aggregate(last=Max("pk"))["last"]
    return int(found or 0)
