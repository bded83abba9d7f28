"""Search: notes (tantivy, reranked), users and topics (database), snippets and answers.

Ranking (documented in docs/search.md, section "Ranking"):
1. One flat disjunction of boosted term queries (tantivy BM25, block-max WAND): words in the
   word fields (title > topics > body > comments), bigrams in the title and body bigram
   fields (words > bigrams), and each word once more in `word_set` (coordination: notes
   holding more of the query's words first). Terms in more than COMMON_TERM_SHARE of the
   notes are left out.
2. The top RERANK_DEPTH candidates are rescored:
       final = bm25 * boosts * (1 + QW * quality) * (1 - FW + FW * fresh)
   (QW = QUALITY_WEIGHT, FW = FRESHNESS_WEIGHT), boosts = the all-words-in-title and
   exact-phrase multipliers, measured on the top SIGNALS_DEPTH only, quality the engagement
   score shrunk toward a prior when evidence is thin, fresh = 0.5 ** (age_days / half-life).
Visibility: only listed notes are indexed, and the page's ids are checked against the database
(`is_listed`) at query time, so a note hidden after its last index update is never shown.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import tantivy
from django.db import connection
from django.db.models import Q

from grassroots import text as text_analysis
from grassroots.accounts.models import Follow, User
from grassroots.core.errors import DomainError
from grassroots.engagement.models import Comment
from grassroots.notes.models import Category, Note, Topic
from grassroots.notes.queries import with_card_relations, with_detail_relations
from grassroots.search import index as search_index

SORTS = ("overall", "latest", "likes", "comments", "collects")
NOTE_TYPES = ("image", "text")
TIME_WINDOWS = {"day": 86_400, "week": 7 * 86_400, "halfyear": 183 * 86_400}
LIMIT_MAX = 50
OFFSET_MAX = 1_000
# Only this much of a query is analysed: a pasted essay must not become 2,000 term queries.
QUERY_ANALYSED_CHARS = 100
QUERY_MAX_CHARS = 1_000

FIELD_BOOSTS = {
    "title_words": 3.0,
    "topic_words": 2.5,
    "body_words": 1.5,
    "comment_words": 0.8,
    "title_bigrams": 1.2,
    "body_bigrams": 0.6,
    "comment_bigrams": 0.3,
}
WORD_FIELDS = ("title_words", "topic_words", "body_words", "comment_words")
BIGRAM_FIELDS = ("title_bigrams", "body_bigrams", "comment_bigrams")
# Bigrams are asked of titles and bodies (comments are covered by their words; measured
# neutral on quality, and comment bigrams had the longest postings).
QUERY_BIGRAM_FIELDS = ("title_bigrams", "body_bigrams")
# Query words and bigrams found in more than this share of the notes are left out (`_specific`).
COMMON_TERM_SHARE = 0.05
COMMON_TERM_MIN_NOTES = 1_000  # … and in more than this many (small sites keep every term)
PHRASE_BOOST = 2.0
TITLE_ALL_WORDS_BOOST = 2.0
# Coordination: each query word a note holds anywhere (the `word_set` field, one term per
# distinct word) adds this boost times that word's BM25 (idf-weighted): notes holding more of
# the query's words come first, BM25 of the fields orders notes that hold the same words.
COORDINATION_BOOST = 25.0
RERANK_DEPTH = 100
# The all-words-in-title and exact-phrase boosts are measured on this many best candidates.
SIGNALS_DEPTH = 50
SORTED_CANDIDATES = 1_000
# Sorted modes (latest, likes…) list candidates scoring at least this share of the best one.
SORTED_RELEVANCE_FLOOR = 0.25
QUALITY_WEIGHT = 0.15
QUALITY_PRIOR_EVIDENCE = 5.0  # pseudo-interactions a note "has" before its own count
QUALITY_PRIOR_MEAN = math.log1p(1.0)  # log1p-scale engagement assumed without evidence
FRESHNESS_WEIGHT = 0.2
FRESHNESS_HALF_LIFE_DAYS = 180.0

SNIPPET_CHARS = 100
ANSWER_HITS = 5
ANSWER_COMMENTS_PER_NOTE = 50
ANSWER_MIN_COVERAGE = 0.5
ANSWER_SENTENCE_MAX_CHARS = 160
QUESTION_MARKERS = (
    "吗", "么", "怎", "如何", "能不能", "可以", "可不可以", "什么", "为什么", "多久", "多少",
    "哪", "是否", "有没有", "要不要", "好不好", "?", "？",
)  # fmt: skip
# Query words that ask rather than describe; answers rarely repeat them.
QUESTION_TERMS = frozenset(
    [
        "多久",
        "多长",
        "多少",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "为什么",
        "为啥",
        "能不能",
        "可不可以",
        "可以",
        "是否",
        "有没有",
        "要不要",
        "好不好",
        "什么",
        "哪里",
        "哪个",
        "哪些",
        "还能",
        "能否",
        "how",
        "what",
        "why",
        "when",
        "which",
        "where",
    ]
)
QUESTION_WORDS = {"how", "what", "why", "when", "which", "where", "can", "is", "does", "do",
                  "should", "will", "are"}  # fmt: skip

SORT_FIELDS = {
    "latest": "published_ts",
    "likes": "like_count",
    "comments": "comment_count",
    "collects": "collect_count",
}


class BadSearchRequest(DomainError):
    """A search parameter out of range or unknown (HTTP 400 with a message)."""

    status = 400


@dataclass
class Answer:
    text: str  # HTML-safe, query terms in <mark>
    source: str  # "note" | "comment"
    comment_id: int | None
    note_id: int
    score: float = 0.0


@dataclass
class SearchHit:
    note_id: int
    score: float
    snippet: str
    answer: Answer | None = None
    card: Note | None = None  # the Note object, when search_notes(cards=True) loaded it
    row: Mapping[str, Any] | None = None  # what search_notes(rows_loader=…) returned for it

    @property
    def note(self) -> Note:
        """The hit's Note (card relations loaded); only when searched with cards=True."""
        if self.card is None:
            raise LookupError("this search was made without cards (cards=False)")
        return self.card


