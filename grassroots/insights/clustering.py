"""Theme discovery and assignment over opinion sentences (no database).

Discovery (`discover`): sentences are grouped by their term set; each group becomes a TF-IDF
vector (IDF over the sentences being clustered, L2-normalised). Groups are visited from the
most to the least frequent; a group joins the cluster whose centroid it is most similar to
(cosine ≥ `JOIN_AT`), or starts a new cluster. Clusters with fewer than `min_support`
sentences are dropped (their sentences stay unassigned until a later discovery). Finally,
clusters whose centroids are similar (cosine ≥ `MERGE_AT`) are merged, biggest first — this
is what joins different phrasings of one problem that share a distinctive word — and
`merge_by_aspect` then joins clusters of one kind whose labels lead with the same aspect noun
(泛白 · 拍照 and 泛白 · 太重).

Assignment (`ThemeIndex.assign`): a new sentence joins the theme with the most similar
centroid when the cosine reaches `JOIN_AT`; otherwise it stays unassigned.

Label: the terms most of the cluster's sentences share (coverage in quarters), the more
distinctive (heavier in the centroid) first, skipping a term contained in one already chosen
(头托 before 托), up to three, joined with " · ".
Key: a hash of the label terms, so a rebuild of the
same data gives the same keys.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from grassroots.text.normalise import CJK_RUN_RE

JOIN_AT = 0.45
MERGE_AT = 0.35
LABEL_TERMS = 3


@dataclass
class Item:
    """One opinion sentence to cluster."""

    id: int
    terms: tuple[str, ...]
    is_need: bool
    is_complaint: bool
    score: float
    text: str


@dataclass
class Cluster:
    weights: dict[str, float]  # summed member vectors
    members: list[int] = field(default_factory=list)  # item ids
    groups: list[tuple[tuple[str, ...], int]] = field(default_factory=list)  # (terms, count)
    needs: int = 0
    complaints: int = 0
    score_sum: float = 0.0
    texts: Counter[str] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        return len(self.members)

    def centroid(self) -> dict[str, float]:
        norm = math.sqrt(sum(v * v for v in self.weights.values())) or 1.0
        return {term: value / norm for term, value in self.weights.items()}

    def coverage(self) -> dict[str, float]:
        """Share of the cluster's sentences containing each term."""
        counts: Counter[str] = Counter()
        for terms, count in self.groups:
            for term in set(terms):
                counts[term] += count
        size = max(sum(count for _terms, count in self.groups), 1)
        return {term: value / size for term, value in counts.items()}

    def label(self, limit: int = LABEL_TERMS, prefer: Collection[str] = ()) -> list[str]:
        """Readable label terms: those most members share; among them `prefer`red terms
        (aspect nouns), then the more distinctive (heavier in the centroid)."""
        coverage = self.coverage()
        centroid = self.centroid()

        def rank(term: str) -> tuple[float, bool, float, str]:
            bucket = min(1.0, round(coverage.get(term, 0.0) * 4) / 4)
            return (-bucket, term not in prefer, -centroid.get(term, 0.0), term)

        return label_terms(
            {term: 1.0 for term in centroid}, limit, order=sorted(centroid, key=rank)
        )

    def kind(self) -> str:
        size = max(self.size, 1)
        if self.needs / size >= 0.3:
            return "need"
        if self.score_sum / size > 0.25 and self.complaints / size < 0.3:
            return "praise"
        return "pain_point"


