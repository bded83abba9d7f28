import random

import pytest

from grassroots.text import bigrams, sentences, stem, topics, words, words_and_bigrams
from grassroots.text.segment import query_bigrams


def test_red_wine_question():
    assert words("开了的红酒放三个月还能喝吗") == [
        "开", "了", "的", "红酒", "放", "三个", "月", "还", "能", "喝", "吗",
    ]  # fmt: skip


def test_search_mode_emits_sub_words():
    tokens = words("消毒液盖子拧不开怎么办")
    assert {"消毒", "消毒液", "盖子", "怎么办"} <= set(tokens)


def test_english_question_is_lower_cased_and_stemmed():
    assert words("Is this stroller good for a newborn's neck?") == [
        "is", "this", "stroller", "good", "for", "a", "newborn", "neck",
    ]  # fmt: skip


def test_stemming():
    assert stem("strollers") == "stroller"
    assert words("Strollers") == ["stroller"]
    assert words("newborn’s") == ["newborn"]


def test_mixed_chinese_and_english_keeps_order():
    assert words("iPhone 15 发热") == [stem("iphone"), "15", "发热"]


def test_letters_and_digits_split_so_spacing_does_not_matter():
    assert words("iPhone15") == words("iphone 15")


def test_numbers_with_decimals_stay_whole():
    assert words("3.5寸屏")[:1] == ["3.5"]


def test_emoji_are_tokens_without_variation_selectors():
    assert words("好喝😋❤️") == ["好喝", "😋", "❤"]


def test_topics_are_whole_tokens_after_the_text():
    # "#红酒#好喝": the closing "#" ends the tag, 好喝 is text (as in notes.queries).
    tokens = words("今天喝了红酒 #宝宝辅食 #红酒#好喝")
    assert tokens[-2:] == ["宝宝辅食", "红酒"]
    assert {"宝宝", "辅食", "好喝"} <= set(tokens[:-2])


def test_topics_helper():
    assert topics("#寶寶辅食 和 ＃红酒 a#b") == ["宝宝辅食", "红酒"]


def test_punctuation_and_spaces_are_not_tokens():
    assert words("，。!? ...   \n") == []
    assert words("") == []


def test_traditional_text_gives_simplified_tokens():
    assert "宝宝" in words("寶寶喜歡")


def test_full_width_input():
    assert words("ＡＢＣ１２３") == ["abc", "123"]


def test_bigrams_overlap_and_every_character_starts_one():
    assert bigrams("红酒还能喝吗") == ["红酒", "酒还", "还能", "能喝", "喝吗", "吗"]


def test_bigrams_single_character_runs_and_latin_ignored():
    assert bigrams("歪! iPhone 好") == ["歪", "好"]
    assert bigrams("hello") == []


def test_bigrams_normalise_first():
    assert bigrams("寶寶") == ["宝宝", "宝"]


def test_query_bigrams_have_no_trailing_unigram():
    assert query_bigrams("红酒") == ["红酒"]
    assert query_bigrams("歪") == ["歪"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("放了三个月。还能喝吗？\n我觉得不行！", ["放了三个月。", "还能喝吗？", "我觉得不行！"]),
        ("Try it. 3.5 is ok～好的", ["Try it.", "3.5 is ok～", "好的"]),
        ("短。", ["短。"]),
        ("wait... what?!", ["wait...", "what?!"]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_sentences_keep_original_characters():
    assert sentences("寶寶ＯＫ嗎？好") == ["寶寶ＯＫ嗎？", "好"]


def test_private_use_characters_in_text_are_harmless():
    assert words("红酒\ue000好喝 a\ue000b") == ["红酒", "好喝", "a", "b"]


def test_words_and_bigrams_equal_the_separate_calls():
    text = "寶寶推車 iPhone15 好用😀 #好物分享"
    assert words_and_bigrams(text) == (words(text), bigrams(text))


def test_tokens_are_never_empty_and_never_hold_whitespace():
    # The search index joins tokens with spaces and splits them again on whitespace.
    from grassroots.seed.compose import Composer

    composer = Composer()
    rng = random.Random(7)
    for index in range(300):
        sub = composer.subcategories[index % len(composer.subcategories)]
        note = composer.note(rng, sub, english=index % 5 == 0)
        for token in [*words(note.title + "\n" + note.body), *bigrams(note.body)]:
            assert token
            assert not any(char.isspace() for char in token), repr(token)
