"""Text normalisation shared by search, insights and the feed.

`normalize(text)` is the one canonical form every analyser starts from:

1. Unicode NFKC: full-width Latin letters, digits and punctuation become their half-width
   forms (``ＡＢＣ１２３`` → ``ABC123``, ``＃`` → ``#``), compatibility characters are
   folded (``ｶ`` → ``カ``, ``①`` → ``1``).
2. Traditional → simplified Chinese with OpenCC's ``t2s`` tables (``寶寶`` → ``宝宝``).
3. Lower case (``iPhone`` → ``iphone``).

Emoji, ``#`` topic marks, whitespace and punctuation are kept: normalisation never removes
characters, so sentence splitting and topic parsing still work on its output.

Speed: NFKC and lower-casing run in C. The OpenCC converter (opencc-python-reimplemented) is
pure Python and slow, so it is built once and only run on text that contains at least one
character whose simplified form differs (one regex scan over a character class built from
OpenCC's own ``TSCharacters`` table); simplified text — nearly all of it — never pays for it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple, Protocol

# Han ideographs: CJK unified (basic, extension A, extensions B–G in the supplementary planes),
# compatibility ideographs and 〇. Kana and Hangul are not included: they are treated as
# letters of a space-less script and kept as whole runs.
CJK_CHARS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_RUN_RE = re.compile(f"[{CJK_CHARS}]+")
HAS_CJK_RE = re.compile(f"[{CJK_CHARS}]")

# Emoji and pictographic symbols (one token per code point); skin-tone modifiers
# (U+1F3FB–U+1F3FF), variation selectors and zero-width joiners are not tokens.
EMOJI_CHARS = (
    "\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001f3fa\U0001f400-\U0001faff"
)


class _Converter(Protocol):
    def convert(self, string: str) -> str: ...


@functools.cache
def _t2s() -> _Converter:
    """The OpenCC traditional → simplified converter, built once per process."""
    from opencc import OpenCC

    converter: _Converter = OpenCC("t2s")
    return converter


def _opencc_table(name: str) -> list[tuple[str, str]]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    pairs: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets:
            pairs.append((source, targets.split()[0]))
    return pairs


class _Tables(NamedTuple):
    fold: dict[int, str]  # NFKC then t2s, per character
    simplify: dict[int, str]  # t2s only, per character
    contextual: re.Pattern[str]  # characters whose t2s form depends on their neighbours
    phrases: dict[str, tuple[str, ...]]  # such a character → the OpenCC phrases holding it


@functools.cache
def _tables() -> _Tables:
    """`str.translate` tables doing NFKC and t2s character by character, and a pattern of the
    characters whose t2s form depends on their neighbours (OpenCC's phrase table).

    ``fold`` maps every BMP character that NFKC changes to its NFKC form, and every
    traditional character (OpenCC ``TSCharacters``) to its first simplified form, composed in
    that order. Built on first use (about 0.05 s).
    """
    characters = dict(_opencc_table("TSCharacters.txt"))
    simplify = {
        ord(source): target
        for source, target in characters.items()
        if len(source) == 1 and target != source
    }
    fold: dict[int, str] = {}
    for code in range(0x10000):
        char = chr(code)
        if not 0xD800 <= code < 0xE000 and not unicodedata.is_normalized("NFKC", char):
            fold[code] = unicodedata.normalize("NFKC", char).translate(simplify)
    fold = {**simplify, **fold}
    # A phrase can convert differently from its characters (乾坤 stays, 瞭解 → 了解): those
    # characters send the text through OpenCC itself.
    phrases: dict[str, list[str]] = {}
    for source, target in _opencc_table("TSPhrases.txt"):
        if source.translate(simplify) != target:
            for char in set(source) & characters.keys():
                phrases.setdefault(char, []).append(source)
    pattern = re.compile("[" + re.escape("".join(sorted(phrases))) + "]")
    return _Tables(fold, simplify, pattern, {k: tuple(v) for k, v in phrases.items()})


def _needs_phrases(text: str, tables: _Tables) -> bool:
    """True when `text` holds one of OpenCC's phrases that convert unlike their characters."""
    for char in set(tables.contextual.findall(text)):
        if any(phrase in text for phrase in tables.phrases[char]):
            return True
    return False


def normalize(text: str) -> str:
    """The canonical form of `text`: NFKC, traditional → simplified, lower case.

    Equal to ``OpenCC("t2s").convert(unicodedata.normalize("NFKC", text)).lower()``, computed
    in one `str.translate` pass; full NFKC and OpenCC only run for the rare text that still
    needs them (combining sequences, compatibility characters outside the BMP, one of the
    OpenCC phrases whose conversion differs from their characters', such as 乾坤 or 瞭解).

    >>> normalize("ＡＢＣ１２３ 寶寶 iPhone ＃好物分享 😀")
    'abc123 宝宝 iphone #好物分享 😀'
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    tables = _tables()
    if tables.contextual.search(text) and _needs_phrases(text, tables):
        return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()
    folded = text.translate(tables.fold)
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded).translate(tables.simplify)
    return folded.lower()


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese only (no NFKC, no case change), as OpenCC t2s."""
    if text.isascii():
        return text
    tables = _tables()
    if tables.contextual.search(text) and _needs_phrases(text, tables):
        return _t2s().convert(text)
    return text.translate(tables.simplify)
