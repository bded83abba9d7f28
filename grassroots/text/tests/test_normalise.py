import unicodedata

import pytest
from opencc import OpenCC

from grassroots.text import normalize
from grassroots.text.normalise import to_simplified


def test_full_width_letters_and_digits_become_half_width():
    assert normalize("ＡＢＣ１２３") == "abc123"


def test_full_width_punctuation_and_topic_mark_become_half_width():
    assert normalize("＃红酒！") == "#红酒!"


def test_traditional_becomes_simplified():
    assert normalize("寶寶") == "宝宝"
    assert normalize("這個嬰兒推車") == "这个婴儿推车"


def test_simplified_text_is_unchanged():
    assert to_simplified("这个婴儿推车真的很好用") == "这个婴儿推车真的很好用"


def test_lower_case():
    assert normalize("iPhone MacBook") == "iphone macbook"


def test_emoji_and_topic_marks_are_kept():
    assert normalize("好喝😋 #红酒 ❤️") == "好喝😋 #红酒 ❤️"


def test_empty_and_ascii():
    assert normalize("") == ""
    assert normalize("Hello World") == "hello world"


@pytest.mark.parametrize(
    "text",
    [
        "這個嬰兒推車真的很好用，寶寶坐著很舒服！",
        "乾隆年間的紅酒",  # OpenCC phrase: 乾 stays in 乾隆
        "一目瞭然，我不瞭解他",  # 瞭 → 了 only inside phrases
        "衣服乾淨了",
        "ＡＢＣ１２３ ① ㍿ ｶﾞ ﬁ 𝐀𝐁 é",  # compatibility forms, combining accent, math letters
        "覆蓋率很高 #好物分享 😀",
    ],
)
def test_same_result_as_nfkc_then_opencc(text):
    expected = OpenCC("t2s").convert(unicodedata.normalize("NFKC", text)).lower()
    assert normalize(text) == expected


def test_traditional_phrase_is_converted_as_opencc_does():
    assert normalize("乾坤") == "乾坤"
    assert normalize("乾淨") == "干净"
    assert to_simplified("瞭解") == "了解"