@dataclass
class SearchResult:
    items: list[SearchHit]
    total: int
    answer: Answer | None = None  # the best answer among the items, for the answer block
    took_ms: float = 0.0


@dataclass
class AnalysedQuery:
    text: str  # normalised, truncated
    words: list[str]
    bigrams: list[str]
    topics: list[str]
    phrase: str
    needles: list[str] = field(default_factory=list)  # what snippets highlight


# --- query analysis ------------------------------------------------------------------------


def clean_query(query: str | None) -> str:
    """The query as searched: stripped, at most QUERY_MAX_CHARS; empty is a 400."""
    cleaned = " ".join(str(query or "").split())
    if not cleaned:
        raise BadSearchRequest("query_required", "Type something to search for.", field="q")
    return cleaned[:QUERY_MAX_CHARS]


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def analyse_query(query: str) -> AnalysedQuery:
    head = query[:QUERY_ANALYSED_CHARS]
    terms = text_analysis.query_terms(head)
    words = list(dict.fromkeys(w for w in terms.words if w))
    bigrams = list(dict.fromkeys(b for b in terms.bigrams if b))
    topics = list(dict.fromkeys(t for t in terms.topics if t))
    normalised = text_analysis.normalize(head)
    needles = [w for w in words if len(w) > 1 or not _is_cjk(w)]
    needles += [b for b in bigrams if len(b) > 1]
    cjk_chars = [c for c in normalised if _is_cjk(c)]
    if len(cjk_chars) == 1:
        needles.append(cjk_chars[0])
    return AnalysedQuery(
        text=normalised,
        words=words,
        bigrams=bigrams,
        topics=topics,
        phrase=str(terms.phrase or ""),
        needles=sorted(set(needles), key=len, reverse=True),
    )


def _term(name: str, token: str, boost: float) -> tantivy.Query:
    query = tantivy.Query.term_query(search_index.SCHEMA, name, token)
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def _field_group(fields: Sequence[str], token: str) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, _term(name, token, FIELD_BOOSTS[name])) for name in fields]
    )


def _phrase_pairs(analysed: AnalysedQuery) -> list[str | tuple[int, str]] | None:
    """A single Chinese run of 3+ characters as consecutive bigrams (an exact-phrase probe)."""
    run = analysed.phrase
    if len(run) >= 3 and all(_is_cjk(c) for c in run):
        return [run[i : i + 2] for i in range(len(run) - 1)]
    return None


def _specific(terms: list[str], searcher: tantivy.Searcher | None, field_name: str) -> list[str]:
    """`terms` without those in more than COMMON_TERM_SHARE of the notes (by `field_name`'s
    document frequency), unless that would leave none: 用, 买 or 人的 in a question match a
    third of the corpus, cost most of the query time and barely move the ranking."""
    if searcher is None or len(terms) < 2:
        return terms
    limit = max(COMMON_TERM_SHARE * searcher.num_docs, COMMON_TERM_MIN_NOTES)
    frequencies = [searcher.doc_freq(field_name, term) for term in terms]
    kept = [term for term, found in zip(terms, frequencies, strict=True) if found <= limit]
    # Only when a remaining term is in the index at all (else the query would find nothing).
    if any(0 < found <= limit for found in frequencies):
        return kept
    return terms


