import threading

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


def test_adding_words_while_other_threads_segment():
    # rjieba refuses to add a word during a cut (and the reverse); both sides retry.
    errors: list[BaseException] = []
    text = "开了的红酒放三个月还能喝吗，消毒液盖子拧不开怎么办" * 200

    def segment_repeatedly():
        try:
            for _ in range(30):
                assert "红酒" in words(text)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=segment_repeatedly) for _ in range(2)]
    for thread in threads:
        thread.start()
    new_words = [f"并发测试{chr(0x5000 + number)}词" for number in range(3000)]
    added = load_user_dictionary(new_words)
    for thread in threads:
        thread.join()
    assert errors == []
    assert added == len({dictionary_entry(word) for word in new_words})  # t2s merges a few
    assert new_words[7] in words(f"这是{new_words[7]}吗")
