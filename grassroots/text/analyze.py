"""Query analysis: a search box string → the terms the engine looks up.

`query_terms(q)` returns `QueryTerms`:

- ``words``: `grassroots.text.segment.words` of the query minus stop words (Chinese function
  words such as 的 了 吗 呢 怎么办, English ones such as is / this / for / a), deduplicated in
  order. When every word is a stop word the words are kept (a query of just 的 still
  searches). A one-character query gives that character (``歪`` → ``['歪']``).
- ``bigrams``: overlapping Chinese character pairs of the query, deduplicated; a
  one-character run gives the character itself, so ``歪`` → ``['歪']`` (match it as a prefix
  on the bigram field: `grassroots.text.segment.bigrams` makes every character of indexed
  text start one token).
- ``phrase``: the normalised query with ``#`` marks dropped and whitespace collapsed — the
  string an exact-phrase or title-match boost compares against.
- ``topics``: ``#topic`` names written in the query (normalised).

The index keeps stop words (see `grassroots.text.segment`); only queries drop them, so a
question like 开了的红酒放三个月还能喝吗 searches for 开 / 红酒 / 放 / 三个 / 月 / 喝.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grassroots.text.normalise import normalize
from grassroots.text.segment import TOPIC_RE, query_bigrams, stem, words

# Function words a question is full of; dropped from queries only (the index keeps them).
_CHINESE_STOP = """
的 了 吗 呢 吧 啊 呀 嘛 哦 哈 啦 么 着 过 得 地 之 是 在 和
与 及 或 也 都 就 还 又 很 太 更 把 被 让 给 对 从 向 这 那
这个 那个 这些 那些 个 有 没 没有 不 能 会 要 可以 可 一 一个 一下 我 你 他
她 它 我们 你们 他们 自己 什么 怎么 怎么办 怎样 如何 为什么 为啥 哪 哪里 哪个 多少 请问 求 求问
大家 有没有 有人
"""
_ENGLISH_STOP = """
a an the is are was were be been being am this that these those it its it's of for to in on at by
with from into about as and or but if so not no do does did can could should would will shall may
might must i me my we our you your he him his she her they them their what which who whom how why
when where there here than then too very just any some s t
"""

CHINESE_STOP_WORDS = frozenset(_CHINESE_STOP.split())
# In index form (stemmed: "does" → "doe"), since they are compared with `words` output.
ENGLISH_STOP_WORDS = frozenset(stem(word) for word in _ENGLISH_STOP.split())
STOP_WORDS = CHINESE_STOP_WORDS | ENGLISH_STOP_WORDS


@dataclass(frozen=True)
class QueryTerms:
    """What a query searches for (see the module docstring)."""

    words: list[str] = field(default_factory=list)
    bigrams: list[str] = field(default_factory=list)
    phrase: str = ""
    topics: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when the query has nothing to search for (empty or only punctuation)."""
        return not (self.words or self.bigrams or self.topics)


def query_terms(q: str) -> QueryTerms:
    """Analyse a search query (see the module docstring).

    >>> query_terms("消毒液盖子拧不开怎么办").words
    ['消毒', '毒液', '消毒液', '盖子', '拧', '不开']
    """
    norm = normalize(q)
    all_words = list(dict.fromkeys(words(norm)))
    content = [word for word in all_words if word not in STOP_WORDS]
    return QueryTerms(
        words=content or all_words,
        bigrams=list(dict.fromkeys(query_bigrams(norm))),
        phrase=" ".join(norm.replace("#", " ").split()),
        topics=list(dict.fromkeys(TOPIC_RE.findall(norm))),
    )
