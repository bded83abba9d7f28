"""Co-creation quality on a generated campaign (docs/cocreation.md).

`run(seed)` generates a question with comments drawn from K idea templates at Zipf
frequencies plus noise, runs the same extraction, clustering and ranking as the product, and
reports:

- ``ari``: adjusted Rand index between the planted idea of every comment (noise = one class)
  and the idea it ended up in (no suggestion found = the same "none" class);
- ``precision_at_5``: of the five best-ranked ideas, the share that are a distinct planted idea
  among the five most frequent ones (an idea counts when over half of its suggestions come
  from one template; a template found twice counts once);
- ``extraction_precision`` / ``extraction_recall``: comments with a suggestion found vs
  comments that carry an idea;
- ``k``, ``comments``, ``noise_share``, ``ideas`` (clusters found).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

from sklearn.metrics import adjusted_rand_score

from grassroots.brands.cocreation import (
    DISTANCE_THRESHOLD,
    SuggestionIn,
    cluster_suggestions,
    extract_suggestions,
)
from grassroots.brands.cocreation_corpus import generate


def run(
    seed: int = 7,
    *,
    comments: int = 400,
    noise_share: float = 0.3,
    threshold: float = DISTANCE_THRESHOLD,
) -> dict[str, Any]:
    """Measure extraction, clustering and ranking on one generated campaign."""
    campaign = generate(seed=seed, comments=comments, noise_share=noise_share)
    items: list[SuggestionIn] = []
    template_of: dict[int, int] = {}
    for comment_id, comment in enumerate(campaign.comments):
        for found in extract_suggestions(comment.body):
            ident = len(items)
            items.append(
                SuggestionIn(
                    ident=ident,
                    key=found.key,
                    text=found.text,
                    comment_id=comment_id,
                    author_id=comment.author,
                    likes=comment.likes,
                )
            )
            template_of[ident] = comment.idea
    ideas = cluster_suggestions(items, threshold=threshold)

    predicted = [-1] * len(campaign.comments)
    for number, idea in enumerate(ideas):
        for ident in idea.members:
            comment_id = items[ident].comment_id
            if predicted[comment_id] == -1:
                predicted[comment_id] = number
    truth = [comment.idea for comment in campaign.comments]
    ari = adjusted_rand_score(truth, predicted)

    with_idea = {i for i, c in enumerate(campaign.comments) if c.idea >= 0}
    found_in = {item.comment_id for item in items}
    extraction_precision = len(found_in & with_idea) / max(len(found_in), 1)
    extraction_recall = len(found_in & with_idea) / max(len(with_idea), 1)

    by_count = sorted(range(campaign.k), key=lambda t: (-campaign.planted_counts[t], t))
    top_templates = set(by_count[:5])
    credited: set[int] = set()
    hits = 0
    for idea in ideas[:5]:
        votes = Counter(template_of[ident] for ident in idea.members)
        template, count = votes.most_common(1)[0]
        majority = count * 2 > len(idea.members)
        if majority and template in top_templates and template not in credited:
            credited.add(template)
            hits += 1
    return {
        "seed": seed,
        "k": campaign.k,
        "comments": len(campaign.comments),
        "noise_share": round(sum(c.idea < 0 for c in campaign.comments) / len(truth), 3),
        "suggestions": len(items),
        "ideas": len(ideas),
        "ari": round(float(ari), 3),
        "precision_at_5": hits / 5,
        "extraction_precision": round(extraction_precision, 3),
        "extraction_recall": round(extraction_recall, 3),
        "top_ideas": [idea.label for idea in ideas[:5]],
    }


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    print(json.dumps(run(seed), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
