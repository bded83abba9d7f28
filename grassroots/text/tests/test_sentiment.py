"""The sentiment model: fixed held-out split, deterministic training, labels, English lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from grassroots.text import sentiment


@pytest.fixture(scope="module")
def model() -> sentiment.SentimentModel:
    return sentiment.load_model(Path(settings.VAR_DIR) / "models")


def test_held_out_split_is_fixed_and_disjoint() -> None:
    train, test = sentiment.split_reviews()
    assert 0.15 < len(test) / (len(train) + len(test)) < 0.25
    assert not {text for text, _ in train} & {text for text, _ in test}
    # The split depends on the text only: same answer every time, for every caller.
    sample = [text for text, _ in test[:50]]
    assert all(sentiment.is_heldout(text) for text in sample)
    assert sentiment.split_reviews()[1][:50] == test[:50]


def test_reviews_are_distinct_and_both_labels_present() -> None:
    rows = sentiment.labelled_reviews()
    texts = [text for text, _ in rows]
    assert len(texts) == len(set(texts))
    assert {label for _, label in rows} == {0, 1}


def test_model_scores_clear_sentences(model: sentiment.SentimentModel) -> None:
    good, bad = model.score(["质量很好，非常满意，推荐购买", "太差了，用了两天就坏了，很失望"])
    assert good > 0.4
    assert bad < -0.4


def test_cached_model_gives_the_same_scores(
    model: sentiment.SentimentModel, tmp_path: Path
) -> None:
    folder = Path(settings.VAR_DIR) / "models"
    assert (folder / f"sentiment-{sentiment.MODEL_VERSION}.npz").exists()
    again = sentiment.load_model(folder)
    assert again.score(["物流很快"]) == model.score(["物流很快"])


def test_labels_from_scores() -> None:
    assert sentiment.label_of(0.9) == "positive"
    assert sentiment.label_of(0.0) == "neutral"
    assert sentiment.label_of(-0.9) == "negative"


def test_english_lexicon_with_negation() -> None:
    assert sentiment.english_score("I love this stroller, it is great") > 0
    assert sentiment.english_score("The wheels broke, terrible") < 0
    assert sentiment.english_score("not good at all") < 0
    assert sentiment.english_score("We went to the park") == 0


def test_english_sentences_use_the_lexicon(model: sentiment.SentimentModel) -> None:
    (score,) = model.score(["Disappointed, the strap broke"])
    assert score < 0
