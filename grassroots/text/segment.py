"""Tokens: what search, insights and the feed agree a word is.

All functions take raw text and normalise it first (`grassroots.text.normalise.normalize`:
NFKC, traditional → simplified, lower case). A **token** (from `words`) is one of:

- a Chinese word from rjieba's *search mode* (``cut_for_search``) with the user dictionary
  loaded: long words come out together with their dictionary sub-words, so
  ``消毒液`` gives 消毒 / 毒液 / 消毒液 — a query for any of them finds the text;
- an English (or other space-separated script) word, lower-cased and Snowball-stemmed
  (``strollers`` → ``stroller``, ``newborn's`` → ``newborn``); letters and digits are split
  (``iphone15`` → ``iphone`` ``15``) so ``iPhone15`` and ``iPhone 15`` agree;
- a number (``15``, ``3.5``);
- an emoji, one per pictograph (``😀``); variation selectors and joiners are dropped;
- a ``#topic``: the topic name as one token, appended after the text's own tokens (the
  topic's words are also in the stream at their place, so phrases still match).

Punctuation and whitespace are never tokens. Stop words are **kept** (the index stores them
so phrase queries and answer extraction see every word); `grassroots.text.analyze` drops them
from queries only.

`bigrams` is the second, lower-weighted view for Chinese: overlapping character pairs of every
Chinese run, so new slang and unknown brand names match even when the segmenter cuts them
oddly. `sentences` splits text for answer extraction and keeps the original characters.

Throughput on 20,000 seed notes (273 UTF-8 bytes each), one core: `words` ~28,000 notes/s
(7.7 MB/s; rjieba alone 24.6 MB/s), `bigrams` ~61,000 notes/s, `words_and_bigrams`
~21,000 notes/s (5.8 MB/s). Details and how to re-run: `grassroots.text.benchmark`.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Any

from grassroots.text.normalise import CJK_CHARS, CJK_RUN_RE, EMOJI_CHARS, normalize
from grassroots.text.userdict import cut_for_search

# Everything that is not Chinese; these runs are tokenised by regex, not by the segmenter.
_NON_CJK_RUN_RE = re.compile(f"[^{CJK_CHARS}]+")
# Inside a non-Chinese run: letters of a script (no digits, no underscore), numbers, emoji.
_PLAIN_TOKEN_RE = re.compile(f"[^\\W\\d_]+(?:'[^\\W\\d_]+)*|\\d+(?:\\.\\d+)?|[{EMOJI_CHARS}]")
# Stands in for each non-Chinese run so the whole text goes through rjieba in one call and
# tokens keep their order; a private-use character, never a Han character, so rjieba emits
# it alone. Any such character already in the text is inside a replaced run.
_PLACEHOLDER = "\ue000"

# Mirrors grassroots.notes.queries.HASHTAG_RE (this package does not import Django apps):
# "#" not glued to a word, URL or entity, up to whitespace, punctuation or a closing "#".
_TOPIC_STOP = r"\s#@,.!?;:()\[\]{}<>\"'/\\|，。！？、；：（）【】《》「」『』“”‘’…·%&=+*^$~`"
TOPIC_RE = re.compile(rf"(?<![a-z0-9_&/])#([^{_TOPIC_STOP}]{{1,30}})#?")

# Sentence ends: Chinese and Latin full stops, ! ? ; … ～ and line breaks. The end mark stays
# with its sentence. A "." only ends a sentence before whitespace (keeps 3.5 and x.com).
_SENTENCE_RE = re.compile(
    r"(?:[^\n。！？!?；;…～~.]|\.(?!\s|\.|$))*(?:[。！？!?；;…～~]+|\.+|\n|$)"
)

# Bounded memo of plain-token → index form (stemming is the costly part; words repeat).
_PLAIN_CACHE_MAX = 200_000
_plain_cache: dict[str, str] = {}
# Memo of short non-Chinese run → its tokens (callers get the shared list: never mutate it).
_RUN_CACHE_MAX = 50_000
_RUN_CACHE_KEY_MAX = 16
_run_cache: dict[str, list[str]] = {}
# One match per Chinese character: it and the next character when that is Chinese too.
_BIGRAM_RE = re.compile(f"(?=([{CJK_CHARS}][{CJK_CHARS}]?))")


@functools.cache
def _stem_word() -> Any:
    """Snowball English stemmer (snowballstemmer uses PyStemmer's C code when installed)."""
    import snowballstemmer

    return snowballstemmer.stemmer("english").stemWord


def stem(word: str) -> str:
    """The index form of one plain (non-Chinese) token: stemmed when it is ASCII letters."""
    cached = _plain_cache.get(word)
    if cached is not None:
        return cached
    if len(word) > 2 and word.isascii() and word.replace("'", "").isalpha():
        result: str = _stem_word()(word)
    else:
        result = word
    if len(_plain_cache) >= _PLAIN_CACHE_MAX:
        _plain_cache.clear()
    _plain_cache[word] = result
    return result


def _plain_tokens(run: str) -> list[str]:
    if "’" in run:
        run = run.replace("’", "'")
    return [stem(token) for token in _PLAIN_TOKEN_RE.findall(run)]


def _run_tokens(run: str) -> list[str]:
    """Tokens of one non-Chinese run; short runs ("，", " 15 ", "1️⃣") repeat, so are memoised."""
    cached = _run_cache.get(run)
    if cached is not None:
        return cached
    tokens = _plain_tokens(run)
    if len(run) <= _RUN_CACHE_KEY_MAX:
        if len(_run_cache) >= _RUN_CACHE_MAX:
            _run_cache.clear()
        _run_cache[run] = tokens
    return tokens


def topics(text: str) -> list[str]:
    """Normalised ``#topic`` names in `text`, first-occurrence order, without duplicates."""
    return list(dict.fromkeys(TOPIC_RE.findall(normalize(text))))


def _words_normalised(norm: str) -> list[str]:
    runs = _NON_CJK_RUN_RE.findall(norm)
    if not runs:  # all Chinese
        return cut_for_search(norm)
    if len(runs) == 1 and runs[0] == norm:  # no Chinese at all
        return _plain_tokens(norm)
    next_run = iter([_run_tokens(run) for run in runs]).__next__
    out: list[str] = []
    for token in cut_for_search(_NON_CJK_RUN_RE.sub(_PLACEHOLDER, norm)):
        if token == _PLACEHOLDER:
            out.extend(next_run())
        else:
            out.append(token)
    return out


def words(text: str) -> list[str]:
    """Search-mode tokens of `text` in order, then its ``#topic`` names (see module doc).

    >>> words("iPhone 15 发热 #数码好物")
    ['iphon', '15', '发热', '数码', '好物', '数码好物']
    """
    return _words_with_topics(normalize(text))


def _words_with_topics(norm: str) -> list[str]:
    if not norm:
        return []
    out = _words_normalised(norm)
    if "#" in norm:
        out.extend(dict.fromkeys(TOPIC_RE.findall(norm)))
    return out


def _pairs(run: str) -> map[str]:
    return map(operator.add, run, run[1:])


def _bigrams_normalised(norm: str) -> list[str]:
    found: list[str] = _BIGRAM_RE.findall(norm)
    return found


def bigrams(text: str) -> list[str]:
    """Overlapping Chinese character bigrams of `text`, for the lower-weighted index field.

    Each Chinese run ``c1 c2 … cn`` gives ``c1c2, c2c3, …, c(n-1)cn`` and then ``cn`` alone,
    so **every Chinese character of the text starts exactly one token**: a one-character
    query ``歪`` finds every occurrence with a prefix query (``歪*``) on this field, and a
    one-character run is its own token. Non-Chinese text gives no bigrams.

    >>> bigrams("红酒还能喝吗？歪")
    ['红酒', '酒还', '还能', '能喝', '喝吗', '吗', '歪']
    """
    return _bigrams_normalised(normalize(text))


def words_and_bigrams(text: str) -> tuple[list[str], list[str]]:
    """``(words(text), bigrams(text))`` normalising once — what an indexer wants."""
    norm = normalize(text)
    return _words_with_topics(norm), _bigrams_normalised(norm)


def query_bigrams(text: str) -> list[str]:
    """Bigrams of a query: overlapping pairs only (a phrase over the index's positions);
    a one-character run gives that character."""
    out: list[str] = []
    for run in CJK_RUN_RE.findall(normalize(text)):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(_pairs(run))
    return out


def sentences(text: str) -> list[str]:
    """Sentences of `text` (original characters, stripped), for answer extraction.

    Splits after 。！？!?；;…～~, after "." followed by a space, and at line breaks. Short
    clauses are kept (an answer can be "放冰箱就好了。"); empty pieces are dropped.
    """
    if not text:
        return []
    found = (piece.strip() for piece in _SENTENCE_RE.findall(text))
    return [piece for piece in found if piece]
