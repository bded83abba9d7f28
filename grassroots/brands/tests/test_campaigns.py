"""Co-creation actions: posting a campaign, incremental idempotent analysis, adoption."""

from __future__ import annotations

import pytest

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands import actions
from grassroots.brands.campaigns import (
    CAMPAIGN_TOPIC,
    campaign_analyse,
    campaign_create,
    idea_adopt,
)
from grassroots.brands.models import Campaign, Idea, IdeaCredit, Suggestion
from grassroots.brands.tests.factories import add_member, make_brand, make_campaign, staff_user
from grassroots.core.errors import Forbidden, NotFound
from grassroots.engagement import actions as engagement
from grassroots.engagement.models import Notification
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db

HEADREST = ["建议加个头托，宝宝脖子总歪", "要是有头托护住脖子就好了", "希望加个头托"]
BASKET = ["储物篮可以再做大一点", "建议储物篮做大一点"]


def test_campaign_is_a_public_note_from_the_brand_account_marked_as_campaign():
    account = UserFactory(username="cloudlet")
    brand = make_brand(account=account)
    owner = brand.members.get().user
    campaign = campaign_create(brand=brand, actor=owner, title="你们想要啥", body="说说看")
    note = Note.objects.get(pk=campaign.note_id)
    assert note.author == account and note.is_listed
    assert list(note.topics.values_list("name", flat=True)) == [CAMPAIGN_TOPIC]
    mine = campaign_create(brand=brand, actor=owner, title="Q", body="B", as_brand=False)
    assert mine.note.author == owner
    assert brand.events.filter(kind="campaign_posted").count() == 2


def test_only_members_of_a_verified_brand_can_ask():
    brand = make_brand(verified=False)
    owner = brand.members.get().user
    with pytest.raises(Forbidden):
        campaign_create(brand=brand, actor=owner, title="Q", body="B")
    with pytest.raises(NotFound):
        campaign_create(brand=brand, actor=UserFactory(), title="Q", body="B")
    verified = make_brand()
    with pytest.raises(Forbidden):
        campaign_create(brand=verified, actor=UserFactory(), title="Q", body="B")
    analyst = UserFactory()
    add_member(verified, analyst)
    assert campaign_create(brand=verified, actor=analyst, title="Q", body="B").pk
    assert Campaign.objects.count() == 1


def test_analysis_is_incremental_and_idempotent_and_keeps_idea_ids():
    comments = [(f"u{i}", text) for i, text in enumerate(HEADREST + BASKET + ["好看", "哈哈"])]
    setup = make_campaign(comments=comments)
    first = campaign_analyse(campaign=setup.campaign)
    assert (first.new_comments, first.new_suggestions, first.ideas) == (7, 5, 2)
    ideas = list(Idea.objects.filter(campaign=setup.campaign).order_by("rank"))
    assert ideas[0].supporter_count == 3 and ideas[1].supporter_count == 2
    before = {(i.pk, i.rank, i.label, i.support) for i in ideas}

    again = campaign_analyse(campaign=setup.campaign)
    assert (again.new_comments, again.new_suggestions) == (0, 0)
    after = {
        (i.pk, i.rank, i.label, i.support) for i in Idea.objects.filter(campaign=setup.campaign)
    }
    assert after == before
    assert Suggestion.objects.filter(campaign=setup.campaign).count() == 5

    # New comments are picked up; the basket idea overtakes with the same id.
    for n in range(3):
        author = UserFactory(username=f"late{n}")
        engagement.comment_create(
            note=setup.campaign.note, author=author, body="储物篮再大一点吧，建议"
        )
    third = campaign_analyse(campaign=setup.campaign)
    assert third.new_comments == 3
    ranked = list(Idea.objects.filter(campaign=setup.campaign).order_by("rank"))
    assert ranked[0].pk == ideas[1].pk and ranked[0].supporter_count == 5
    assert ranked[1].pk == ideas[0].pk


