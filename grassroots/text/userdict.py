"""The word segmenter and its user dictionary.

rjieba's dictionary knows general Chinese; topic names, brands and product names
(``好孩子婴儿推车``, ``戴森吹风机``, ``绝绝子``) are not in it and would be cut into pieces.
``rjieba.Jieba.add_word`` adds a word at run time (measured: the added word then comes out
whole from both ``cut`` and ``cut_for_search``; search mode also still emits its dictionary
two- and three-character sub-words, so ``好孩子婴儿推车`` yields 好孩子 / 婴儿 / 推车 /
好孩子婴儿推车), so no post-segmentation merge of adjacent tokens is needed. Cost, measured
with `grassroots.text.benchmark`: loading 10,788 words takes 0.03 s and segmentation speed
does not change measurably.

Every process builds one segmenter on first use and loads the shipped list
``data/userdict.txt`` into it; callers add more words (topic names from the database, brand
names) with `load_user_dictionary`. Because search mode keeps the short sub-words, a process
whose dictionary lacks a word still produces most pieces the index holds, so an indexer and a
web process with slightly different dictionaries still match each other on those pieces.

Only entries containing Chinese characters matter: the segmenter sees Chinese runs only
(Latin words and numbers are tokenised separately, see `grassroots.text.segment`), so
``iPhone 15`` needs no entry. Entries are normalised first (``寶寶`` → ``宝宝``); characters
other than Chinese ones are dropped from an entry that has both, keeping its longest
Chinese run (``小米13`` → ``小米``).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterable
from importlib import resources

import rjieba

from grassroots.text.normalise import CJK_RUN_RE, normalize

SHIPPED_DICTIONARY = "userdict.txt"

# Serialises dictionary writers. Readers take no lock: rjieba refuses (RuntimeError "Already
# borrowed") to cut while a word is being added, or to add while a cut runs, in which case
# the side that was refused waits briefly and tries again.
_lock = threading.Lock()
_BUSY_RETRIES = 10_000


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


def _is_busy(error: RuntimeError) -> bool:
    return "borrow" in str(error).lower()


def cut_for_search(text: str) -> list[str]:
    """rjieba search-mode segmentation with this process's dictionary; thread-safe."""
    jieba = segmenter()
    for _ in range(_BUSY_RETRIES):
        try:
            return jieba.cut_for_search(text)
        except RuntimeError as error:  # a word is being added right now
            if not _is_busy(error):
                raise
            with _lock:  # wait for the writer
                pass
    return jieba.cut_for_search(text)


def _add_word(jieba: rjieba.Jieba, entry: str) -> None:
    for _ in range(_BUSY_RETRIES):
        try:
            # freq=None lets rjieba pick a frequency high enough to keep the word whole.
            jieba.add_word(entry, None, None)
            return
        except RuntimeError as error:  # a cut is running right now
            if not _is_busy(error):
                raise
            time.sleep(0.0001)
    jieba.add_word(entry, None, None)


def _add_words(jieba: rjieba.Jieba, words: Iterable[str]) -> int:
    added = 0
    with _lock:
        for word in words:
            entry = dictionary_entry(word)
            if entry is not None and not jieba.has_word(entry):
                _add_word(jieba, entry)
                added += 1
    return added


def load_user_dictionary(words: Iterable[str]) -> int:
    """Add topic names, brands and product names so the segmenter keeps them whole.

    Returns how many words were new. Known words are skipped, so calling it again with a
    growing list is cheap; it may run while other threads segment text. Load the same words
    in every process that analyses text (indexer and web) so documents and queries are cut
    alike — though search mode keeps sub-words, so a missing entry only loses the whole word.
    """
    return _add_words(segmenter(), words)
