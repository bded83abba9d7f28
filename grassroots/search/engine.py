"""Search: notes (tantivy, reranked), users and topics (database), snippets and answers.

Ranking (documented in docs/search.md, section "Ranking"):
1. BM25 over analysed fields with per-field boosts (title > topics > body > comments,
   words > bigrams), plus an exact-phrase boost and an all-words-in-title boost.
2. The top RERANK_DEPTH candidates are rescored:
       final = bm25 * (1 + QW * quality) * (1 - FW + FW * fresh)
   (QW = QUALITY_WEIGHT, FW = FRESHNESS_WEIGHT)
   with quality the engagement score shrunk toward a prior when evidence is thin and
   fresh = 0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS).
Visibility: only listed notes are indexed, and hits are re-read from the database with the
LISTED filter, so a note hidden after its last index update is still never shown.
"""

from __future__ import annotations

import html
import math
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import tantivy
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
PHRASE_BOOST = 2.0
TITLE_ALL_WORDS_BOOST = 2.0
# Notes holding this share of the query's words (at least two) get COVERAGE_BOOST.
COVERAGE_MIN_SHARE = 0.6
COVERAGE_BOOST = 2.0
# A document must share this share of the query's bigrams to match on bigrams alone.
BIGRAM_MIN_SHARE = 0.4

RERANK_DEPTH = 200
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
    note: Note
    score: float
    snippet: str
    answer: Answer | None = None


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


def _field_group(fields: Sequence[str], token: str) -> tantivy.Query:
    schema = search_index.SCHEMA
    return tantivy.Query.boolean_query(
        [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, name, token), FIELD_BOOSTS[name]
                ),
            )
            for name in fields
        ]
    )


def relevance_query(analysed: AnalysedQuery) -> tantivy.Query | None:
    """The scoring query, or None when the query has no searchable term."""
    schema = search_index.SCHEMA
    clauses: list[tuple[Any, tantivy.Query]] = []
    for word in analysed.words:
        clauses.append((tantivy.Occur.Should, _field_group(WORD_FIELDS, word)))
    for topic in analysed.topics:
        token = topic.replace(" ", "_")
        clauses.append(
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, "topic_words", token),
                    FIELD_BOOSTS["topic_words"],
                ),
            )
        )
    bigrams = [b for b in analysed.bigrams if len(b) > 1]
    if bigrams:
        groups = [(tantivy.Occur.Should, _field_group(BIGRAM_FIELDS, b)) for b in bigrams]
        needed = max(1, math.ceil(len(bigrams) * BIGRAM_MIN_SHARE)) if len(bigrams) >= 3 else 1
        clauses.append((tantivy.Occur.Should, tantivy.Query.boolean_query(groups, needed)))
        run = analysed.phrase
        if len(run) >= 3 and all(_is_cjk(c) for c in run):
            # A single Chinese run: its consecutive bigrams at consecutive positions.
            pairs: list[str | tuple[int, str]] = [run[i : i + 2] for i in range(len(run) - 1)]
            for name in ("title_bigrams", "body_bigrams"):
                phrase = tantivy.Query.phrase_query(schema, name, pairs)
                clauses.append(
                    (tantivy.Occur.Should, tantivy.Query.boost_query(phrase, PHRASE_BOOST))
                )
    cjk_chars = [c for c in analysed.text if _is_cjk(c)]
    if len(cjk_chars) == 1:
        # One Chinese character: every indexed character starts a bigram token (or is the
        # last one alone), so the prefix finds all its occurrences.
        char = re.escape(cjk_chars[0])
        for name in BIGRAM_FIELDS:
            clauses.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.regex_query(schema, name, f"{char}.?"),
                        FIELD_BOOSTS[name],
                    ),
                )
            )
    if len(analysed.words) >= 2:
        # Coordination: notes containing most of the query's words (in any field) score their
        # word matches again, so two rare words together beat one common word many times.
        needed = max(2, math.ceil(len(analysed.words) * COVERAGE_MIN_SHARE))
        coverage = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, _field_group(WORD_FIELDS, w)) for w in analysed.words],
            min(needed, len(analysed.words)),
        )
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(coverage, COVERAGE_BOOST)))
        title_all = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "title_words", w))
                for w in analysed.words
            ]
        )
        clauses.append(
            (tantivy.Occur.Should, tantivy.Query.boost_query(title_all, TITLE_ALL_WORDS_BOOST))
        )
    if not clauses:
        return None
    return tantivy.Query.boolean_query(clauses)


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


def _coverage(original: str, needles: Sequence[str]) -> list[bool]:
    normal, origin = _aligned_normal_form(original)
    covered = [False] * len(original)
    for needle in needles:
        start = normal.find(needle)
        while start != -1:
            for k in range(start, start + len(needle)):
                covered[origin[k]] = True
            start = normal.find(needle, start + 1)
    return covered


