"""Brand and product names → mentions, matched in one pass over normalised text.

All names and aliases of every brand and product are normalised (`grassroots.text.normalize`:
NFKC, simplified, lower case) and compiled into one regular expression, longest first, so
``小云朵轻便推车`` wins over ``小云朵``; Latin names only match at word boundaries (``Jie`` does
not match inside ``jieba``). A product match implies its brand.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from grassroots.text import normalize

# A name shorter than this (after normalising) is too ambiguous to match on its own.
MIN_NAME_CHARS = 2


@dataclass
class Gazetteer:
    signature: str
    pattern: re.Pattern[str] | None
    targets: dict[str, tuple[int, int | None]]  # normalised name -> (brand id, product id)
    names: list[str] = field(default_factory=list)  # every normalised name (for term exclusion)
    accounts: dict[int, int] = field(default_factory=dict)  # account user id -> brand id

    def find(self, text: str) -> list[tuple[int, int | None]]:
        """(brand id, product id or None) per distinct name found in the text."""
        if self.pattern is None or not text:
            return []
        found: dict[tuple[int, int | None], None] = {}
        for match in self.pattern.finditer(normalize(text)):
            found[self.targets[match.group(0)]] = None
        return list(found)


def _entry(name: str) -> str | None:
    norm = " ".join(normalize(name).split())
    return norm if len(norm) >= MIN_NAME_CHARS else None


def build(
    brands: list[tuple[int, str, list[str], int | None]],
    products: list[tuple[int, int, str, list[str]]],
) -> Gazetteer:
    """From (brand id, name, aliases, account id) and (product id, brand id, name, aliases)."""
    targets: dict[str, tuple[int, int | None]] = {}
    accounts: dict[int, int] = {}
    for brand_id, name, aliases, account_id in brands:
        for raw in [name, *aliases]:
            entry = _entry(str(raw))
            if entry and entry not in targets:
                targets[entry] = (brand_id, None)
        if account_id is not None:
            accounts[account_id] = brand_id
    for product_id, brand_id, name, aliases in products:
        for raw in [name, *aliases]:
            entry = _entry(str(raw))
            if entry and (entry not in targets or targets[entry][1] is None):
                targets[entry] = (brand_id, product_id)
    names = sorted(targets, key=lambda item: (-len(item), item))
    parts = []
    for name in names:
        escaped = re.escape(name)
        if name[0].isascii() and name[0].isalnum():
            escaped = r"(?<![a-z0-9])" + escaped
        if name[-1].isascii() and name[-1].isalnum():
            escaped += r"(?![a-z0-9])"
        parts.append(escaped)
    pattern = re.compile("|".join(parts)) if parts else None
    digest = hashlib.blake2b(repr((brands, products)).encode(), digest_size=8).hexdigest()
    return Gazetteer(
        signature=digest, pattern=pattern, targets=targets, names=names, accounts=accounts
    )


_cached: Gazetteer | None = None


def current() -> Gazetteer:
    """The gazetteer of the brands in the database (rebuilt when any name changes)."""
    global _cached
    from grassroots.brands.models import Brand, BrandProduct

    brands: list[tuple[int, str, list[str], int | None]] = [
        (pk, name, [str(a) for a in (aliases or [])], account_id)
        for pk, name, aliases, account_id in Brand.objects.order_by("pk").values_list(
            "pk", "name", "aliases", "account_id"
        )
    ]
    products = [
        (pk, brand_id, name, [str(a) for a in (aliases or [])])
        for pk, brand_id, name, aliases in BrandProduct.objects.order_by("pk").values_list(
            "pk", "brand_id", "name", "aliases"
        )
    ]
    digest = hashlib.blake2b(repr((brands, products)).encode(), digest_size=8).hexdigest()
    if _cached is None or _cached.signature != digest:
        _cached = build(brands, products)
    return _cached