def idf_of(term_sets: Iterable[Sequence[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    total = 0
    for terms in term_sets:
        total += 1
        df.update(set(terms))
    return {term: math.log((1 + total) / (1 + count)) + 1.0 for term, count in df.items()}


def vector(terms: Iterable[str], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    raw = {term: idf.get(term, default_idf) for term in terms}
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {term: value / norm for term, value in raw.items()}


def _cosine(vec: dict[str, float], centroid: dict[str, float]) -> float:
    return sum(value * centroid.get(term, 0.0) for term, value in vec.items())


def discover(
    items: Sequence[Item], *, min_support: int = 3
) -> tuple[list[Cluster], dict[str, float]]:
    """Cluster opinion sentences; returns (clusters biggest first, the IDF used)."""
    idf = idf_of(item.terms for item in items)
    default_idf = max(idf.values(), default=1.0)
    groups: dict[tuple[str, ...], list[Item]] = defaultdict(list)
    for item in items:
        if item.terms:
            groups[tuple(sorted(item.terms))].append(item)
    order = sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    clusters: list[Cluster] = []
    centroids: list[dict[str, float]] = []
    postings: dict[str, set[int]] = defaultdict(set)
    for terms, members in order:
        vec = vector(terms, idf, default_idf)
        candidates: set[int] = set()
        for term in terms:
            candidates |= postings.get(term, set())
        best, best_sim = -1, 0.0
        for index in candidates:
            sim = _cosine(vec, centroids[index])
            if sim > best_sim:
                best, best_sim = index, sim
        if best < 0 or best_sim < JOIN_AT:
            clusters.append(Cluster(weights={}))
            centroids.append({})
            best = len(clusters) - 1
        cluster = clusters[best]
        count = len(members)
        for term, value in vec.items():
            cluster.weights[term] = cluster.weights.get(term, 0.0) + value * count
            postings[term].add(best)
        cluster.groups.append((terms, count))
        for item in members:
            cluster.members.append(item.id)
            cluster.needs += item.is_need
            cluster.complaints += item.is_complaint
            cluster.score_sum += item.score
            cluster.texts[item.text] += 1
        centroids[best] = cluster.centroid()
    kept = [cluster for cluster in clusters if cluster.size >= min_support]
    kept.sort(key=lambda cluster: -cluster.size)
    return _merge(kept), idf


def _absorb(into: Cluster, cluster: Cluster) -> None:
    for term, value in cluster.weights.items():
        into.weights[term] = into.weights.get(term, 0.0) + value
    into.members.extend(cluster.members)
    into.groups.extend(cluster.groups)
    into.needs += cluster.needs
    into.complaints += cluster.complaints
    into.score_sum += cluster.score_sum
    into.texts.update(cluster.texts)


def merge_by_aspect(clusters: list[Cluster], prefer: Collection[str]) -> list[Cluster]:
    """Join clusters of one kind whose labels lead with the same aspect (the first label term
    that is an aspect noun): 泛白 · 拍照 and 泛白 · 太重 are one white-cast theme."""
    kept: list[Cluster] = []
    owner: dict[tuple[str, str], int] = {}
    for cluster in sorted(clusters, key=lambda item: -item.size):
        kind = cluster.kind()
        lead = next((term for term in cluster.label(prefer=prefer) if term in prefer), None)
        key = (kind, lead) if lead else None
        if key is not None and key in owner:
            _absorb(kept[owner[key]], cluster)
            continue
        kept.append(cluster)
        if key is not None:
            owner[key] = len(kept) - 1
    kept.sort(key=lambda cluster: -cluster.size)
    return kept


def _merge(clusters: list[Cluster]) -> list[Cluster]:
    merged: list[Cluster] = []
    centroids: list[dict[str, float]] = []
    for cluster in clusters:
        centroid = cluster.centroid()
        target = -1
        best = 0.0
        for index, other in enumerate(centroids):
            sim = _cosine(centroid, other)
            if sim >= MERGE_AT and sim > best and merged[index].kind() == cluster.kind():
                target, best = index, sim
        if target < 0:
            merged.append(cluster)
            centroids.append(centroid)
            continue
        into = merged[target]
        _absorb(into, cluster)
        centroids[target] = into.centroid()
    merged.sort(key=lambda cluster: -cluster.size)
    return merged


def label_terms(
    centroid: dict[str, float], limit: int = LABEL_TERMS, *, order: Sequence[str] | None = None
) -> list[str]:
    """The heaviest readable terms (or the first of `order`), skipping one contained in a term
    already chosen."""
    chosen: list[str] = []
    if order is None:
        order = [term for term, _w in sorted(centroid.items(), key=lambda p: (-p[1], p[0]))]
    for term in order:
        if len(term) < 2 and CJK_RUN_RE.fullmatch(term):
            continue
        if any(term in other or other in term for other in chosen):
            continue
        longer = [o for o in order[:12] if term in o and o != term and centroid.get(o, 0) > 0]
        if longer and not any(longer[0] in other for other in chosen):
            term = longer[0]  # 一边倒 reads better than 一边
        chosen.append(term)
        if len(chosen) >= limit:
            break
    return chosen


def theme_key(terms: Sequence[str]) -> str:
    digest = hashlib.blake2b("|".join(sorted(terms)).encode(), digest_size=6).hexdigest()
    return f"t{digest}"


def representative(cluster: Cluster) -> str:
    """The most frequent sentence of the cluster (ties: the shortest, then alphabetical)."""
    if not cluster.texts:
        return ""
    return min(cluster.texts.items(), key=lambda pair: (-pair[1], len(pair[0]), pair[0]))[0]


class ThemeIndex:
    """Assigns new sentences to existing themes by centroid similarity."""

    def __init__(self, themes: Iterable[tuple[int, dict[str, float]]], idf: dict[str, float]):
        self.idf = idf
        self.default_idf = max(idf.values(), default=1.0)
        self.centroids: dict[int, dict[str, float]] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for theme_id, weights in themes:
            self.centroids[theme_id] = weights
            for term in weights:
                self.postings[term].append(theme_id)

    def assign(self, terms: Sequence[str]) -> int | None:
        if not terms or not self.centroids:
            return None
        vec = vector(terms, self.idf, self.default_idf)
        candidates: set[int] = set()
        for term in terms:
            candidates.update(self.postings.get(term, ()))
        best, best_sim = None, 0.0
        for theme_id in sorted(candidates):
            sim = _cosine(vec, self.centroids[theme_id])
            if sim > best_sim:
                best, best_sim = theme_id, sim
        return best if best_sim >= JOIN_AT else None
