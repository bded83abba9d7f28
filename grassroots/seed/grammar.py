"""A tiny template grammar: symbols expand to one of their alternatives, recursively.

Alternatives are strings in which `{name}` refers to another symbol (or to a value fixed for
the note being written, passed in `context`). Templates are compiled once into
(literal, symbol) pairs so that expanding millions of sentences stays cheap.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping

_SLOT = re.compile(r"\{([a-z_0-9]+)\}")

# A compiled alternative: a plain string, or a tuple of literal / symbol-name parts
# (symbol names are marked by being wrapped in a one-element tuple).
Part = str | tuple[str]
Compiled = str | tuple[Part, ...]

MAX_DEPTH = 12


def compile_alternative(text: str) -> Compiled:
    """Split a template into literal text and `{symbol}` references."""
    if "{" not in text:
        return text
    parts: list[Part] = []
    position = 0
    for match in _SLOT.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append((match.group(1),))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return tuple(parts)


class Grammar:
    """A set of symbols, each with a list of alternatives; see the module docstring."""

    def __init__(self, rules: Mapping[str, list[str] | tuple[str, ...]]) -> None:
        self.rules: dict[str, tuple[Compiled, ...]] = {}
        for name, alternatives in rules.items():
            if not alternatives:
                raise ValueError(f"symbol {name!r} has no alternatives")
            self.rules[name] = tuple(compile_alternative(alt) for alt in alternatives)

    def extend(self, rules: Mapping[str, list[str] | tuple[str, ...]]) -> Grammar:
        """A new grammar with these symbols added (or replaced)."""
        merged = Grammar({})
        merged.rules = dict(self.rules)
        merged.rules.update(Grammar(rules).rules)
        return merged

    def symbols(self) -> set[str]:
        return set(self.rules)

    def references(self) -> set[str]:
        """Every symbol name used inside some alternative (for consistency checks)."""
        used: set[str] = set()
        for alternatives in self.rules.values():
            for alt in alternatives:
                if isinstance(alt, tuple):
                    used.update(part[0] for part in alt if isinstance(part, tuple))
        return used

    def expand(
        self, symbol: str, rng: random.Random, context: Mapping[str, str] | None = None
    ) -> str:
        """Expand `symbol`; names found in `context` take the fixed value given there."""
        return self._expand(symbol, rng, context or {}, 0)

    def _expand(
        self, symbol: str, rng: random.Random, context: Mapping[str, str], depth: int
    ) -> str:
        fixed = context.get(symbol)
        if fixed is not None:
            return fixed
        alternatives = self.rules[symbol]
        alt = alternatives[int(rng.random() * len(alternatives))]
        if isinstance(alt, str):
            return alt
        if depth > MAX_DEPTH:
            raise RecursionError(f"grammar recursion too deep at {symbol!r}")
        out: list[str] = []
        for part in alt:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(self._expand(part[0], rng, context, depth + 1))
        return "".join(out)

    def render(self, template: str, rng: random.Random, context: Mapping[str, str]) -> str:
        """Expand an ad-hoc template string (compiled on the fly; for rare templates only)."""
        compiled = compile_alternative(template)
        if isinstance(compiled, str):
            return compiled
        out: list[str] = []
        for part in compiled:
            out.append(part if isinstance(part, str) else self._expand(part[0], rng, context, 1))
        return "".join(out)
