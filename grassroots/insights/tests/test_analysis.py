"""Sentence analysis: splitting, needs, complaints, aspects, terms, clustering, gazetteer."""

from __future__ import annotations

from collections.abc import Sequence

from grassroots.insights import clustering, gazetteer
from grassroots.insights.analysis import analyse, split_sentences


def test_split_at_punctuation_and_emoji_without_topics() -> None:
    text = "先说结论：看需求。多问问过来人✨宝宝一睡着头总往一边倒，只能用毛巾卷起来塞着。\n#婴儿车"
    assert split_sentences(text) == [
        "先说结论：看需求。",
        "多问问过来人",
        "宝宝一睡着头总往一边倒，只能用毛巾卷起来塞着。",
    ]


def test_needs_and_wishes_in_chinese_and_english() -> None:
    texts = [
        "要是有小一号就好了",
        "希望出个mini款",
        "什么时候出儿童款",
        "I wish it came in a smaller size",
        "It would be great if the strap were longer",
        "希望对你有帮助",
        "蹲一个链接",
        "今天天气不错",
    ]
    needs = [result.is_need for result in analyse(texts)]
    assert needs == [True, True, True, True, True, False, False, False]


def test_complaints_are_negative_and_carry_aspects() -> None:
    (delivery, headrest, praise) = analyse(
        ["东西是不错，就是快递太慢了", "最大的问题是没有头托，宝宝脖子歪", "做工很扎实，很满意"]
    )
    assert delivery.is_complaint and delivery.label == "negative"
    assert "物流" in delivery.aspects  # 快递 is written as its synonym group's first word
    assert headrest.is_complaint and {"头托", "颈部"} <= set(headrest.aspects)
    assert not praise.is_complaint and praise.label == "positive"
    assert "做工" in praise.aspects


def test_brand_names_stay_out_of_terms() -> None:
    (result,) = analyse(["小云朵轻便推车没有头托"], exclude=["小云朵轻便推车"])
    assert "头托" in result.terms
    assert not any("小云朵" in term for term in result.terms)


def test_gazetteer_matches_longest_names_and_word_boundaries() -> None:
    gaz = gazetteer.build(
        [(1, "小云朵", ["Cloudlet"], None), (2, "Jie", [], 7)],
        [(10, 1, "小云朵轻便推车", ["云朵推车"])],
    )
    assert gaz.find("推小云朵轻便推车出门") == [(1, 10)]
    assert gaz.find("小云朵的伞车") == [(1, None)]
    assert gaz.find("my CLOUDLET stroller") == [(1, None)]
    assert gaz.find("jieba is a segmenter") == []
    assert gaz.find("Jie, again") == [(2, None)]
    assert gaz.accounts == {7: 2}


def _items(rows: Sequence[tuple[str, ...]]) -> list[clustering.Item]:
    return [
        clustering.Item(id=i, terms=terms, is_need=False, is_complaint=True, score=-0.8, text="")
        for i, terms in enumerate(rows)
    ]


def test_discovery_groups_similar_sentences_and_drops_rare_ones() -> None:
    rows = [("快递", "太慢")] * 4 + [("快递", "太慢", "催")] * 2 + [("头托", "脖子", "歪")] * 3
    rows += [("天气", "晴朗")]
    clusters, idf = clustering.discover(_items(rows), min_support=3)
    sizes = sorted(cluster.size for cluster in clusters)
    assert sizes == [3, 6]
    labels = [clustering.label_terms(cluster.centroid()) for cluster in clusters]
    assert any("快递" in label for label in labels)
    index = clustering.ThemeIndex(
        [(i, cluster.centroid()) for i, cluster in enumerate(clusters)], idf
    )
    assert index.assign(("快递", "太慢", "客服")) == 0
    assert index.assign(("天气", "晴朗")) is None


def test_theme_keys_are_stable() -> None:
    assert clustering.theme_key(["头托", "脖子"]) == clustering.theme_key(["脖子", "头托"])


def test_synonyms_share_one_term() -> None:
    white, fake_white, english = analyse(["涂完泛白", "假白太明显", "white cast太重了"])
    assert "泛白" in white.terms and "泛白" in fake_white.terms and "泛白" in english.terms
    small, mini = analyse(["要是有小一号就好了", "希望出个mini款"])
    assert "小号" in small.terms and "小号" in mini.terms


def test_clusters_leading_with_the_same_aspect_join() -> None:
    white = clustering.Cluster(weights={"泛白": 1.0, "拍照": 0.5}, members=[1, 2, 3])
    white.groups = [(("泛白", "拍照"), 3)]
    white.complaints = 3
    white.score_sum = -2.4
    other = clustering.Cluster(weights={"泛白": 1.0, "太重": 0.5, "颈部": 0.4}, members=[4, 5])
    other.groups = [(("泛白", "太重", "颈部"), 2)]
    other.complaints = 2
    other.score_sum = -1.6
    neck = clustering.Cluster(weights={"颈部": 1.0, "睡着": 0.5}, members=[6, 7, 8])
    neck.groups = [(("颈部", "睡着"), 3)]
    neck.complaints = 3
    neck.score_sum = -2.4
    merged = clustering.merge_by_aspect([white, other, neck], {"泛白", "颈部"})
    assert sorted(cluster.size for cluster in merged) == [3, 5]
