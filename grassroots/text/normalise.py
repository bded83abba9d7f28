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
from typing import Protocol

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


@functools.cache
def _traditional_re() -> re.Pattern[str]:
    """A character class of every character OpenCC's t2s table changes."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    changed: list[str] = []
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets and targets.split()[0] != source:
            changed.append(source)
    return re.compile("[" + re.escape("".join(changed)) + "]")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (identity, and cheap, for text without any)."""
    if text.isascii() or not _traditional_re().search(text):
        return text
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """The canonical form of `text`: NFKC, traditional → simplified, lower case.

    >>> normalize("ＡＢＣ１２３ 寶寶 iPhone #好物分享 😀")
    'abc123 宝宝 iphone #好物分享 😀'
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text).lower()
