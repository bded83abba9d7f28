"""Planted questions and themes (see themes.py), and the manifest that lists them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from grassroots.seed.compose import normalise_topic
from grassroots.seed.engagement import EngagementMixin
from grassroots.seed.state import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DISTINCT_SAMPLE_NOTES,
)
from grassroots.seed.themes import QUESTIONS, THEMES, PlantedQuestion, PlantedTheme


class PlantingMixin(EngagementMixin):
    """Question/answer notes, theme prevalence over time, the manifest."""

    def _theme_rate(self, theme: PlantedTheme, moment: int) -> float:
        """Prevalence at this moment: flat, or rising from the onset date to the anchor."""
        if theme.onset_days_ago is None:
            return theme.prevalence
        onset = self.anchor_ts - theme.onset_days_ago * 86_400
        if moment < onset:
            return theme.prevalence_before
        progress = (moment - onset) / max(self.anchor_ts - onset, 1)
        span = theme.prevalence - theme.prevalence_before
        return theme.prevalence_before + span * min(1.0, 0.25 + 0.75 * progress)

    def _question_slots(self, total: int) -> dict[int, tuple[PlantedQuestion, str]]:
        """Note index → (question, role) for the planted Q/A notes, spread over the corpus."""
        slots: dict[int, tuple[PlantedQuestion, str]] = {}
        if total < 2 * len(QUESTIONS) + 1:
            return slots
        step = total // len(QUESTIONS)
        for number, question in enumerate(QUESTIONS):
            index = number * step + step // 2
            slots[index] = (question, "question")
            if question.answer_in == "note":
                slots[index + 1] = (question, "answer")
        return slots

    def _planted_note(self, index: int, question: PlantedQuestion, role: str) -> None:
        rng = self.rng
        moment = self._note_time()
        author = self._author()
        ctx = self.composer.context(
            rng, question.category, english=question.english, kind="question"
        )
        topics = [normalise_topic(self.composer.sub_names[question.category][0])]
        if role == "question":
            title, body = question.title, question.body
            record: dict[str, Any] = {
                "key": question.key,
                "question": question.title,
                "category": question.category,
                "answer": question.answer,
                "answer_in": question.answer_in,
                "keywords": list(question.keywords),
                "english": question.english,
                "queries": [list(query) for query in question.queries],
            }
            self.question_records.append(record)
        else:
            record = self.question_records[-1]
            title, body = question.answer_title, question.answer
            moment = max(moment, record["_moment"] + 3600)
        body = f"{body}\n" + " ".join("#" + topic for topic in topics if topic)
        note_id = self._write_note(
            index,
            author,
            question.category,
            title,
            body,
            topics,
            ctx,
            moment,
            status="published",
            visibility="public",
        )
        answer = None
        if role == "question" and question.answer_in == "comment":
            answer = (question.answer, self._readers(1, author)[0])
        self._engage(note_id, author, moment, ctx, True, forced_comments=[], answer=answer)
        reference = {"id": note_id, "external_id": self._external_note_id(index)}
        if role == "question":
            record["question_note"] = reference
            record["_moment"] = moment
            if answer is not None:
                record["answer_comment"] = self.last_answer_comment
        else:
            record["answer_note"] = reference
        self.counts["listed"] += 1
        self.counts["subcategories"].add(question.category)

    def _manifest(self) -> dict[str, Any]:
        opts = self.options
        questions = [
            {key: value for key, value in record.items() if not key.startswith("_")}
            for record in self.question_records
        ]
        themes = []
        for theme in THEMES:
            record = self.theme_records[theme.key]
            occurrences = record["occurrences"]
            category_notes = max(record["category_notes"], 1)
            themes.append(
                {
                    "key": theme.key,
                    "kind": theme.kind,
                    "description": theme.description,
                    "categories": list(theme.categories),
                    "brand": theme.brand,
                    "product": theme.product,
                    "phrasings": list(theme.phrasings),
                    "sentences": list(theme.sentences),
                    "prevalence": theme.prevalence,
                    "brand_share": theme.brand_share,
                    "onset": (self.anchor - timedelta(days=theme.onset_days_ago)).date().isoformat()
                    if theme.onset_days_ago is not None
                    else None,
                    "prevalence_before_onset": theme.prevalence_before
                    if theme.onset_days_ago
                    else None,
                    "category_notes": record["category_notes"],
                    "brand_notes": record["brand_notes"],
                    "measured_prevalence": round(len(occurrences) / category_notes, 4),
                    "occurrences": [
                        {key: value for key, value in item.items() if key != "note_index"}
                        for item in occurrences
                    ],
                }
            )
        ratio = self.sentences_distinct and len(self.sentences_distinct) / max(
            self.sentences_total, 1
        )
        notes = max(opts.notes, 1)
        return {
            "seed": opts.seed,
            "anchor": self.anchor.isoformat(),
            "options": {
                "users": opts.users,
                "notes": opts.notes,
                "comments_per_note": opts.comments_per_note,
                "english_share": opts.english_share,
                "days": opts.days,
            },
            "demo_login": {"username": DEMO_USERNAME, "password": DEMO_PASSWORD},
            "counts": {
                "users": opts.users,
                "notes": opts.notes,
                "listed_notes": self.counts["listed"],
                "drafts": self.counts["drafts"],
                "private_notes": self.counts["private"],
                "english_notes": self.counts["english"],
                "english_share": round(self.counts["english"] / notes, 4),
                "subcategories_used": len(self.counts["subcategories"]),
                "topics": len(self.topic_ids),
                "comments": self.comment_writer.written,
                "likes": self.like_writer.written,
                "collects": self.collect_writer.written,
                "comment_likes": self.comment_like_writer.written,
                "boards": self.board_writer.written,
                **self.stats,
            },
            "text": {
                "distinct_sentence_ratio": round(float(ratio or 0.0), 4),
                "sentences_sampled": self.sentences_total,
                "sample_notes": min(opts.notes, DISTINCT_SAMPLE_NOTES),
            },
            "external_ids": {
                "notes": f"seed{opts.seed}-n<index, 8 digits>",
                "comments": f"seed{opts.seed}-c<index, 9 digits>",
            },
            "questions": questions,
            "themes": themes,
            "timings_seconds": {**self.timer.marks, "total": round(self.timer.total, 3)},
        }
