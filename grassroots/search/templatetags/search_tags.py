"""Template helpers for the search pages: result URLs, cards with snippets, topic questions."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.core.cache import cache
from django.template import Engine
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from grassroots.search.unanswered import topic_questions as find_topic_questions

register = template.Library()

TOPIC_QUESTIONS_SECONDS = 600
# The engine escapes the text and adds only <mark>…</mark>; anything else means it did not.
_FOREIGN_TAG = re.compile(r"<(?!/?mark>)")


@register.filter
def highlighted(value: Any) -> SafeString:
    """An engine snippet as HTML: trusted only when its sole tags are <mark> and </mark>."""
    text = str(value or "")
    if _FOREIGN_TAG.search(text):
        return escape(strip_tags(text))
    return mark_safe(text)  # noqa: S308 - escaped by the engine, checked above


@register.simple_tag
def search_url(params: Any, **changes: Any) -> str:
    """The results URL of the current search with some parameters changed."""
    return str(params.url(**changes))


_CARD_END = "</article>"


@register.simple_tag(takes_context=True)
def hit_card(context: template.Context, hit: Any) -> SafeString:
    """The shared feed card of a hit, with the highlighted snippet inside it under the title.

    The snippet goes inside the card's <article> so the masonry script moves them together.
    """
    # Rendered with this page's context (no second run of the context processors per card).
    engine = context.template.engine if context.template is not None else Engine.get_default()
    card_template = engine.get_template("feed/partials/_card.html")
    with context.push(note=hit.note):
        card = card_template.render(context)
    snippet = ""
    if hit.snippet:
        snippet = (
            f'<p class="card-snippet" data-testid="hit-snippet">{highlighted(hit.snippet)}</p>'
        )
    head, found, tail = card.rpartition(_CARD_END)
    if not found:
        return mark_safe(card + snippet)  # noqa: S308 - rendered template plus checked snippet
    return mark_safe(head + snippet + found + tail)  # noqa: S308 - same


@register.inclusion_tag("search/partials/_topic_questions.html")
def topic_questions(topic: Any) -> dict[str, Any]:
    """Questions people search about this topic that few notes answer (cached ten minutes)."""
    key = f"search:topic-questions:{topic.pk}"
    questions = cache.get(key)
    if questions is None:
        questions = find_topic_questions(topic_name=topic.name)
        cache.set(key, questions, TOPIC_QUESTIONS_SECONDS)
    return {"topic": topic, "questions": questions}


@register.filter
def children_of(children: dict[int, list[Any]], top_id: int) -> list[Any]:
    """The sub-channels of one top channel (for the category filter's option groups)."""
    return children.get(top_id, [])
