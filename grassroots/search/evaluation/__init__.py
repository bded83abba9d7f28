"""Search quality evaluation: a labelled question set from the seed manifest, ranking metrics,
two baselines (SQL LIKE, SQLite FTS5 trigram) and the runner behind `grassroots eval_search`.

See docs/search.md, section "Quality".
"""