def relevance_query(
    analysed: AnalysedQuery, searcher: tantivy.Searcher | None = None
) -> tantivy.Query | None:
    """The scoring query, or None when the query has no searchable term.

    One flat disjunction of boosted term queries (every query word in every word field and,
    for coordination, in `word_set`; topics; every bigram in the title and body bigram
    fields): tantivy scores it with block-max WAND, skipping documents that cannot reach the
    top. With `searcher`, words and bigrams common to more than COMMON_TERM_SHARE of the
    notes are left out (`_specific`). The all-words-in-title and exact-phrase boosts are
    measured afterwards on the best candidates only (`_signals`).
    """
    clauses: list[tuple[Any, tantivy.Query]] = []
    should = tantivy.Occur.Should
    words = _specific(analysed.words, searcher, search_index.WORD_SET)
    for word in words:
        clauses.extend((should, _term(name, word, FIELD_BOOSTS[name])) for name in WORD_FIELDS)
    if len(words) >= 2:
        clauses.extend(
            (should, _term(search_index.WORD_SET, word, COORDINATION_BOOST)) for word in words
        )
    for topic in analysed.topics:
        token = topic.replace(" ", "_")
        clauses.append((should, _term("topic_words", token, FIELD_BOOSTS["topic_words"])))
    bigrams = [b for b in analysed.bigrams if len(b) > 1]
    bigrams = [b for b in bigrams if b not in text_analysis.STOP_WORDS] or bigrams
    for bigram in _specific(bigrams, searcher, "body_bigrams"):
        clauses.extend(
            (should, _term(name, bigram, FIELD_BOOSTS[name])) for name in QUERY_BIGRAM_FIELDS
        )
    cjk_chars = [c for c in analysed.text if _is_cjk(c)]
    if len(cjk_chars) == 1:
        # One Chinese character: every indexed character starts a bigram token (or is the
        # last one alone), so the prefix finds all its occurrences.
        char = re.escape(cjk_chars[0])
        for name in BIGRAM_FIELDS:
            regex = tantivy.Query.regex_query(search_index.SCHEMA, name, f"{char}.?")
            clauses.append((should, tantivy.Query.boost_query(regex, FIELD_BOOSTS[name])))
    if not clauses:
        return None
    return tantivy.Query.boolean_query(clauses)


# Signal weights: the signals query gives each candidate a constant score that packs
# (query words in the title) + 64 * (phrase in the title) + 128 * (phrase in the body); at
# most 63 words are counted, so the parts never overlap (and float32 holds them exactly).
_SIGNAL_PHRASE_TITLE = 64.0
_SIGNAL_PHRASE_BODY = 128.0
_SIGNAL_WORDS_MAX = 63


@dataclass
class Signals:
    title_words: int = 0  # query words found in the title
    phrase: bool = False  # the Chinese query run appears verbatim (title or body)

    @classmethod
    def unpack(cls, packed: int) -> Signals:
        return cls(
            title_words=packed % int(_SIGNAL_PHRASE_TITLE),
            phrase=packed >= _SIGNAL_PHRASE_TITLE,
        )


def signals_query(analysed: AnalysedQuery, note_ids: Sequence[int]) -> tantivy.Query | None:
    """Constant-score probes restricted to `note_ids` (see `_SIGNAL_*`); None if useless."""
    schema = search_index.SCHEMA
    should = tantivy.Occur.Should
    probes: list[tuple[Any, tantivy.Query]] = []
    words = analysed.words[:_SIGNAL_WORDS_MAX]
    if len(words) >= 2:
        for word in words:
            title = tantivy.Query.term_query(schema, "title_words", word)
            probes.append((should, tantivy.Query.const_score_query(title, 1.0)))
    pairs = _phrase_pairs(analysed)
    if pairs is not None:
        for name, weight in (
            ("title_bigrams", _SIGNAL_PHRASE_TITLE),
            ("body_bigrams", _SIGNAL_PHRASE_BODY),
        ):
            phrase = tantivy.Query.phrase_query(schema, name, pairs)
            probes.append((should, tantivy.Query.const_score_query(phrase, weight)))
    if not probes or not note_ids:
        return None
    # A disjunction of exact note_id terms: tantivy's term-set query would walk the whole
    # note_id term dictionary, each term query is one dictionary lookup.
    candidates = tantivy.Query.boolean_query(
        [(should, tantivy.Query.term_query(schema, "note_id", note_id)) for note_id in note_ids]
    )
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, tantivy.Query.const_score_query(candidates, 0.0)), *probes]
    )


