"""Pinyin forms for suggestions: typing ``tuiche`` or ``tc`` finds 推车.

Both functions normalise first (traditional → simplified, lower case). Chinese characters
become toneless pinyin (pypinyin's phrase dictionary picks the reading of polyphonic
characters in context); other letters and digits are kept, lower-cased; everything else
(spaces, punctuation, emoji) is dropped, so the result is one searchable prefix string.
pypinyin loads its dictionaries on first use (about 0.3 s), hence the lazy import.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from grassroots.text.normalise import normalize

_KEEP_RE = re.compile(r"[^\W_]+")


@functools.cache
def _pypinyin() -> Any:
    import pypinyin

    return pypinyin


def _syllables(text: str, style: Any) -> list[str]:
    pypinyin = _pypinyin()
    pieces: list[str] = pypinyin.lazy_pinyin(normalize(text), style=style, errors="default")
    return pieces


def to_pinyin(text: str) -> str:
    """Toneless pinyin of `text`, no separators: ``推车`` → ``tuiche``."""
    pieces = _syllables(text, _pypinyin().Style.NORMAL)
    return "".join(_KEEP_RE.findall("".join(pieces)))


def pinyin_initials(text: str) -> str:
    """First letter of each Chinese syllable, other words kept whole: ``推车`` → ``tc``.

    ``iPhone推车`` → ``iphonetc``.
    """
    pieces = _syllables(text, _pypinyin().Style.FIRST_LETTER)
    return "".join(_KEEP_RE.findall("".join(pieces)))
