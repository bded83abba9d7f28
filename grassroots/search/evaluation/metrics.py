"""Ranking metrics over graded relevance labels (note id → grade, 2 = answers, 1 = related).

- nDCG@k: DCG = Σ (2^grade − 1) / log2(rank + 1) over the first k results, divided by the DCG
  of the ideal ordering of all labelled notes (so 1.0 = the best possible first page).
- recall@k: share of the labelled notes (grade ≥ 1) found in the first k results; the
  denominator is capped at k so a query with more labels than k can still reach 1.0.
- MRR: mean of 1 / rank of the first result with grade 2 (the answer), 0 when not found.
- zero-result rate: share of queries for which the engine returned nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(grades: Sequence[int]) -> float:
    return float(sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades)))


def ndcg_at_k(ranking: Sequence[int], relevance: Mapping[int, int], k: int = 10) -> float:
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([relevance.get(item, 0) for item in ranking[:k]]) / ideal


def recall_at_k(ranking: Sequence[int], relevance: Mapping[int, int], k: int = 50) -> float:
    relevant = {item for item, grade in relevance.items() if grade > 0}
    if not relevant:
        return 0.0
    found = len(relevant.intersection(ranking[:k]))
    return found / min(len(relevant), k)


def reciprocal_rank(ranking: Sequence[int], relevance: Mapping[int, int], grade: int = 2) -> float:
    for rank, item in enumerate(ranking, start=1):
        if relevance.get(item, 0) >= grade:
            return 1.0 / rank
    return 0.0


def summarise(
    rankings: Sequence[Sequence[int]], labels: Sequence[Mapping[int, int]]
) -> dict[str, float]:
    """Mean metrics over queries (rankings[i] is the engine's answer to labels[i])."""
    count = len(labels)
    if count == 0:
        return {"queries": 0, "ndcg@10": 0.0, "recall@50": 0.0, "mrr": 0.0, "zero_rate": 0.0}
    pairs = list(zip(rankings, labels, strict=True))
    return {
        "queries": count,
        "ndcg@10": sum(ndcg_at_k(r, rel, 10) for r, rel in pairs) / count,
        "recall@50": sum(recall_at_k(r, rel, 50) for r, rel in pairs) / count,
        "mrr": sum(reciprocal_rank(r, rel) for r, rel in pairs) / count,
        "zero_rate": sum(1 for r in rankings if not r) / count,
    }
