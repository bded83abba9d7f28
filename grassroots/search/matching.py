"""Which notes match a query's words: the search index as a precise note filter.

`matching_note_ids(query, limit=…)` is for scopes (an insight report over "推车" or
"sunscreen"), not for a results page: a note matches only when it holds **every** word of
the query (title, topics, body or its visible comments), with the index's own analysis
(traditional → simplified, English stems, jieba words: "strollers" matches "stroller",
"寶寶" matches "宝宝"). A Chinese word also matches where it is written verbatim but jieba
cut the text differently (its character bigrams as a phrase), so the filter is never
narrower than a substring test on Chinese. Stop words are dropped as in search, unless the
query has nothing else.

At most `limit` ids are returned, the most relevant first (BM25 of the same word fields
search ranks with); `MatchedNotes.total` says how many matched, so callers can say when the
cap applied. Only listed notes are indexed; callers still recheck visibility in the database
(an index update may lag a hide by a moment).

The live generation is read as it is: when there is none, or it was built by another schema,
or it is empty while the database holds listed notes, `SearchIndexUnavailable` says to run
`grassroots reindex` (never a silent fallback to a slower, different matcher).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tantivy
from django.utils.translation import gettext as _

from grassroots import text as text_analysis
from grassroots.core.errors import DomainError
from grassroots.notes.models import LISTED, Note
from grassroots.search import index as search_index

# The query is analysed on this many characters (as search does).
QUERY_ANALYSED_CHARS = 100
# Words a match must hold, at most (a longer query keeps its first words).
MAX_WORDS = 12
_WORD_FIELDS_BOOSTS = (
    ("title_words", 3.0),
    ("topic_words", 2.5),
    ("body_words", 1.5),
    ("comment_words", 0.8),
)
_BIGRAM_FIELDS = ("title_bigrams", "body_bigrams", "comment_bigrams")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class SearchIndexUnavailable(DomainError):
    """The search index is missing or outdated: `grassroots reindex` builds it (HTTP 503)."""

    status = 503

    def __init__(self) -> None:
        super().__init__(
            "search_index_unavailable",
            _("search index not built: run grassroots reindex"),
            field="q",
        )


@dataclass(frozen=True)
class MatchedNotes:
    ids: list[int]  # most relevant first, at most `limit`
    total: int  # notes matching in the index (may exceed len(ids))
    words: list[str]  # the analysed words every match holds

    @property
    def capped(self) -> bool:
        return self.total > len(self.ids)


def query_words(query: str) -> list[str]:
    """The analysed words a match must hold (stop words dropped unless nothing else)."""
    terms = text_analysis.query_terms(query[:QUERY_ANALYSED_CHARS])
    words = list(dict.fromkeys(word for word in terms.words if word))
    return words[:MAX_WORDS]


def _is_cjk_word(word: str) -> bool:
    return len(word) >= 2 and all(_CJK.fullmatch(char) for char in word)


def _word_clause(word: str) -> tantivy.Query:
    """Notes holding `word`: the word anywhere (`word_set`), or for a Chinese word its
    bigrams in sequence (the word verbatim, however jieba cut the text around it)."""
    schema = search_index.SCHEMA
    should = tantivy.Occur.Should
    options: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (should, tantivy.Query.term_query(schema, search_index.WORD_SET, word))
    ]
    if _is_cjk_word(word):
        pairs = [word[i : i + 2] for i in range(len(word) - 1)]
        for name in _BIGRAM_FIELDS:
            if len(pairs) == 1:
                probe = tantivy.Query.term_query(schema, name, pairs[0])
            else:
                probe = tantivy.Query.phrase_query(schema, name, list(pairs))
            options.append((should, probe))
    return tantivy.Query.boolean_query(options)


def matching_query(words: list[str]) -> tantivy.Query | None:
    """Every word required (filter, no score) + the word fields' BM25 for the order."""
    if not words:
        return None
    schema = search_index.SCHEMA
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (tantivy.Occur.Must, tantivy.Query.const_score_query(_word_clause(word), 0.0))
        for word in words
    ]
    for word in words:
        for name, boost in _WORD_FIELDS_BOOSTS:
            term = tantivy.Query.term_query(schema, name, word)
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(term, boost)))
    return tantivy.Query.boolean_query(clauses)


def _searcher() -> tantivy.Searcher:
    """The live generation's searcher; SearchIndexUnavailable when it is missing or outdated."""
    path = search_index.current_generation()
    if path is None or not path.exists():
        raise SearchIndexUnavailable
    try:
        searcher = search_index.reader().searcher()
    except search_index.OutdatedIndex:
        raise SearchIndexUnavailable from None
    if searcher.num_docs == 0 and Note.objects.filter(LISTED).exists():
        raise SearchIndexUnavailable
    return searcher


def matching_notes(query: str, *, limit: int, published_before: int | None = None) -> MatchedNotes:
    """Notes holding every word of `query`, most relevant first (see the module docstring);
    with `published_before` (a Unix time), only notes published before it."""
    words = query_words(query)
    built = matching_query(words)
    searcher = _searcher()
    if built is None or limit <= 0:
        return MatchedNotes(ids=[], total=0, words=words)
    if published_before is not None:
        window = tantivy.Query.range_query(
            search_index.SCHEMA,
            "published_ts",
            tantivy.FieldType.Integer,
            upper_bound=published_before - 1,
        )
        built = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, built),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(window, 0.0)),
            ]
        )
    found = searcher.search(built, limit=limit, count=True)
    addresses = [address for _score, address in found.hits]
    ids = (
        [int(value or 0) for value in searcher.fast_field_values("note_id", addresses)]
        if addresses
        else []
    )
    total = int(getattr(found, "count", 0) or 0)
    return MatchedNotes(ids=ids, total=max(total, len(ids)), words=words)


def matching_note_ids(query: str, *, limit: int, published_before: int | None = None) -> list[int]:
    """Ids of notes holding every word of `query`, most relevant first, at most `limit`."""
    return matching_notes(query, limit=limit, published_before=published_before).ids
