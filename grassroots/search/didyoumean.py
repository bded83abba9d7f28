"""Did-you-mean for zero- or low-result queries: the nearest popular query or topic name.

Near means: the same pinyin (红久 → 红酒: a wrong character picked from the input method), or
an edit distance of at most 1 (queries up to 4 characters) or 2 (longer ones). Among the near
candidates the closest wins, then the most popular. Candidates come from the suggestion index
(popular past queries that found results, and topic names), so proposing costs no query.
"""

from __future__ import annotations

from grassroots.search.suggest import SuggestIndex, clean_query, pinyin_key, suggest_index

LOW_RESULTS = 3
NEAR_MISS_MEMO = 10_000
NEAR_KINDS = ("query", "topic")


def edit_distance(a: str, b: str, *, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def did_you_mean(query: str, *, index: SuggestIndex | None = None) -> str | None:
    """A near, more popular spelling of `query`, or None when nothing is close enough."""
    typed = clean_query(query)
    if not typed or len(typed) > 40:
        return None
    index = index or suggest_index()
    # Same index, same answer: remember it while this index lives (a zero-result query is
    # often repeated, and the scan costs ~15 ms on 9,000 candidates).
    if typed in index.near_misses:
        return index.near_misses[typed]
    found = _nearest(typed, index)
    if len(index.near_misses) < NEAR_MISS_MEMO:
        index.near_misses[typed] = found
    return found


def _nearest(typed: str, index: SuggestIndex) -> str | None:
    limit = 1 if len(typed) <= 4 else 2
    best: tuple[int, float, str] | None = None  # (distance, -weight, text)
    sound = pinyin_key(typed)
    if sound and sound != typed:
        for position in index.by_pinyin.get(sound, []):
            entry = index.entries[position]
            if entry.kind in NEAR_KINDS and clean_query(entry.text) != typed:
                candidate = (0, -entry.weight, entry.text)
                best = candidate if best is None or candidate < best else best
    if best is not None or len(typed) < 2:
        return best[2] if best is not None else None
    typed_chars = set(typed)
    for position, entry in enumerate(index.entries):
        if entry.kind not in NEAR_KINDS:
            continue
        text = index.entry_keys[position][0]
        if text == typed or abs(len(text) - len(typed)) > limit:
            continue
        # Within `limit` edits at most `limit` of the typed characters can be missing.
        if len(typed_chars.difference(text)) > limit:
            continue
        distance = edit_distance(typed, text, limit=limit)
        if distance <= limit:
            candidate = (distance, -entry.weight, entry.text)
            best = candidate if best is None or candidate < best else best
    return best[2] if best is not None else None
