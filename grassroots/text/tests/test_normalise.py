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