def _signals(
    searcher: tantivy.Searcher, analysed: AnalysedQuery, hits: Sequence[Any], note_ids: list[int]
) -> dict[tuple[int, int], int]:
    """Packed signals (see `Signals.unpack`) per candidate address (segment, doc); candidates
    holding none are absent.

    One search restricted to the candidates: the probes are only asked about them.
    """
    query = signals_query(analysed, note_ids)
    if query is None:
        return {}
    found = searcher.search(query, limit=len(hits), count=False)
    return {
        (address.segment_ord, address.doc): int(score + 0.5)
        for score, address in found.hits
        if score >= 0.5
    }


def signal_boost(signals: Signals, analysed: AnalysedQuery) -> float:
    """The multiplier the rerank applies for all-words-in-title and the exact phrase."""
    boost = 1.0
    n = min(len(analysed.words), _SIGNAL_WORDS_MAX)
    if n >= 2 and signals.title_words >= n:
        boost *= 1.0 + TITLE_ALL_WORDS_BOOST
    if signals.phrase:
        boost *= 1.0 + PHRASE_BOOST
    return boost


# --- filters -------------------------------------------------------------------------------


def _check_choice(value: str | None, allowed: Iterable[str], field_name: str) -> None:
    if value is not None and value not in allowed:
        raise BadSearchRequest(
            f"bad_{field_name}",
            f"{field_name} must be one of: {', '.join(allowed)}.",
            field=field_name,
        )


def _category_filter(slug: str) -> tantivy.Query:
    category = Category.objects.filter(slug=slug).only("id", "parent_id").first()
    if category is None:
        raise BadSearchRequest("bad_category", "Unknown category.", field="category")
    name = "category_id" if category.parent_id else "top_category_id"
    return tantivy.Query.term_query(search_index.SCHEMA, name, category.pk)


def filter_queries(
    *,
    viewer: Any,
    note_type: str | None,
    time_window: str | None,
    category: str | None,
    city: str | None,
    following_only: bool,
    now: float,
) -> list[tantivy.Query] | None:
    """Filter clauses; None when the filters exclude everything (e.g. following nobody)."""
    schema = search_index.SCHEMA
    filters: list[tantivy.Query] = []
    if note_type is not None:
        filters.append(
            tantivy.Query.term_query(schema, "is_text_only", 1 if note_type == "text" else 0)
        )
    if time_window is not None:
        filters.append(
            tantivy.Query.range_query(
                schema,
                "published_ts",
                tantivy.FieldType.Integer,
                lower_bound=int(now) - TIME_WINDOWS[time_window],
            )
        )
    if category:
        filters.append(_category_filter(category))
    if city:
        filters.append(tantivy.Query.term_query(schema, "city", search_index.normalise_city(city)))
    if following_only:
        if not (viewer is not None and getattr(viewer, "is_authenticated", False)):
            return None
        followee_ids = list(
            Follow.objects.filter(follower_id=viewer.pk).values_list("followee_id", flat=True)
        )
        if not followee_ids:
            return None
        filters.append(tantivy.Query.term_set_query(schema, "author_id", followee_ids))
    return filters


# --- ranking -------------------------------------------------------------------------------


def quality_score(*, likes: int, collects: int, comments: int) -> float:
    """Engagement on a log scale, shrunk toward the prior when there is little evidence."""
    evidence = likes + collects + comments
    observed = math.log1p(2 * collects + likes + 3 * comments)
    return (evidence * observed + QUALITY_PRIOR_EVIDENCE * QUALITY_PRIOR_MEAN) / (
        evidence + QUALITY_PRIOR_EVIDENCE
    )


def freshness(*, published_ts: int, now: float) -> float:
    age_days = max(0.0, (now - published_ts) / 86_400)
    return float(0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS))


def final_score(
    *, bm25: float, likes: int, collects: int, comments: int, published_ts: int, now: float
) -> float:
    quality = quality_score(likes=likes, collects=collects, comments=comments)
    fresh = freshness(published_ts=published_ts, now=now)
    return bm25 * (1 + QUALITY_WEIGHT * quality) * (1 - FRESHNESS_WEIGHT + FRESHNESS_WEIGHT * fresh)


# --- highlighting --------------------------------------------------------------------------


