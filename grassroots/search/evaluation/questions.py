"""The labelled question set, built from the seed manifest (grassroots/seed/themes.py).

Planted questions give, per question: the question title as asked ("exact"), its traditional
characters ("traditional", opencc s2t), and the manifest's other phrasings ("paraphrase",
"short" 1–2 characters, "english", "mixed"). Labels: the note that answers (the answering
note, or the question note when the answer is only in a comment on it) = 2; the question note
when another note answers it = 1. Queries whose answer is only in a comment are also tagged
"comment_answer".

Planted themes give their phrasings (宝宝脖子歪, 泛白, white cast…, tagged "theme", plus
"short"/"english"/"traditional" where that applies) and one 1-character query (歪). Labels: a
theme occurrence whose text (note body, or the comment that carries it) contains the query
= 2; the theme's other occurrences (same complaint, other words) = 1.

Labels only cover what the generator planted: other notes may be relevant too (incomplete
judgements), which caps every engine alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from opencc import OpenCC

from grassroots.engagement.models import Comment
from grassroots.notes.models import Note

CATEGORIES = (
    "exact",
    "paraphrase",
    "comment_answer",
    "traditional",
    "short",
    "english",
    "mixed",
    "theme",
)
_S2T = OpenCC("s2t")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class LabelledQuery:
    key: str
    text: str
    categories: tuple[str, ...]
    relevance: dict[int, int] = field(default_factory=dict)


def to_traditional(text: str) -> str:
    return str(_S2T.convert(text))


def _is_short(text: str) -> bool:
    return bool(_CJK.search(text)) and len(text.strip()) <= 2


def question_queries(manifest: dict[str, Any]) -> list[LabelledQuery]:
    result: list[LabelledQuery] = []
    for record in manifest.get("questions", []):
        if "question_note" not in record:
            continue
        question_id = record["question_note"]["id"]
        if record["answer_in"] == "note" and "answer_note" in record:
            relevance = {record["answer_note"]["id"]: 2, question_id: 1}
        else:
            relevance = {question_id: 2}
        tags: tuple[str, ...] = ("comment_answer",) if record["answer_in"] == "comment" else ()
        english = record.get("english", False)
        variants: list[tuple[str, tuple[str, ...]]] = [
            (record["question"], ("english",) if english else ("exact",))
        ]
        traditional = to_traditional(record["question"])
        if traditional != record["question"]:
            variants.append((traditional, ("traditional",)))
        for kind, text in record.get("queries", []):
            kinds: tuple[str, ...] = (kind,)
            if kind == "paraphrase" and english:
                kinds = ("paraphrase", "english")
            variants.append((text, kinds))
        for number, (text, kinds) in enumerate(variants):
            result.append(
                LabelledQuery(
                    key=f"{record['key']}#{number}",
                    text=text,
                    categories=kinds + tags,
                    relevance=dict(relevance),
                )
            )
    return result


def _occurrence_texts(occurrences: Iterable[dict[str, Any]]) -> dict[int, str]:
    """Note id → the text carrying the theme (body, or the planted comment)."""
    items = list(occurrences)
    note_ids = {item["note_id"] for item in items if item["where"] == "body"}
    comment_ids = {item["comment"]["id"] for item in items if item["where"] == "comment"}
    bodies = dict(Note.objects.filter(pk__in=note_ids).values_list("id", "body"))
    comments = dict(Comment.objects.filter(pk__in=comment_ids).values_list("id", "body"))
    texts: dict[int, str] = {}
    for item in items:
        text = (
            bodies.get(item["note_id"], "")
            if item["where"] == "body"
            else comments.get(item["comment"]["id"], "")
        )
        texts[item["note_id"]] = texts.get(item["note_id"], "") + "\n" + text
    return texts


def theme_queries(manifest: dict[str, Any]) -> list[LabelledQuery]:
    result: list[LabelledQuery] = []
    for theme in manifest.get("themes", []):
        texts = _occurrence_texts(theme.get("occurrences", []))
        if not texts:
            continue
        phrases = list(theme["phrasings"])
        if theme["key"] == "stroller_neck_tilt":
            phrases.append("歪")  # the 1-character query of the issue
        for number, phrase in enumerate(phrases):
            base: tuple[str, ...] = ("theme",)
            if _is_short(phrase):
                base += ("short",)
            if not _CJK.search(phrase):
                base += ("english",)
            forms = [(phrase, base)]
            traditional = to_traditional(phrase)
            if traditional != phrase:
                forms.append((traditional, ("theme", "traditional")))
            needle = phrase.lower()
            relevance = {
                note_id: 2 if needle in text.lower() else 1 for note_id, text in texts.items()
            }
            for variant, (text, kinds) in enumerate(forms):
                result.append(
                    LabelledQuery(
                        key=f"{theme['key']}#{number}.{variant}",
                        text=text,
                        categories=kinds,
                        relevance=dict(relevance),
                    )
                )
    return result


def build_question_set(
    manifest: dict[str, Any], *, listed: Callable[[set[int]], set[int]] | None = None
) -> list[LabelledQuery]:
    """All labelled queries; labels on notes that are not listed (any more) are dropped."""
    queries = question_queries(manifest) + theme_queries(manifest)
    note_ids = {note_id for query in queries for note_id in query.relevance}
    visible = (
        listed(note_ids)
        if listed is not None
        else set(Note.objects.filter(pk__in=note_ids, is_listed=True).values_list("id", flat=True))
    )
    kept = []
    for query in queries:
        query.relevance = {k: v for k, v in query.relevance.items() if k in visible}
        if any(grade == 2 for grade in query.relevance.values()):
            kept.append(query)
    return kept
