"""Theme discovery: cluster opinion sentences into themes (`discover_themes`), give unassigned
sentences the most similar theme (`assign_unassigned`), and the index new sentences are
matched against (`theme_index`, Theme centroids with the stored IDF).
"""

from __future__ import annotations

import math

from django.db import transaction

from grassroots.insights import clustering
from grassroots.insights.analysis import ASPECTS
from grassroots.insights.models import InsightState, SentenceFact, Theme

MAX_DISCOVER = 300_000
CENTROID_TERMS = 40
MIN_SUPPORT = 3
IDF_STATE = "idf"


def theme_index() -> clustering.ThemeIndex:
    state = InsightState.objects.filter(name=IDF_STATE).first()
    idf = {str(k): float(v) for k, v in (state.value if state else {}).items()}
    themes = [(pk, dict(weights)) for pk, weights in Theme.objects.values_list("pk", "weights")]
    return clustering.ThemeIndex(themes, idf)


def discover_themes(*, only_unassigned: bool = True, min_support: int | None = None) -> int:
    """Cluster (unassigned) opinion sentences into new themes; returns themes created."""
    rows = SentenceFact.objects.order_by("-id")
    if only_unassigned:
        rows = rows.filter(theme__isnull=True)
    data = list(
        rows.values_list("id", "terms", "is_need", "is_complaint", "score", "text")[:MAX_DISCOVER]
    )
    if not data:
        return 0
    items = [
        clustering.Item(
            id=pk,
            terms=tuple(terms.split()),
            is_need=need,
            is_complaint=complaint,
            score=score,
            text=text,
        )
        for pk, terms, need, complaint, score, text in data
    ]
    support = min_support or MIN_SUPPORT
    clusters, idf = clustering.discover(items, min_support=support)
    clusters = clustering.merge_by_aspect(clusters, ASPECTS)
    created = 0
    with transaction.atomic():
        state, _ = InsightState.objects.get_or_create(name=IDF_STATE)
        merged_idf = {**{str(k): float(v) for k, v in state.value.items()}, **idf}
        if only_unassigned and state.value:
            merged_idf = {**idf, **{str(k): float(v) for k, v in state.value.items()}}
        state.value = {term: round(value, 4) for term, value in merged_idf.items()}
        state.save(update_fields=["value"])
        for cluster in clusters:
            centroid = cluster.centroid()
            top = dict(sorted(centroid.items(), key=lambda pair: -pair[1])[:CENTROID_TERMS])
            norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
            terms = cluster.label(prefer=ASPECTS)
            key = clustering.theme_key(terms)
            theme = Theme.objects.filter(key=key).first()
            if theme is None:
                theme = Theme.objects.create(
                    key=key,
                    label=" · ".join(terms)[:80],
                    kind=cluster.kind(),
                    terms=terms,
                    weights={term: round(value / norm, 5) for term, value in top.items()},
                    support=cluster.size,
                    quote=clustering.representative(cluster),
                )
                created += 1
            for start in range(0, len(cluster.members), 5000):
                SentenceFact.objects.filter(pk__in=cluster.members[start : start + 5000]).update(
                    theme=theme
                )
    return created


def assign_unassigned(*, batch: int = 20_000) -> int:
    """Give unassigned sentences the most similar theme (after a discovery); returns how many
    found one."""
    index = theme_index()
    if not index.centroids:
        return 0
    assigned = 0
    last = 0
    while True:
        rows = list(
            SentenceFact.objects.filter(theme__isnull=True, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "terms")[:batch]
        )
        if not rows:
            break
        chosen: dict[int, list[int]] = {}
        for pk, terms in rows:
            theme_id = index.assign(terms.split())
            if theme_id is not None:
                chosen.setdefault(theme_id, []).append(pk)
        for theme_id, pks in chosen.items():
            for start in range(0, len(pks), 5000):
                SentenceFact.objects.filter(pk__in=pks[start : start + 5000]).update(
                    theme_id=theme_id
                )
            assigned += len(pks)
        last = rows[-1][0]
    return assigned
