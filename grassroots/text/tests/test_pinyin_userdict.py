from grassroots.text import load_user_dictionary, pinyin_initials, to_pinyin, words
from grassroots.text.userdict import dictionary_entry, segmenter, shipped_words


def test_pinyin():
    assert to_pinyin("推车") == "tuiche"
    assert pinyin_initials("推车") == "tc"


def test_pinyin_normalises_and_keeps_latin():
    assert to_pinyin("推車") == "tuiche"
    assert pinyin_initials("iPhone 推车！") == "iphonetc"


def test_user_dictionary_keeps_a_brand_whole():
    brand = "栗子果果轻跑推车"
    assert brand not in words(brand)
    load_user_dictionary([brand])
    tokens = words(f"刚买了{brand}，很轻")
    assert brand in tokens
    assert "推车" in tokens  # search mode still emits the sub-words


def test_user_dictionary_entries_are_normalised():
    assert dictionary_entry("寶寶輔食") == "宝宝辅食"
    assert dictionary_entry("小米13") == "小米"
    assert dictionary_entry("iPhone") is None
    assert dictionary_entry("后") is None


def test_shipped_dictionary_is_loaded():
    shipped = shipped_words()
    assert "绝绝子" in shipped
    assert all(not word.startswith("#") for word in shipped)
    assert segmenter().has_word("城市漫步")
    assert "城市漫步" in words("周末去城市漫步")
