"""The search evaluation: metrics, question set, baselines and the eval_search report."""

import io
import json
import math

import pytest
from django.core.management import CommandError, call_command

from grassroots.core.management.commands.eval_search import END, START, update_markdown
from grassroots.engagement.models import Comment
from grassroots.notes.models import Note
from grassroots.search.evaluation.baselines import (
    Fts5Trigram,
    fts_expression,
    like_search,
    like_terms,
)
from grassroots.search.evaluation.metrics import (
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    summarise,
)
from grassroots.search.evaluation.questions import CATEGORIES, build_question_set

ANCHOR = "2026-06-01"


def seed(tmp_path, notes=1200):
    path = tmp_path / "manifest.json"
    call_command(
        "seed", manifest=str(path), users=60, notes=notes, seed=7, anchor=ANCHOR, verbosity=0
    )
    return path, json.loads(path.read_text(encoding="utf-8"))


# --- metrics ---------------------------------------------------------------------------------
def test_ndcg_on_a_hand_made_ranking():
    relevance = {1: 2, 2: 1}
    # DCG of [2, 1] = (2^1-1)/log2(2) + (2^2-1)/log2(3); ideal [1, 2] = 3/log2(2) + 1/log2(3).
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert ndcg_at_k([2, 1], relevance) == pytest.approx(expected)
    assert ndcg_at_k([1, 2], relevance) == pytest.approx(1.0)
    assert ndcg_at_k([9, 8, 1], relevance) == pytest.approx((3 / 2) / (3 + 1 / math.log2(3)))
    assert ndcg_at_k([9] * 10 + [1], relevance) == 0.0  # rank 11 is past the cut-off
    assert ndcg_at_k([1], {}) == 0.0


def test_mrr_recall_and_zero_rate():
    relevance = {1: 2, 2: 1}
    assert reciprocal_rank([5, 2, 1], relevance) == pytest.approx(
        1 / 3
    )  # grade 1 is not the answer
    assert reciprocal_rank([5, 2], relevance) == 0.0
    assert recall_at_k([2, 7], relevance) == 0.5
    many = {n: 1 for n in range(100)}
    assert recall_at_k(list(range(50)), many) == 1.0  # denominator capped at k
    assert recall_at_k(list(range(25)), many) == 0.5
    summary = summarise([[1], [], [2, 1]], [relevance, relevance, relevance])
    assert summary["queries"] == 3
    assert summary["zero_rate"] == pytest.approx(1 / 3)
    assert summary["mrr"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert summary["recall@50"] == pytest.approx((0.5 + 0 + 1) / 3)


# --- baselines (pure parts) ------------------------------------------------------------------
def test_like_terms_and_fts_expression():
    assert like_terms("开了的红酒 iPhone 15") == ["开了", "的红", "酒", "iPhone", "15"]
    assert like_terms("开了的红酒 iPhone", chunks=False) == ["开了的红酒", "iPhone"]
    assert like_terms("歪") == ["歪"]
    expression, short = fts_expression("红酒放久 iPhone 15 歪")
    assert expression == '"红酒放" OR "酒放久" OR "iphone"'
    assert short == ["15", "歪"]
    assert fts_expression('a"b"c') == ('"a""b""c"', [])


def test_update_markdown_replaces_only_between_the_markers(tmp_path):
    path = tmp_path / "search.md"
    path.write_text("# Search\n\n## Ranking\nX's text\n", encoding="utf-8")
    update_markdown(path, "table one")
    update_markdown(path, "table two")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Search\n\n## Ranking\nX's text\n")
    assert text.count(START) == 1 and text.count(END) == 1
    assert "table two" in text and "table one" not in text


# --- on a seeded corpus ----------------------------------------------------------------------
@pytest.mark.django_db
def test_question_set_labels_existing_notes_in_every_category(tmp_path):
    _path, manifest = seed(tmp_path)
    queries = build_question_set(manifest)
    assert len(queries) >= 100
    present = {category for query in queries for category in query.categories}
    assert present == set(CATEGORIES)
    listed = set(Note.objects.filter(is_listed=True).values_list("id", flat=True))
    for query in queries:
        assert query.text.strip()
        assert set(query.relevance) <= listed
        assert 2 in query.relevance.values()
    wine = {q.text: q for q in queries if q.key.startswith("opened_red_wine#")}
    question = Note.objects.get(title="开了的红酒放三个月还能喝吗")
    assert wine["开了的红酒放三个月还能喝吗"].relevance == {question.pk: 2}
    assert "traditional" in wine["開了的紅酒放三個月還能喝嗎"].categories
    assert "comment_answer" in wine["红酒"].categories
    answer = Comment.objects.get(note=question, body__startswith="开瓶后的红酒")
    assert answer.note_id == question.pk


@pytest.mark.django_db
def test_baselines_find_planted_notes(tmp_path):
    _path, manifest = seed(tmp_path, notes=400)
    record = next(q for q in manifest["questions"] if q["key"] == "opened_red_wine")
    question_id = record["question_note"]["id"]
    found = like_search("开了的红酒放三个月还能喝吗")
    assert question_id in found
    assert question_id in like_search("开了的红酒放三个月还能喝吗", chunks=False)
    # The answer is only in a comment: LIKE and FTS5 both search comments.
    assert question_id in like_search("炖牛肉")
    listed = set(Note.objects.filter(is_listed=True).values_list("id", flat=True))
    assert set(like_search("的")) <= listed
    fts = Fts5Trigram()
    assert fts.build() == len(listed)
    info = fts.build_info()
    assert info is not None and info[0] == len(listed) and info[1] >= 0
    assert fts.search("开了的红酒放三个月还能喝吗")[0] == question_id
    assert question_id in fts.search("氧化变酸")
    assert question_id in fts.search("红酒", limit=50) or len(fts.search("红酒")) == 50
    assert fts.search("") == []
    assert set(fts.search("酒")) <= listed
    fts.close()


@pytest.mark.django_db
def test_eval_command_reports_every_engine_and_category(tmp_path, settings):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    path, _manifest = seed(tmp_path, notes=400)
    out = io.StringIO()
    call_command(
        "eval_search", in_place=True, manifest=str(path), json=True, no_docs=True, stdout=out
    )
    report = json.loads(out.getvalue())
    assert report["queries"] > 50
    assert set(report["categories"]) == set(CATEGORIES)
    names = set(report["engines"])
    assert {"SQL LIKE (2-char chunks)", "SQL LIKE (literal)", "SQLite FTS5 trigram bm25"} <= names
    for data in report["engines"].values():
        overall = data["overall"]
        assert set(overall) == {"queries", "ndcg@10", "recall@50", "mrr", "zero_rate"}
        assert all(0.0 <= overall[key] <= 1.0 for key in ("ndcg@10", "recall@50", "mrr"))
        assert "exact" in data["by_category"]
    text = io.StringIO()
    call_command("eval_search", in_place=True, manifest=str(path), no_docs=True, stdout=text)
    assert "| engine | nDCG@10 | recall@50 | MRR |" in text.getvalue()


def test_eval_command_refuses_bad_options(tmp_path):
    with pytest.raises(CommandError, match="at least 100"):
        call_command("eval_search", notes=5)
    with pytest.raises(CommandError, match="manifest"):
        call_command("eval_search", in_place=True)
    with pytest.raises(CommandError, match="no manifest"):
        call_command("eval_search", in_place=True, manifest=str(tmp_path / "missing.json"))