def test_likes_raise_support_and_deleted_or_brand_comments_do_not_count():
    setup = make_campaign(comments=[("a1", BASKET[0]), ("a2", HEADREST[0])])
    liker = UserFactory()
    engagement.comment_like(user=liker, comment=setup.comments[0])
    engagement.comment_create(note=setup.campaign.note, author=setup.owner, body="建议大家多提建议")
    campaign_analyse(campaign=setup.campaign)
    ideas = list(Idea.objects.filter(campaign=setup.campaign).order_by("rank"))
    assert len(ideas) == 2  # the owner's own comment is not a community suggestion
    assert ideas[0].like_count == 1 and ideas[0].support > ideas[1].support
    engagement.comment_delete(comment=setup.comments[0], actor=setup.comments[0].author)
    campaign_analyse(campaign=setup.campaign)
    assert Idea.objects.filter(campaign=setup.campaign).count() == 1


def test_adoption_credits_and_notifies_authors_once_and_survives_reanalysis():
    comments = [("fan1", HEADREST[0]), ("fan2", HEADREST[1]), ("fan3", BASKET[0])]
    setup = make_campaign(comments=comments)
    engagement.comment_create(
        note=setup.campaign.note, author=setup.comments[0].author, body=HEADREST[2]
    )
    campaign_analyse(campaign=setup.campaign)
    idea = Idea.objects.get(campaign=setup.campaign, rank=1)
    analyst = UserFactory()
    add_member(setup.brand, analyst)
    with pytest.raises(Forbidden):
        idea_adopt(idea=idea, actor=analyst)
    with pytest.raises(Forbidden):
        idea_adopt(idea=idea, actor=UserFactory())
    assert idea_adopt(idea=idea, actor=setup.owner) is True
    assert idea_adopt(idea=idea, actor=setup.owner) is False
    credited = set(IdeaCredit.objects.filter(idea=idea).values_list("user__username", flat=True))
    assert credited == {"fan1", "fan2"}
    notified = Notification.objects.filter(kind="idea_adopted")
    assert sorted(n.recipient.username for n in notified) == ["fan1", "fan2"]
    assert all(n.note_id == setup.campaign.note_id for n in notified)
    # Its comments deleted, the adopted idea stays with its credits.
    for comment in setup.comments[:2]:
        engagement.comment_delete(comment=comment, actor=comment.author)
    engagement.comment_delete(
        comment=setup.comments[0].author.comments.exclude(pk=setup.comments[0].pk).get(),
        actor=setup.comments[0].author,
    )
    campaign_analyse(campaign=setup.campaign)
    kept = Idea.objects.get(pk=idea.pk)
    assert kept.adopted_at is not None and kept.credits.count() == 2
    assert setup.brand.events.filter(kind="idea_adopted").count() == 1


def test_analysis_by_a_non_member_is_refused():
    setup = make_campaign(comments=[("b1", BASKET[0])])
    with pytest.raises(Forbidden):
        campaign_analyse(campaign=setup.campaign, actor=UserFactory())
    assert not Suggestion.objects.exists()
    actions.brand_unverify(brand=setup.brand, actor=staff_user())
    with pytest.raises(NotFound):
        campaign_analyse(campaign=setup.campaign, actor=UserFactory())


def test_the_command_refreshes_campaigns_with_new_comments_only():
    from io import StringIO

    from django.core.management import CommandError, call_command

    setup = make_campaign(comments=[("c1", BASKET[0]), ("c2", BASKET[1])])
    quiet = make_campaign()
    out = StringIO()
    call_command("cocreation_analyse", stdout=out)
    assert f"campaign {setup.campaign.pk}: 2 new comments" in out.getvalue()
    assert f"campaign {quiet.campaign.pk}:" not in out.getvalue()
    assert Idea.objects.filter(campaign=setup.campaign).count() == 1
    again = StringIO()
    call_command("cocreation_analyse", stdout=again)
    assert again.getvalue().strip() == "0 campaigns analysed."
    with pytest.raises(CommandError):
        call_command("cocreation_analyse", campaign=987654)
