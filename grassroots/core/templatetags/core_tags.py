"""Template tags shared by every app: small inline SVG icons."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# 24×24 line icons drawn with the text colour (shapes after Feather icons, MIT licence).
# Emoji would render in a colour font of their own and at different sizes per platform.
ICON_SHAPES: dict[str, str] = {
    "heart": (
        '<path d="M20.8 4.6a5.5 5.5 0 0 0-7.8 0L12 5.7l-1-1.1a5.5 5.5 0 0 0-7.8 7.8l1 1.1'
        'L12 21.2l7.8-7.7 1-1.1a5.5 5.5 0 0 0 0-7.8z"/>'
    ),
    "star": (
        '<path d="M12 2.5l2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.4l-5.9 3.1 1.2-6.5L2.5 9.4l6.6-.9z"/>'
    ),
    "comment": (
        '<path d="M21 11.5a8.4 8.4 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.4 8.4 0 0 1-3.8-.9L3 21'
        "l1.9-5.7a8.4 8.4 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.4 8.4 0 0 1 3.8-.9h.5a8.5 8.5 0 0 1"
        ' 8 8z"/>'
    ),
    "pin": (
        '<path d="M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0z"/><circle cx="12" cy="10" r="3"/>'
    ),
    "chevron-down": '<path d="M6 9l6 6 6-6"/>',
    "chevron-left": '<path d="M15 18l-6-6 6-6"/>',
    "chevron-right": '<path d="M9 18l6-6-6-6"/>',
    "check": '<path d="M20 6L9 17l-5-5"/>',
    "close": '<path d="M18 6L6 18M6 6l12 12"/>',
    "globe": (
        '<circle cx="12" cy="12" r="10"/><path d="M2 12h20"/>'
        '<path d="M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10'
        ' 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z"/>'
    ),
    "camera": (
        '<path d="M23 19a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h4l2-3h6l2 3h4'
        'a2 2 0 0 1 2 2z"/>'
        '<circle cx="12" cy="13" r="4"/>'
    ),
}


@register.simple_tag
def icon(name: str, filled: bool = False) -> SafeString:
    """`{% icon "heart" filled=liked %}`: an inline, decorative SVG icon 1em square.

    It is hidden from assistive technology; the element around it carries the label.
    """
    shape = ICON_SHAPES[name]  # a typo in a template should fail loudly, not render nothing
    return format_html(
        '<svg class="icon-svg icon-{}" viewBox="0 0 24 24" width="1em" height="1em" fill="{}"'
        ' stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'
        ' aria-hidden="true" focusable="false">{}</svg>',
        name,
        "currentColor" if filled else "none",
        mark_safe(shape),  # noqa: S308 - constant markup defined above
    )
