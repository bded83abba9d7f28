from grassroots.text import QueryTerms, query_terms


def test_question_drops_stop_words():
    terms = query_terms("开了的红酒放三个月还能喝吗")
    assert "红酒" in terms.words
    assert not {"的", "了", "吗", "还", "能"} & set(terms.words)
    assert "红酒" in terms.bigrams
    assert terms.phrase == "开了的红酒放三个月还能喝吗"


def test_disinfectant_question():
    terms = query_terms("消毒液盖子拧不开怎么办")
    assert {"消毒液", "盖子"} <= set(terms.words)
    assert "怎么办" not in terms.words


def test_english_question():
    terms = query_terms("is this stroller good for a newborn's neck")
    assert terms.words == ["stroller", "good", "newborn", "neck"]
    assert terms.bigrams == []


def test_one_character_query_is_usable():
    terms = query_terms("歪")
    assert terms.words == ["歪"]
    assert terms.bigrams == ["歪"]
    assert not terms.is_empty


def test_two_character_query():
    terms = query_terms("红酒")
    assert terms.words == ["红酒"]
    assert terms.bigrams == ["红酒"]


def test_only_stop_words_are_kept():
    assert query_terms("的").words == ["的"]


def test_mixed_query():
    terms = query_terms("iPhone 15 发热")
    assert terms.words[1:] == ["15", "发热"]
    assert terms.phrase == "iphone 15 发热"


def test_traditional_query_matches_simplified_terms():
    assert query_terms("寶寶").words == query_terms("宝宝").words


def test_topics_and_phrase_without_marks():
    terms = query_terms("#宝宝辅食  推荐")
    assert terms.topics == ["宝宝辅食"]
    assert terms.phrase == "宝宝辅食 推荐"


def test_duplicates_removed():
    assert query_terms("红酒 红酒").words == ["红酒"]


def test_empty_query():
    terms = query_terms("  ？？ ")
    assert terms == QueryTerms(phrase="??")
    assert terms.is_empty


def test_long_query_is_handled():
    terms = query_terms("红酒" * 500)
    assert terms.words == ["红酒"]
    assert set(terms.bigrams) == {"红酒", "酒红"}
