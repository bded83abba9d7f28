"""Suggestion extraction, clustering and ranking (plain functions), and the evaluation."""

from __future__ import annotations

import pytest

from grassroots.brands import cocreation_eval
from grassroots.brands.cocreation import (
    SuggestionIn,
    cluster_keys,
    cluster_suggestions,
    comment_support,
    content_key,
    extract_suggestions,
    is_suggestion,
)
from grassroots.brands.cocreation_corpus import IDEAS, generate


@pytest.mark.parametrize(
    "text",
    [
        "建议加个头托",
        "要是推车能再轻一点就好了",
        "可以出个奶油白配色",
        "希望遮阳篷再大一点",
        "能不能做成单手折叠的",
        "什么时候出旅行装",
        "How about a smaller travel size?",
        "You should add a cup holder",
        "It would be great if the canopy were bigger",
        "遮阳篷可以再做大一点",
    ],
)
def test_suggestions_are_recognised(text):
    assert is_suggestion(text)


@pytest.mark.parametrize(
    "text",
    [
        "好看！",
        "哈哈哈哈",
        "可以的",
        "这个可以",
        "建议收藏",
        "同问",
        "已下单",
        "love it",
        "可以可以～",
    ],
)
def test_chatter_is_not_a_suggestion(text):
    assert not is_suggestion(text)


def test_extraction_keeps_the_suggestion_sentences_once_and_trims_the_lead():
    found = extract_suggestions("颜色很好看，建议加个头托！好评。建议加个头托！")
    assert [f.text for f in found] == ["建议加个头托！"]
    assert found[0].position == 0
    assert extract_suggestions("") == []


def test_keys_are_normalised_and_drop_cue_words():
    assert content_key("建議加個頭托！！") == content_key("建议 加个头托") == "加个头托"
    assert content_key("How about a BIGGER canopy?") == "a bigger canopy"


def test_phrasings_of_one_idea_cluster_apart_from_another():
    keys = [
        "加个头托 宝宝脖子歪",
        "头托 脖子 护颈",
        "宝宝脖子歪 加头托",
        "储物篮 大一点",
        "储物篮做大点",
    ]
    labels = cluster_keys([content_key(k) for k in keys])
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[0]
    assert cluster_keys([]) == [] and cluster_keys(["x"]) == [0]


def _item(ident: int, key: str, *, comment: int, author: int, likes: int = 0) -> SuggestionIn:
    return SuggestionIn(
        ident=ident, key=key, text=key, comment_id=comment, author_id=author, likes=likes
    )


def test_support_counts_each_author_once_and_dampens_likes():
    items = [
        _item(1, "加个头托", comment=1, author=1),
        _item(2, "加个头托", comment=2, author=1),  # the same person again
        _item(3, "加个头托吧", comment=3, author=2, likes=3),
        _item(4, "储物篮大一点", comment=4, author=3, likes=1000),
    ]
    ideas = cluster_suggestions(items)
    head = next(idea for idea in ideas if 1 in idea.members)
    assert head.supporter_count == 2
    assert head.support == pytest.approx(comment_support(0) + comment_support(3))
    viral = next(idea for idea in ideas if 4 in idea.members)
    assert viral.support == pytest.approx(1 + 9.967, abs=0.01)
    assert cluster_suggestions([]) == []


def test_clustering_is_deterministic():
    campaign = generate(seed=3, comments=120)
    items = [
        _item(i, f.key, comment=i, author=c.author, likes=c.likes)
        for i, c in enumerate(campaign.comments)
        for f in extract_suggestions(c.body)[:1]
    ]
    first = [(idea.members, idea.support) for idea in cluster_suggestions(items)]
    assert first == [(idea.members, idea.support) for idea in cluster_suggestions(items)]


def test_generator_plants_zipf_frequencies_and_noise():
    campaign = generate(seed=5, comments=600)
    assert campaign.k == len(IDEAS)
    assert campaign.planted_counts[0] > campaign.planted_counts[-1]
    noise = sum(comment.idea < 0 for comment in campaign.comments)
    assert 0.2 < noise / 600 < 0.4
    assert generate(seed=5, comments=600) == campaign


def test_evaluation_reports_the_figures():
    result = cocreation_eval.run(seed=7)
    assert set(result) >= {"ari", "precision_at_5", "k", "comments", "noise_share"}
    assert result["k"] == len(IDEAS) and result["comments"] == 400
    assert 0.0 <= result["ari"] <= 1.0 and 0.0 <= result["precision_at_5"] <= 1.0
    # Far above chance: the method finds the planted ideas.
    assert result["ari"] > 0.5 and result["precision_at_5"] >= 0.6
