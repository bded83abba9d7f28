"""How a board's name reads: the default board's generated name follows the reader's language.

`boards.default_board_for` stores "Default board" in whatever language was active when the
board was made ("默认专辑", or "Default board 2" when the name was taken). The stored name is
left alone; pages and the API show a generated name in the reader's language instead. A name
the owner chose (a renamed default board) is shown as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

DEFAULT_BOARD_NAME = "Default board"  # the msgid boards.default_board_for uses


@lru_cache(maxsize=1)
def _generated_names() -> frozenset[str]:
    """The default board's name in every configured language."""
    names = {DEFAULT_BOARD_NAME}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            names.add(gettext(DEFAULT_BOARD_NAME))
    return frozenset(names)


def board_display_name(board: Any) -> str:
    """The board's name for the current language (see the module docstring)."""
    name: str = board.name
    if not board.is_default:
        return name
    if name in _generated_names():
        return gettext(DEFAULT_BOARD_NAME)
    base, _space, number = name.rpartition(" ")
    if number.isdigit() and base in _generated_names():
        return f"{gettext(DEFAULT_BOARD_NAME)} {number}"
    return name