def _aligned_normal_form(original: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index of the source character."""
    normal = text_analysis.normalize(original)
    if len(normal) == len(original):
        return normal, list(range(len(original)))
    pieces: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(original):
        folded = unicodedata.normalize("NFKC", char).lower()
        pieces.append(folded)
        origin.extend([position] * len(folded))
    joined = "".join(pieces)
    converted = text_analysis.normalize(joined)
    if len(converted) == len(joined):
        joined = converted
    return joined, origin


def _coverage(original: str, needles: Sequence[str]) -> bytearray:
    """1 for each character of `original` inside a needle occurrence, else 0.

    A bytearray, so a match marks its span with one slice assignment and `_render` finds the
    marked runs with a regular expression instead of a Python loop per character (snippets
    are made for every hit of every search).
    """
    normal, origin = _aligned_normal_form(original)
    covered = bytearray(len(original))
    identity = len(normal) == len(original)
    for needle in needles:
        size = len(needle)
        start = normal.find(needle)
        while start != -1:
            if identity:
                covered[start : start + size] = b"\x01" * size
            else:
                for k in range(start, start + size):
                    covered[origin[k]] = 1
            start = normal.find(needle, start + 1)
    return covered


_MARKED_RUN = re.compile(b"\x01+")
_HTML_SPECIAL = re.compile("[&<>\"']")


def _no_escape(text: str) -> str:
    return text


def _render(original: str, covered: bytearray, start: int, end: int) -> str:
    # Most windows hold nothing to escape: then html.escape (five replaces per chunk) is skipped.
    escape = html.escape if _HTML_SPECIAL.search(original, start, end) else _no_escape
    out: list[str] = []
    position = start
    for run in _MARKED_RUN.finditer(covered, start, end):
        if run.start() > position:
            out.append(escape(original[position : run.start()]))
        out.append(f"<mark>{escape(original[run.start() : run.end()])}</mark>")
        position = run.end()
    if position < end:
        out.append(escape(original[position:end]))
    return "".join(out)


def _densest_window(covered: Sequence[int], width: int) -> int:
    """The earliest start of a `width`-character window holding the most covered characters
    (0 when none is covered).

    Only starts whose window ends on a covered character can begin a new maximum, so those
    are the only ones counted (with prefix sums) instead of sliding over every position.
    """
    prefix = list(itertools.accumulate(covered, initial=0))
    last = len(covered) - width
    best, best_start = prefix[width], 0
    for end in itertools.compress(range(width, len(covered)), covered[width:]):
        start = end - width + 1
        count = prefix[end + 1] - prefix[start]
        if count > best:
            best, best_start = count, start
    return best_start if best > 0 and best_start <= last else 0


def highlight(text: str, needles: Sequence[str], *, max_chars: int | None = None) -> str:
    """HTML-escaped `text` with needles in <mark>, cut to the densest window of max_chars."""
    if not text:
        return ""
    covered = _coverage(text, needles)
    start, end = 0, len(text)
    if max_chars is not None and len(text) > max_chars:
        best_start = _densest_window(covered, max_chars)
        # Start a little before the first match so it reads in context.
        first = covered.find(1, best_start, best_start + max_chars)
        first = best_start if first == -1 else first
        start = max(0, min(best_start, first - 10))
        end = min(len(text), start + max_chars)
    rendered = _render(text, covered, start, end)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{rendered}{suffix}"


def highlight_query(text: str, query: str, *, max_chars: int | None = None) -> str:
    """Highlight `query`'s terms in `text` (for templates: titles, user names)."""
    return highlight(text, analyse_query(query).needles, max_chars=max_chars)


# --- answers -------------------------------------------------------------------------------


def is_question(query: str, analysed: AnalysedQuery) -> bool:
    lowered = query.lower()
    if any(marker in lowered for marker in QUESTION_MARKERS):
        return True
    first = lowered.split()[0] if lowered.split() else ""
    if first in QUESTION_WORDS:
        return True
    return sum(1 for c in analysed.text if _is_cjk(c)) >= 6 or len(analysed.words) >= 4


def _sentence_score(sentence: str, analysed: AnalysedQuery) -> tuple[float, float]:
    """(share of the query's content words in the sentence, blended word/bigram score).

    Question words (多久, 怎么办, how…) are left out: an answer says "three days", not "how long".
    """
    normal = text_analysis.normalize(sentence)
    words = [w for w in analysed.words if len(w) > 1 or not _is_cjk(w)]
    content = [w for w in words if w not in QUESTION_TERMS] or words
    bigrams = [b for b in analysed.bigrams if len(b) > 1]
    if not content and not bigrams:
        return 0.0, 0.0
    word_share = sum(1 for w in content if w in normal) / len(content) if content else 0.0
    bigram_share = sum(1 for b in bigrams if b in normal) / len(bigrams) if bigrams else 0.0
    if not content:
        word_share = bigram_share
    return word_share, 0.75 * word_share + 0.25 * bigram_share


def _answer_content_words(analysed: AnalysedQuery) -> list[str]:
    """The words `_sentence_score` counts (empty when it falls back to bigrams)."""
    words = [w for w in analysed.words if len(w) > 1 or not _is_cjk(w)]
    return [w for w in words if w not in QUESTION_TERMS] or words


def _may_answer(text: str, content: list[str]) -> bool:
    """Whether `text` holds enough of the content words for one of its sentences to."""
    normal = text_analysis.normalize(text)
    return sum(1 for w in content if w in normal) / len(content) >= ANSWER_MIN_COVERAGE


def _answer_comments(note_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Visible comments of `note_ids` (not deleted or hidden, nor their thread's top comment),
    most liked first, at most ANSWER_COMMENTS_PER_NOTE per note: one plain SQL query (this
    runs on every question-like search; the ORM's query building cost more than the query)."""
    comments: dict[int, list[tuple[int, str]]] = {note_id: [] for note_id in note_ids}
    if not note_ids:
        return comments
    table = connection.ops.quote_name(Comment._meta.db_table)
    marks = ", ".join(["%s"] * len(note_ids))
    sql = (
        f"SELECT c.note_id, c.id, c.body FROM {table} c "  # noqa: S608
        f"LEFT JOIN {table} p ON p.id = c.parent_id "
        f"WHERE c.note_id IN ({marks}) AND c.deleted_at IS NULL AND c.hidden_at IS NULL "
        "AND (c.parent_id IS NULL OR (p.deleted_at IS NULL AND p.hidden_at IS NULL)) "
        "ORDER BY c.note_id, c.like_count DESC, c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, note_ids)
        for note_id, comment_id, body in cursor.fetchall():
            bucket = comments[note_id]
            if len(bucket) < ANSWER_COMMENTS_PER_NOTE:
                bucket.append((int(comment_id), str(body)))
    return comments


def find_answers(
    hits: Sequence[SearchHit],
    query: str,
    analysed: AnalysedQuery,
    bodies: dict[int, str] | None = None,
) -> Answer | None:
    """Attach to each of the first ANSWER_HITS hits its best answering sentence (if good
    enough) and return the best of them. `bodies`: note bodies by id (else hit.note.body)."""
    top = list(hits[:ANSWER_HITS])
    if not top or not is_question(query, analysed):
        return None
    if bodies is None:
        bodies = {hit.note_id: hit.note.body for hit in top}
    comments = _answer_comments([hit.note_id for hit in top])
    content = _answer_content_words(analysed)
    best: Answer | None = None
    for rank, hit in enumerate(top):
        # A sentence can only hold the words its whole text holds: texts without enough of
        # the query's content words are skipped before splitting (same answers, less work).
        candidates: list[tuple[str, int | None, str]] = []
        texts = [("note", None, bodies[hit.note_id])] + [
            ("comment", comment_id, body) for comment_id, body in comments[hit.note_id]
        ]
        for source, comment_id, body in texts:
            if content and not _may_answer(body, content):
                continue
            candidates.extend((source, comment_id, s) for s in text_analysis.sentences(body))
        hit_best: tuple[float, str, int | None, str] | None = None
        for source, from_comment, raw_sentence in candidates:
            sentence = raw_sentence.strip()
            if len(sentence) < 4 or len(sentence) > ANSWER_SENTENCE_MAX_CHARS:
                continue
            word_share, blended = _sentence_score(sentence, analysed)
            if word_share < ANSWER_MIN_COVERAGE:
                continue
            # An answer is not another question, and says more than the query itself.
            asks = sentence.rstrip().endswith(("?", "？", "吗", "呢"))
            novelty = min(1.0, max(0.0, (len(sentence) - len(analysed.text)) / 20))
            score = blended * (0.7 + 0.3 * novelty) * (0.5 if asks else 1.0) * (1 - 0.05 * rank)
            if hit_best is None or score > hit_best[0]:
                hit_best = (score, source, from_comment, sentence)
        if hit_best is None:
            continue
        hit.answer = Answer(
            text=highlight(hit_best[3], analysed.needles),
            source=hit_best[1],
            comment_id=hit_best[2],
            note_id=hit.note_id,
            score=hit_best[0],
        )
        if best is None or hit_best[0] > best.score:
            best = hit.answer
    return best


# --- notes ---------------------------------------------------------------------------------


def search_notes(
    *,
    query: str,
    viewer: Any = None,
    sort: str = "overall",
    note_type: str | None = None,
    time: str | None = None,
    category: str | None = None,
    city: str | None = None,
    following_only: bool = False,
    limit: int = 20,
    offset: int = 0,
    detail: bool = False,
    cards: bool = True,
    rows_loader: Callable[[list[int]], Mapping[int, Mapping[str, Any]]] | None = None,
) -> SearchResult:
    """Listed notes matching `query`, ranked (or sorted), filtered, with snippets and answers.

    With `cards` (the default) each hit carries its Note with card relations (author);
    `detail=True` also loads what NoteOut needs (category, images, topics), as the API does.
    `cards=False` returns ids, scores, snippets and answers only: visibility is then checked
    with one ids-only query (listed notes among the page), which is all ranking needs. With
    `cards=False` and `rows_loader`, that check is the loader's: it gets the page's ids and
    must return only listed notes, each row with its "body" (hit.row is the note's row).
    """
    started = _clock()
    cleaned = clean_query(query)
    _check_choice(sort, SORTS, "sort")
    _check_choice(note_type, NOTE_TYPES, "type")
    _check_choice(time, tuple(TIME_WINDOWS), "time")
    if not 1 <= limit <= LIMIT_MAX:
        raise BadSearchRequest("bad_limit", f"limit must be 1 to {LIMIT_MAX}.", field="limit")
    if not 0 <= offset <= OFFSET_MAX:
        raise BadSearchRequest("bad_offset", f"offset must be 0 to {OFFSET_MAX}.", field="offset")
    now = _wall_clock()
    analysed = analyse_query(cleaned)
    searcher = search_index.reader().searcher()
    relevance = relevance_query(analysed, searcher)
    filters = filter_queries(
        viewer=viewer,
        note_type=note_type,
        time_window=time,
        category=category,
        city=city,
        following_only=following_only,
        now=now,
    )
    if relevance is None or filters is None:
        return SearchResult(items=[], total=0, took_ms=_clock() - started)
    query_obj = relevance
    if filters:
        query_obj = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, relevance)]
            + [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        )
    if sort == "overall":
        depth = max(RERANK_DEPTH, offset + limit)
        found = searcher.search(query_obj, limit=depth, count=True)
        total = int(getattr(found, "count", 0) or 0)  # the stub lacks `count`
        scored = _rerank(searcher, found.hits, now, analysed)
    else:
        found = searcher.search(query_obj, limit=SORTED_CANDIDATES, count=False)
        scored = _sorted_by_field(searcher, found.hits, SORT_FIELDS[sort])
        total = len(scored)
    page = scored[offset : offset + limit]
    page_ids = [note_id for note_id, _score in page]
    cards_by_id = _load_listed(page_ids, detail=detail) if cards else {}
    rows: Mapping[int, Mapping[str, Any]] = {}
    if cards:
        bodies = {note_id: note.body for note_id, note in cards_by_id.items()}
    elif rows_loader is not None:
        rows = rows_loader(page_ids)
        bodies = {note_id: str(row["body"]) for note_id, row in rows.items()}
    else:
        bodies = _listed_bodies(page_ids)
    hits = [
        SearchHit(
            note_id=note_id,
            score=score,
            snippet=highlight(bodies[note_id], analysed.needles, max_chars=SNIPPET_CHARS),
            card=cards_by_id.get(note_id),
            row=rows.get(note_id),
        )
        for note_id, score in page
        if note_id in bodies
    ]
    # Indexed but no longer listed: gone from this page and from the count.
    total = max(0, total - (len(page) - len(hits)))
    answer = find_answers(hits, cleaned, analysed, bodies) if offset == 0 else None
    return SearchResult(items=hits, total=total, answer=answer, took_ms=_clock() - started)


def _clock() -> float:
    return time.perf_counter() * 1000


def _wall_clock() -> float:
    return time.time()


def _fast(searcher: tantivy.Searcher, name: str, addresses: list[Any]) -> list[Any]:
    return list(searcher.fast_field_values(name, addresses))


def _rerank(
    searcher: tantivy.Searcher, hits: list[Any], now: float, analysed: AnalysedQuery
) -> list[tuple[int, float]]:
    """`final_score` of each candidate, best first (one tight loop: this runs per search)."""
    if not hits:
        return []
    addresses = [address for _score, address in hits]
    note_ids = [int(n) for n in _fast(searcher, "note_id", addresses)]
    likes = _fast(searcher, "like_count", addresses)
    collects = _fast(searcher, "collect_count", addresses)
    comments = _fast(searcher, "comment_count", addresses)
    published = _fast(searcher, "published_ts", addresses)
    packed = _signals(searcher, analysed, hits[:SIGNALS_DEPTH], note_ids[:SIGNALS_DEPTH])
    distinct = set(packed.values())  # a few values shared by many candidates
    boosts = {value: signal_boost(Signals.unpack(value), analysed) for value in distinct}
    log1p, prior = math.log1p, QUALITY_PRIOR_EVIDENCE * QUALITY_PRIOR_MEAN
    decay = math.log(0.5) / (FRESHNESS_HALF_LIFE_DAYS * 86_400)
    exp, qw, fw = math.exp, QUALITY_WEIGHT, FRESHNESS_WEIGHT
    scored: list[tuple[int, float]] = []
    for i, (score, address) in enumerate(hits):
        boost = boosts.get(packed.get((address.segment_ord, address.doc), 0), 1.0)
        like, collect, comment = likes[i] or 0, collects[i] or 0, comments[i] or 0
        evidence = like + collect + comment
        quality = (evidence * log1p(2 * collect + like + 3 * comment) + prior) / (
            evidence + QUALITY_PRIOR_EVIDENCE
        )
        fresh = exp(decay * max(0.0, now - (published[i] or 0)))
        final = score * boost * (1 + qw * quality) * (1 - fw + fw * fresh)
        scored.append((note_ids[i], final))
    scored.sort(key=lambda pair: (-pair[1], -pair[0]))
    return scored


def _sorted_by_field(
    searcher: tantivy.Searcher, hits: list[Any], field_name: str
) -> list[tuple[int, float]]:
    if not hits:
        return []
    best = float(hits[0][0])
    kept = [
        (float(score), address) for score, address in hits if score >= best * SORTED_RELEVANCE_FLOOR
    ]
    addresses = [address for _score, address in kept]
    note_ids = _fast(searcher, "note_id", addresses)
    keys = _fast(searcher, field_name, addresses)
    rows = [(int(note_ids[i]), kept[i][0], int(keys[i] or 0)) for i in range(len(kept))]
    rows.sort(key=lambda row: (-row[2], -row[1], -row[0]))
    return [(note_id, score) for note_id, score, _key in rows]


def _load_listed(note_ids: Iterable[int], *, detail: bool) -> dict[int, Note]:
    ids = list(note_ids)
    if not ids:
        return {}
    load = with_detail_relations if detail else with_card_relations
    # `is_listed=True`, not LISTED: with an id list SQLite should seek the primary key, and
    # the LISTED form makes it walk the listed-notes index instead (30 ms at 100k notes).
    notes = load(Note.objects.filter(pk__in=ids, is_listed=True))
    return {note.pk: note for note in notes}


def _listed_bodies(note_ids: list[int]) -> dict[int, str]:
    """Bodies of the listed notes among `note_ids`: the query-time visibility check.

    Plain SQL on the primary key (no ORM objects): the index may lag a hide or delete by up
    to a couple of seconds; this keeps such a note out of the results meanwhile.
    """
    if not note_ids:
        return {}
    table = connection.ops.quote_name(Note._meta.db_table)
    marks = ", ".join(["%s"] * len(note_ids))
    with connection.cursor() as cursor:
        # `AND is_listed`, not `= %s`: with a bound value SQLite walks the listed-notes index
        # (12 ms at 100k notes) instead of seeking the primary key (0.1 ms).
        cursor.execute(
            f"SELECT id, body FROM {table} WHERE id IN ({marks}) AND is_listed",  # noqa: S608
            note_ids,
        )
        return {int(note_id): str(body) for note_id, body in cursor.fetchall()}


# --- users and topics ----------------------------------------------------------------------


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= LIMIT_MAX:
        raise BadSearchRequest("bad_limit", f"limit must be 1 to {LIMIT_MAX}.", field="limit")
    if not 0 <= offset <= OFFSET_MAX:
        raise BadSearchRequest("bad_offset", f"offset must be 0 to {OFFSET_MAX}.", field="offset")


def search_users(*, query: str, limit: int = 20, offset: int = 0) -> UserResult:
    """Active users whose username or display name contains the query, most followed first."""
    cleaned = clean_query(query)[:30]
    _check_page(limit, offset)
    normalised = text_analysis.normalize(cleaned).strip()
    matches = User.objects.filter(is_active=True).filter(
        Q(username__icontains=cleaned)
        | Q(display_name__icontains=cleaned)
        | Q(display_name__icontains=normalised)
    )
    total = matches.count()
    users = list(matches.order_by("-followers_count", "id")[offset : offset + limit])
    return UserResult(items=users, total=total)


@dataclass
class UserResult:
    items: list[User]
    total: int


@dataclass
class TopicResult:
    items: list[Topic]
    total: int


def search_topics(*, query: str, limit: int = 20, offset: int = 0) -> TopicResult:
    """Topics whose name contains the (normalised) query; exact match first, then by notes."""
    cleaned = clean_query(query).lstrip("#").strip() or clean_query(query)
    _check_page(limit, offset)
    normalised = text_analysis.normalize(cleaned).strip()[:30]
    matches = Topic.objects.filter(name__contains=normalised, note_count__gt=0)
    total = matches.count()
    topics = list(matches.order_by("-note_count", "id")[: OFFSET_MAX + LIMIT_MAX])
    topics.sort(key=lambda t: (t.name != normalised, -t.note_count, t.pk))
    page = topics[offset : offset + limit]
    return TopicResult(items=page, total=total)
