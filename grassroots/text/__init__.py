"""Text analysis shared by search, insights and the feed — one definition of a word.

- `normalize`: NFKC (full-width → half-width), traditional → simplified, lower case.
- `words`: search-mode tokens (rjieba for Chinese with a user dictionary, stemmed English
  words, numbers, emoji, ``#topic`` names); see `grassroots.text.segment` for what a token is.
- `bigrams`: overlapping Chinese character bigrams, the lower-weighted index view;
  `words_and_bigrams` gives both, normalising once (for indexers).
- `query_terms`: a search query's words (stop words dropped), bigrams, phrase and topics.
- `sentences`: sentence split for answer extraction.
- `to_pinyin` / `pinyin_initials`: pinyin forms for suggestions (``tuiche`` / ``tc`` → 推车).
- `load_user_dictionary`: keep topic, brand and product names whole.

A plain package: no models, no Django imports.
"""

from grassroots.text.analyze import STOP_WORDS, QueryTerms, query_terms
from grassroots.text.normalise import normalize
from grassroots.text.pinyin import pinyin_initials, to_pinyin
from grassroots.text.segment import (
    bigrams,
    query_bigrams,
    sentences,
    stem,
    topics,
    words,
    words_and_bigrams,
)
from grassroots.text.userdict import load_user_dictionary

__all__ = [
    "STOP_WORDS",
    "QueryTerms",
    "bigrams",
    "load_user_dictionary",
    "normalize",
    "pinyin_initials",
    "query_bigrams",
    "query_terms",
    "sentences",
    "stem",
    "to_pinyin",
    "topics",
    "words",
    "words_and_bigrams",
]
