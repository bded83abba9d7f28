"""The word segmenter and its user dictionary.

rjieba's dictionary knows general Chinese; topic names, brands and product names
(``好孩子婴儿推车``, ``戴森吹风机``, ``绝绝子``) are not in it and would be cut into pieces.
``rjieba.Jieba.add_word`` adds a word at run time (measured: the added word then comes out
whole from both ``cut`` and ``cut_for_search``; search mode also still emits its dictionary
sub-words, so ``好孩子婴儿推车`` yields 好孩子 / 婴儿 / 推车 / 好孩子婴儿推车), so no
post-segmentation merge of adjacent tokens is needed.

Every process builds one segmenter on first use and loads the shipped list
``data/userdict.txt`` into it; callers add more words (topic names from the database, brand
names) with `load_user_dictionary`. Because search mode keeps the sub-words, a process whose
dictionary lacks a word still produces the pieces the index holds, so an indexer and a web
process with slightly different dictionaries still match each other.

Only entries containing Chinese characters matter: the segmenter sees Chinese runs only
(Latin words and numbers are tokenised separately, see `grassroots.text.segment`), so
``iPhone 15`` needs no entry. Entries are normalised first (``寶寶`` → ``宝宝``); characters
other than Chinese ones are dropped from an entry that has both, keeping its longest
Chinese run (``小米13`` → ``小米``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from importlib import resources

import rjieba

from grassroots.text.normalise import CJK_RUN_RE, normalize

SHIPPED_DICTIONARY = "userdict.txt"

_lock = threading.Lock()


def shipped_words() -> list[str]:
    """The words of the shipped list (one per line; blank lines and ``#`` comments skipped)."""
    text = resources.files("grassroots.text").joinpath("data", SHIPPED_DICTIONARY)
    words: list[str] = []
    for line in text.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.append(word)
    return words


@functools.cache
def segmenter() -> rjieba.Jieba:
    """This process's rjieba segmenter, with the shipped user dictionary loaded."""
    jieba = rjieba.Jieba()
    _add_words(jieba, shipped_words())
    return jieba


def dictionary_entry(word: str) -> str | None:
    """The form `word` takes in the segmenter's dictionary, or None when it has no Chinese."""
    runs = CJK_RUN_RE.findall(normalize(word))
    if not runs:
        return None
    entry: str = max(runs, key=len)
    return entry if len(entry) >= 2 else None


def _add_words(jieba: rjieba.Jieba, words: Iterable[str]) -> int:
    added = 0
    with _lock:
        for word in words:
            entry = dictionary_entry(word)
            if entry is not None and not jieba.has_word(entry):
                # freq=None lets rjieba pick a frequency high enough to keep the word whole.
                jieba.add_word(entry, None, None)
                added += 1
    return added


def load_user_dictionary(words: Iterable[str]) -> None:
    """Add topic names, brands and product names so the segmenter keeps them whole.

    Safe to call repeatedly (known words are skipped). Call it at start-up (indexer and web
    processes alike) rather than while other threads segment text: rjieba mutates its
    dictionary in place.
    """
    _add_words(segmenter(), words)
