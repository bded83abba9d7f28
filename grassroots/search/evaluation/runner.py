"""Run the labelled question set on several engines and tabulate the metrics."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from grassroots.core.errors import DomainError
from grassroots.search.evaluation.metrics import summarise
from grassroots.search.evaluation.questions import CATEGORIES, LabelledQuery

Engine = Callable[[str, int], list[int]]
DEPTH = 50  # results asked of every engine (recall@50)
METRICS = ("ndcg@10", "recall@50", "mrr", "zero_rate")


def engine_search(query: str, limit: int) -> list[int]:
    """The product's engine (grassroots.search.engine), as an anonymous reader sees it."""
    from grassroots.search.engine import search_notes  # noqa: PLC0415 - optional at import

    try:
        result = search_notes(query=query, viewer=None, limit=limit, cards=False)
    except DomainError:  # a query the engine refuses counts as no results
        return []
    return [hit.note_id for hit in result.items]


def evaluate(
    queries: Sequence[LabelledQuery], engines: dict[str, Engine], *, depth: int = DEPTH
) -> dict[str, Any]:
    report: dict[str, Any] = {"queries": len(queries), "categories": {}, "engines": {}}
    for category in CATEGORIES:
        report["categories"][category] = sum(1 for q in queries if category in q.categories)
    for name, engine in engines.items():
        rankings: list[list[int]] = []
        times: list[float] = []
        for query in queries:
            started = time.perf_counter()
            rankings.append(list(dict.fromkeys(engine(query.text, depth)))[:depth])
            times.append((time.perf_counter() - started) * 1000)
        labels = [query.relevance for query in queries]
        by_category = {}
        for category in CATEGORIES:
            picked = [i for i, q in enumerate(queries) if category in q.categories]
            if picked:
                by_category[category] = summarise(
                    [rankings[i] for i in picked], [labels[i] for i in picked]
                )
        report["engines"][name] = {
            "overall": summarise(rankings, labels),
            "by_category": by_category,
            "ms_per_query": {
                "mean": round(statistics.fmean(times), 2) if times else 0.0,
                "p95": round(sorted(times)[int(0.95 * (len(times) - 1))], 2) if times else 0.0,
            },
            "failures": [
                {"key": q.key, "query": q.text}
                for q, ranking in zip(queries, rankings, strict=True)
                if not any(q.relevance.get(note_id, 0) == 2 for note_id in ranking[:10])
            ][:400],
        }
    return report


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def markdown_table(report: dict[str, Any]) -> str:
    """Overall table, then nDCG@10 / MRR per category."""
    engines = report["engines"]
    lines = [
        "| engine | nDCG@10 | recall@50 | MRR | zero-result rate | ms/query (mean, p95) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, data in engines.items():
        overall = data["overall"]
        timing = data["ms_per_query"]
        lines.append(
            f"| {name} | "
            + " | ".join(_fmt(overall[m]) for m in METRICS)
            + f" | {timing['mean']:.1f}, {timing['p95']:.1f} |"
        )
    lines += ["", "nDCG@10 / MRR / zero-result rate per query category:", ""]
    names = list(engines)
    lines.append("| category (queries) | " + " | ".join(names) + " |")
    lines.append("|---|" + "---:|" * len(names))
    for category, count in report["categories"].items():
        if not count:
            continue
        cells = []
        for name in names:
            data = engines[name]["by_category"].get(category)
            cells.append(
                "–"
                if data is None
                else f"{_fmt(data['ndcg@10'])} / {_fmt(data['mrr'])} / {_fmt(data['zero_rate'])}"
            )
        lines.append(f"| {category} ({count}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)
