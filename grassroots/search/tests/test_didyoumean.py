"""Did-you-mean: same pinyin or a small edit distance to a popular query or topic."""

from __future__ import annotations

import pytest

from grassroots.feed.tests.factories import TopicFactory
from grassroots.search.didyoumean import did_you_mean, edit_distance
from grassroots.search.hot import demand_record
from grassroots.search.suggest import suggest_index_reset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index():
    suggest_index_reset()
    yield
    suggest_index_reset()


def asked(query, searchers):
    for n in range(searchers):
        demand_record(query=query, searcher=f"s{n}")


def test_edit_distance():
    assert edit_distance("红酒", "红酒", limit=2) == 0
    assert edit_distance("红久", "红酒", limit=2) == 1
    assert edit_distance("stroller", "strolelr", limit=2) == 2
    assert edit_distance("abc", "xyzabc", limit=2) == 3  # gave up past the limit


def test_same_pinyin_wins():
    TopicFactory(name="红酒", note_count=30)
    assert did_you_mean("红久") == "红酒"


def test_one_typo_against_popular_queries():
    asked("stroller newborn", 4)
    asked("stroller", 2)
    assert did_you_mean("stroler newborn") == "stroller newborn"
    assert did_you_mean("strollr") == "stroller"


def test_no_proposal_when_nothing_is_near_or_identical():
    TopicFactory(name="红酒", note_count=30)
    assert did_you_mean("完全不同的问题") is None
    assert did_you_mean("红酒") is None
    assert did_you_mean("") is None
    assert did_you_mean("x" * 500) is None


def test_the_more_popular_of_two_equally_near_candidates():
    TopicFactory(name="防晒霜", note_count=50)
    TopicFactory(name="防晒衣", note_count=5)
    assert did_you_mean("防晒箱") == "防晒霜"


def test_answers_are_remembered_for_the_life_of_the_index(django_assert_num_queries):
    TopicFactory(name="红酒", note_count=30)
    assert did_you_mean("红久") == "红酒"
    with django_assert_num_queries(0):
        assert did_you_mean("红久") == "红酒"
        assert did_you_mean("没有的") is None
