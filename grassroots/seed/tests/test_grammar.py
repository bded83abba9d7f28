import random
import re

import pytest

from grassroots.notes.queries import is_valid_topic, parse_topics
from grassroots.notes.taxonomy import TAXONOMY
from grassroots.seed.compose import BODY_MAX, TITLE_MAX, Composer
from grassroots.seed.grammar import Grammar
from grassroots.seed.themes import QUESTIONS, THEMES

FIXED = {"item", "city", "en_item", "hobby", "job"}


@pytest.fixture(scope="module")
def composer():
    return Composer()


def test_every_symbol_used_in_a_template_is_defined(composer):
    for top, grammar in composer.grammars.items():
        missing = grammar.references() - grammar.symbols() - FIXED
        assert not missing, (top, missing)


def test_every_subcategory_of_the_taxonomy_has_words(composer):
    subs = {slug for _top, children in TAXONOMY for slug, _zh, _en in children}
    assert len(subs) == 200
    assert set(composer.subcategories) == subs
    for slug in subs:
        assert len(composer.items[slug]) >= 4, slug


def test_grammar_expands_fixed_values_and_alternatives():
    grammar = Grammar({"greeting": ["{word}, {name}!"], "word": ["hi", "hello"]})
    rng = random.Random(1)
    outputs = {grammar.expand("greeting", rng, {"name": "Mia"}) for _ in range(50)}
    assert outputs == {"hi, Mia!", "hello, Mia!"}


def test_notes_respect_the_limits_and_their_topics_are_in_the_body(composer):
    rng = random.Random(7)
    for number in range(3000):
        sub = composer.subcategories[number % 200]
        note = composer.note(rng, sub, english=number % 7 == 0)
        assert 0 < len(note.title) <= TITLE_MAX
        assert 0 < len(note.body) <= BODY_MAX
        assert note.topics, note.body
        assert all(is_valid_topic(topic) for topic in note.topics)
        # The body's hashtags are exactly the note's topics (as notes.actions would read them).
        assert parse_topics(note.body) == note.topics


def test_the_text_is_varied_not_a_handful_of_sentences(composer):
    rng = random.Random(3)
    sentences = []
    for number in range(4000):
        note = composer.note(rng, composer.subcategories[number % 200], english=False)
        sentences += [
            part.strip()
            for part in re.split(r"[。！？!?\n～]+", note.body)
            if part.strip() and not part.startswith("#")
        ]
    assert len(sentences) > 10_000
    assert len(set(sentences)) / len(sentences) > 0.5


def test_english_share_produces_english_text(composer):
    note = composer.note(random.Random(5), "food-wine", english=True)
    assert re.search(r"[A-Za-z]{3,}", note.title)
    assert not re.search(r"[\u4e00-\u9fff]", note.title)


def test_comments_and_people(composer):
    rng = random.Random(9)
    note = composer.note(rng, "beauty-sunscreen")
    for _ in range(200):
        assert 0 < len(composer.comment(rng, note.context)) <= 500
    assert 0 < len(composer.display_name(rng)) <= 30
    assert len(composer.bio(rng)) <= 200


def test_planted_content_fits_the_models():
    for question in QUESTIONS:
        assert len(question.title) <= TITLE_MAX
        assert len(question.answer_title) <= TITLE_MAX
        assert question.answer_in in {"comment", "note"}
        assert (question.answer_in == "note") == bool(question.answer_title)
    for theme in THEMES:
        assert theme.kind in {"pain_point", "complaint", "need", "praise"}
        assert 0 < theme.prevalence <= theme.brand_share
        for sentence in theme.sentences:
            text = sentence.replace("{product}", theme.product)
            assert any(phrase in text for phrase in theme.phrasings), text
            assert len(text) <= 500
