"""The shared inline SVG icons."""

from __future__ import annotations

import pytest
from django.template import Context, Template


def render(source: str, **context: object) -> str:
    return Template("{% load core_tags %}" + source).render(Context(context))


def test_icon_is_decorative_svg_in_the_text_colour():
    html = render('{% icon "comment" %}')
    assert html.startswith("<svg") and 'aria-hidden="true"' in html
    assert 'stroke="currentColor"' in html and 'fill="none"' in html


def test_filled_icon_fills_with_the_text_colour():
    assert 'fill="currentColor"' in render('{% icon "heart" filled=on %}', on=True)
    assert 'fill="none"' in render('{% icon "heart" filled=on %}', on=False)


def test_unknown_icon_fails_loudly():
    with pytest.raises(KeyError):
        render('{% icon "nope" %}')