def _render(original: str, covered: list[bool], start: int, end: int) -> str:
    out: list[str] = []
    position = start
    while position < end:
        marked = covered[position]
        stop = position
        while stop < end and covered[stop] == marked:
            stop += 1
        chunk = html.escape(original[position:stop])
        out.append(f"<mark>{chunk}</mark>" if marked else chunk)
        position = stop
    return "".join(out)


def highlight(text: str, needles: Sequence[str], *, max_chars: int | None = None) -> str:
    """HTML-escaped `text` with needles in <mark>, cut to the densest window of max_chars."""
    if not text:
        return ""
    covered = _coverage(text, needles)
    start, end = 0, len(text)
    if max_chars is not None and len(text) > max_chars:
        best, best_start, running = -1, 0, 0
        for position in range(len(text)):
            running += covered[position]
            if position >= max_chars:
                running -= covered[position - max_chars]
            if position >= max_chars - 1 and running > best:
                best, best_start = running, position - max_chars + 1
        if best <= 0:
            best_start = 0
        # Start a little before the first match so it reads in context.
        first = next(
            (i for i in range(best_start, best_start + max_chars) if covered[i]), best_start
        )
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


def find_answers(hits: Sequence[SearchHit], query: str, analysed: AnalysedQuery) -> Answer | None:
    """Attach to each of the first ANSWER_HITS hits its best answering sentence (if good
    enough) and return the best of them."""
    top = list(hits[:ANSWER_HITS])
    if not top or not is_question(query, analysed):
        return None
    note_ids = [hit.note.pk for hit in top]
    comments: dict[int, list[tuple[int, str]]] = {note_id: [] for note_id in note_ids}
    rows = (
        Comment.objects.filter(
            note_id__in=note_ids, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .filter(
            Q(parent__isnull=True)
            | Q(parent__deleted_at__isnull=True, parent__hidden_at__isnull=True)
        )
        .order_by("note_id", "-like_count", "id")
        .values_list("note_id", "id", "body")
    )
    for note_id, comment_id, body in rows:
        bucket = comments[note_id]
        if len(bucket) < ANSWER_COMMENTS_PER_NOTE:
            bucket.append((comment_id, body))
    best: Answer | None = None
    for rank, hit in enumerate(top):
        candidates: list[tuple[str, int | None, str]] = [
            ("note", None, s) for s in text_analysis.sentences(hit.note.body)
        ]
        for comment_id, body in comments[hit.note.pk]:
            candidates.extend(("comment", comment_id, s) for s in text_analysis.sentences(body))
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
            note_id=hit.note.pk,
            score=hit_best[0],
        )
        if best is None or score > best.score:
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
) -> SearchResult:
    """Listed notes matching `query`, ranked (or sorted), filtered, with snippets and answers.

    Notes come with card relations (author); `detail=True` also loads what NoteOut needs
    (category, images, topics), as the API does.
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
    relevance = relevance_query(analysed)
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
    searcher = search_index.reader().searcher()
    if sort == "overall":
        depth = max(RERANK_DEPTH, offset + limit)
        found = searcher.search(query_obj, limit=depth, count=True)
        total = int(getattr(found, "count", 0) or 0)  # the stub lacks `count`
        scored = _rerank(searcher, found.hits, now)
    else:
        found = searcher.search(query_obj, limit=SORTED_CANDIDATES, count=False)
        scored = _sorted_by_field(searcher, found.hits, SORT_FIELDS[sort])
        total = len(scored)
    page = scored[offset : offset + limit]
    notes = _load_listed((note_id for note_id, _score in page), detail=detail)
    hits = [
        SearchHit(
            note=notes[note_id],
            score=score,
            snippet=highlight(notes[note_id].body, analysed.needles, max_chars=SNIPPET_CHARS),
        )
        for note_id, score in page
        if note_id in notes
    ]
    # Indexed but no longer listed: gone from this page and from the count.
    total = max(0, total - (len(page) - len(hits)))
    answer = find_answers(hits, cleaned, analysed) if offset == 0 else None
    return SearchResult(items=hits, total=total, answer=answer, took_ms=_clock() - started)


def _clock() -> float:
    return time.perf_counter() * 1000


def _wall_clock() -> float:
    return time.time()


def _fast(searcher: tantivy.Searcher, name: str, addresses: list[Any]) -> list[Any]:
    return list(searcher.fast_field_values(name, addresses))


def _rerank(searcher: tantivy.Searcher, hits: list[Any], now: float) -> list[tuple[int, float]]:
    if not hits:
        return []
    addresses = [address for _score, address in hits]
    note_ids = _fast(searcher, "note_id", addresses)
    likes = _fast(searcher, "like_count", addresses)
    collects = _fast(searcher, "collect_count", addresses)
    comments = _fast(searcher, "comment_count", addresses)
    published = _fast(searcher, "published_ts", addresses)
    scored = [
        (
            int(note_ids[i]),
            final_score(
                bm25=float(hits[i][0]),
                likes=int(likes[i] or 0),
                collects=int(collects[i] or 0),
                comments=int(comments[i] or 0),
                published_ts=int(published[i] or 0),
                now=now,
            ),
        )
        for i in range(len(hits))
    ]
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
