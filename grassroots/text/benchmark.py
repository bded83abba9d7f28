"""Throughput of the analysers on generated notes: ``python -m grassroots.text.benchmark``.

Generates note texts (title, body, #topics; 8 % English) with the seed grammar
(`grassroots.seed.compose`), then times each analyser over the whole corpus on one core, best
of three passes (the segmenter's dictionary load is a start-up cost, reported apart).
The numbers are a measurement, not a test; `make bench` owns the project-wide figures.

Measured here (2-core machine shared with other jobs; CPU time of one process, CPython 3.11,
rjieba 0.2.2, PyStemmer 3.1; 20,000 notes of 109 characters / 273 UTF-8 bytes on average)::

    start-up (imports, segmenter + user dictionary): 0.21 s
    normalize                      141,191 notes/s   38.57 MB/s
    normalize (traditional text)    68,783 notes/s   18.74 MB/s
    rjieba cut_for_search alone     90,040 notes/s   24.60 MB/s
    words                           28,283 notes/s    7.73 MB/s
    bigrams                         61,343 notes/s   16.76 MB/s
    words_and_bigrams               21,370 notes/s    5.84 MB/s
    sentences                      177,458 notes/s   48.48 MB/s
    query_terms (titles)            87,863 notes/s    1.93 MB/s
    to_pinyin (titles)              17,351 notes/s    0.38 MB/s
    load_user_dictionary(10,788 words): 0.03 s
    words (large dictionary)        27,407 notes/s    7.49 MB/s

So analysing a note for the index (words and bigrams of title and body) costs about 47 µs of
one core: ~21,000 notes/s, four times the 5,000 notes/s indexing target before tantivy's own
work. Before the one-pass normaliser (NFKC + per-text OpenCC check) the same
``words_and_bigrams`` ran at ~4,600 notes/s.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence


def corpus(notes: int, *, seed: int = 1) -> list[str]:
    """`notes` generated note texts (title, newline, body with #topics); 8 % in English."""
    from grassroots.seed.compose import Composer

    composer = Composer()
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    texts: list[str] = []
    for _ in range(notes):
        sub = composer.subcategories[int(rng.random() * len(composer.subcategories))]
        note = composer.note(rng, sub, english=rng.random() < 0.08)
        texts.append(f"{note.title}\n{note.body}")
    return texts


def measure(name: str, function: Callable[[str], object], texts: Sequence[str]) -> str:
    """One line: notes/s and MB/s of `function` over `texts`.

    CPU time of this process (``time.process_time``), best of three passes, so other work on
    the machine disturbs the figure less than wall-clock time would.
    """
    size = sum(len(text.encode()) for text in texts)
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for text in texts:
            function(text)
        best = min(best, time.process_time() - started)
    return f"{name:<28} {len(texts) / best:>9,.0f} notes/s {size / best / 1e6:>7.2f} MB/s"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--notes", type=int, default=20_000)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from grassroots.text import (
        bigrams,
        load_user_dictionary,
        normalize,
        query_terms,
        sentences,
        to_pinyin,
        words,
        words_and_bigrams,
    )
    from grassroots.text.userdict import segmenter

    segmenter()
    words("warm up the stemmer 寶寶")
    print(f"start-up (imports, segmenter + user dictionary): {time.perf_counter() - started:.2f} s")

    texts = corpus(args.notes)
    size = sum(len(text.encode()) for text in texts)
    print(
        f"corpus: {len(texts):,} notes, {sum(map(len, texts)) / len(texts):.0f} characters / "
        f"{size / len(texts):.0f} bytes each"
    )
    from opencc import OpenCC

    to_traditional = OpenCC("s2t")
    traditional = [to_traditional.convert(text) for text in texts[:2000]]

    titles = [text.split("\n", 1)[0] for text in texts]
    for name, function, sample in (
        ("normalize", normalize, texts),
        ("normalize (traditional text)", normalize, traditional),
        ("rjieba cut_for_search alone", segmenter().cut_for_search, texts),
        ("words", words, texts),
        ("bigrams", bigrams, texts),
        ("words_and_bigrams", words_and_bigrams, texts),
        ("sentences", sentences, texts),
        ("query_terms (titles)", query_terms, titles),
        ("to_pinyin (titles)", to_pinyin, titles),
    ):
        print(measure(name, function, sample))

    # The user dictionary's cost: rjieba adds words natively (no token merging pass), so the
    # cost is the load time and any change in segmentation speed with a large dictionary.
    entries = [f"{a}{b}" for a in dict.fromkeys(titles[:400]) for b in ("推车", "面霜")]
    entries = [entry[:12] for entry in entries] + [f"品牌{number}号" for number in range(10_000)]
    started = time.process_time()
    load_user_dictionary(entries)
    print(f"load_user_dictionary({len(entries):,} words): {time.process_time() - started:.2f} s")
    print(measure("words (large dictionary)", words, texts))


if __name__ == "__main__":
    main()
