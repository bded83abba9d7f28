"""Write one note (title, body, topics) or comment from the grammar, for a sub-category.

Everything is drawn from the `random.Random` passed in, so the same seed and the same call
order give the same text. Titles are ≤ 20 characters and bodies ≤ 1000, like the models.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from grassroots.notes.taxonomy import TAXONOMY
from grassroots.seed import lexicon
from grassroots.seed.grammar import Grammar
from grassroots.seed.vocab_leisure import VOCAB as VOCAB_LEISURE
from grassroots.seed.vocab_living import VOCAB as VOCAB_LIVING

TITLE_MAX = 20
BODY_MAX = 1000
COMMENT_MAX = 500

_END_PUNCT = frozenset("。！？!?～~….，")
_CATEGORY_WORD_SYMBOLS = ("adj", "place")
_CATEGORY_SENTENCE_SYMBOLS = ("good", "bad", "scene", "tip", "ask")

# Note kinds and their weights: what the body looks like.
KINDS = (("review", 45), ("visit", 14), ("guide", 14), ("question", 10), ("story", 17))
_KIND_NAMES = tuple(name for name, _ in KINDS)
_KIND_CUMULATIVE: tuple[float, ...] = ()
_total = 0.0
for _name, _weight in KINDS:
    _total += _weight
    _KIND_CUMULATIVE = (*_KIND_CUMULATIVE, _total)
_KIND_CUMULATIVE = tuple(value / _total for value in _KIND_CUMULATIVE)

_TEMPLATES: dict[str, list[str]] = {
    "title": lexicon.ZH_TITLES,
    "qtitle": lexicon.ZH_QUESTION_TITLES,
    "qbody": lexicon.ZH_QUESTION_BODY,
    "en_title": lexicon.EN_TITLES,
    "en_qtitle": lexicon.EN_QUESTION_TITLES,
    "visit_intro": [
        "{when}和{who}去了{city}的{place}",
        "坐标{city}，藏在{place}的宝藏{item}",
        "{city}{place}，{item}",
        "{when}路过{place}，顺便试了{item}",
        "本地人带路，{city}{place}",
    ],
    "guide_intro": [
        "分享{count}个{item}小技巧：",
        "{item}避坑指南，新手一定要看：",
        "用了{days}总结的{item}经验：",
        "{item}怎么选？{count}个建议：",
        "关于{item}，我踩过的坑：",
    ],
    "story_line": [
        "{when}{scene}，想起了{item}",
        "{who}一开始不理解，后来也爱上了{item}",
        "说来话长，{when}第一次接触{item}",
        "那段时间{scene}，{item}陪我度过",
        "{experience}",
        "现在回头看，{good}",
        "有时候也会觉得{bad}",
        "但总的来说{good}",
    ],
    "answer": [
        "我之前也遇到过，{tip}",
        "{tip}，亲测有效",
        "建议{tip}",
        "可以试试{item}",
        "问问{who}，{tip}",
        "同问！蹲一个答案",
        "{tip}就好了",
        "看情况，我是{tip}",
    ],
    "en_story": [
        "I picked it up {en_days} ago on a whim.",
        "{en_who} was skeptical at first.",
        "It has become part of my routine.",
        "I did a lot of research before buying.",
    ],
}


@dataclass
class NoteContext:
    """What a note is about, kept to write its comments in the same voice."""

    sub: str
    top: str
    item: str
    city: str
    english: bool
    kind: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class ComposedNote:
    title: str
    body: str
    topics: list[str]
    context: NoteContext


def normalise_topic(name: str) -> str:
    """The stored form of a topic: NFKC, lower case, no leading '#', no spaces."""
    return unicodedata.normalize("NFKC", name).strip().lstrip("#").lower().replace(" ", "")[:30]


def _split_words(value: str | list[str]) -> list[str]:
    return list(value) if isinstance(value, list) else value.split()


def _split_phrases(value: str) -> list[str]:
    return [phrase.strip() for phrase in value.split(",") if phrase.strip()]


def _finish(sentence: str, rng: random.Random, english: bool) -> str:
    """End a sentence with punctuation unless it already ends with punctuation or an emoji."""
    sentence = sentence.strip()
    if not sentence:
        return sentence
    last = sentence[-1]
    if english:
        sentence = sentence[0].upper() + sentence[1:]
    if last in _END_PUNCT or (ord(last) > 0x2000 and not "\u4e00" <= last <= "\u9fff"):
        return sentence
    if english:
        return sentence + "."
    roll = rng.random()
    return sentence + ("。" if roll < 0.7 else "！" if roll < 0.9 else "～")


class Composer:
    """Builds notes and comments for every sub-category of the shipped taxonomy."""

    def __init__(self) -> None:
        vocab = {**VOCAB_LIVING, **VOCAB_LEISURE}
        shared = Grammar({**lexicon.ZH_SHARED, **lexicon.EN_SHARED, **_TEMPLATES})
        self.grammars: dict[str, Grammar] = {}
        self.items: dict[str, list[str]] = {}
        self.en_items: dict[str, list[str]] = {}
        self.sub_top: dict[str, str] = {}
        self.sub_names: dict[str, tuple[str, str]] = {}
        self.top_names: dict[str, tuple[str, str]] = {}
        for (top_slug, top_zh, top_en), children in TAXONOMY:
            words = vocab[top_slug]
            rules: dict[str, list[str]] = {}
            for symbol in _CATEGORY_WORD_SYMBOLS:
                rules[symbol] = _split_words(words[symbol])
            for symbol in _CATEGORY_SENTENCE_SYMBOLS:
                rules[symbol] = list(words[symbol])
            self.grammars[top_slug] = shared.extend(rules)
            self.en_items[top_slug] = _split_phrases(words["en_items"])
            self.top_names[top_slug] = (top_zh, top_en)
            for slug, name_zh, name_en in children:
                items = _split_words(words["items"][slug])
                self.items[slug] = [*items, name_zh]
                self.sub_top[slug] = top_slug
                self.sub_names[slug] = (name_zh, name_en)
        self.subcategories: list[str] = list(self.sub_top)

    # --- notes ---------------------------------------------------------------------------
    def context(
        self,
        rng: random.Random,
        sub: str,
        *,
        english: bool,
        item: str | None = None,
        kind: str | None = None,
    ) -> NoteContext:
        top = self.sub_top[sub]
        grammar = self.grammars[top]
        if kind is None:
            roll = rng.random()
            kind = next(
                name
                for name, edge in zip(_KIND_NAMES, _KIND_CUMULATIVE, strict=True)
                if roll <= edge
            )
        if item is None:
            pool = self.en_items[top] if english else self.items[sub]
            item = pool[int(rng.random() * len(pool))]
        city = grammar.expand("en_city" if english else "city", rng)
        values = {"en_item": item, "city": city} if english else {"item": item, "city": city}
        return NoteContext(sub, top, item, city, english, kind, values)

    def note(
        self,
        rng: random.Random,
        sub: str,
        *,
        english: bool = False,
        item: str | None = None,
        kind: str | None = None,
        extra_sentences: tuple[str, ...] = (),
    ) -> ComposedNote:
        """A note for sub-category `sub`; `extra_sentences` are woven into the body."""
        ctx = self.context(rng, sub, english=english, item=item, kind=kind)
        if english:
            title = self._title(rng, ctx, "en_qtitle" if ctx.kind == "question" else "en_title")
            sentences = self._english_body(rng, ctx)
        else:
            title = self._title(rng, ctx, "qtitle" if ctx.kind == "question" else "title")
            sentences = self._chinese_body(rng, ctx)
        for extra in extra_sentences:
            position = 1 + int(rng.random() * max(len(sentences) - 1, 1))
            sentences.insert(position, _finish(extra, rng, english))
        topics = self._topics(rng, ctx)
        return ComposedNote(title, self._assemble(rng, sentences, topics), topics, ctx)

    def _title(self, rng: random.Random, ctx: NoteContext, symbol: str) -> str:
        grammar = self.grammars[ctx.top]
        title = ""
        for _attempt in range(8):
            title = grammar.expand(symbol, rng, ctx.values).strip()
            if len(title) <= TITLE_MAX:
                return title
        # Still too long: the item alone, or a cut at a word boundary for English.
        if len(ctx.item) <= TITLE_MAX:
            return ctx.item
        cut = title[:TITLE_MAX]
        if ctx.english and " " in cut:
            cut = cut[: cut.rindex(" ")]
        return cut.rstrip()

    def _chinese_body(self, rng: random.Random, ctx: NoteContext) -> list[str]:
        grammar = self.grammars[ctx.top]
        values = ctx.values

        def say(symbol: str) -> str:
            return _finish(grammar.expand(symbol, rng, values), rng, False)

        out: list[str] = []
        kind = ctx.kind
        if kind == "question":
            out.append(say("qbody"))
            if rng.random() < 0.6:
                out.append(say("experience"))
            out.append(say("ask"))
            out.append(_finish("求解答" + grammar.expand("emoji", rng), rng, False))
            return out
        out.append(say("opener"))
        if kind == "visit":
            out.append(say("visit_intro"))
        elif kind == "guide":
            out.append(grammar.expand("guide_intro", rng, values))
            bullets = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]
            for number in range(2 + int(rng.random() * 4)):
                out.append(bullets[number] + say("tip_line"))
        elif kind == "story":
            for _ in range(2 + int(rng.random() * 3)):
                out.append(say("story_line"))
        mix = ("pos", "pos", "pos", "experience", "experience", "neg", "tip_line")
        for _ in range(1 + int(rng.random() * 5)):
            out.append(say(mix[int(rng.random() * len(mix))]))
        if rng.random() < 0.12:
            out.append(say("opinion"))
        if rng.random() < 0.8:
            out.append(say("closer"))
        return out

    def _english_body(self, rng: random.Random, ctx: NoteContext) -> list[str]:
        grammar = self.grammars[ctx.top]
        values = ctx.values

        def say(symbol: str) -> str:
            return _finish(grammar.expand(symbol, rng, values), rng, True)

        if ctx.kind == "question":
            return [say("en_ask"), say("en_story"), say("en_closer")]
        out = [say("en_opener")]
        if ctx.kind == "story":
            out.append(say("en_story"))
        mix = ("en_pos", "en_pos", "en_pos", "en_neg", "en_story")
        for _ in range(2 + int(rng.random() * 4)):
            out.append(say(mix[int(rng.random() * len(mix))]))
        out.append(say("en_closer"))
        return out

    def _topics(self, rng: random.Random, ctx: NoteContext) -> list[str]:
        sub_zh, _sub_en = self.sub_names[ctx.sub]
        top_zh, top_en = self.top_names[ctx.top]
        if ctx.english:
            candidates = [top_en, *rng.sample(lexicon.GENERIC_TOPICS_EN, 2)]
            if rng.random() < 0.5:
                candidates.append(sub_zh)
        else:
            candidates = [sub_zh]
            if rng.random() < 0.4:
                candidates.append(top_zh)
            if len(ctx.item) <= 8 and rng.random() < 0.5:
                candidates.append(ctx.item)
            for _ in range(int(rng.random() * 3)):
                generic = lexicon.GENERIC_TOPICS_ZH
                candidates.append(generic[int(rng.random() * len(generic))])
        topics: list[str] = []
        for candidate in candidates:
            name = normalise_topic(candidate)
            if name and name not in topics:
                topics.append(name)
        return topics[: 1 + int(rng.random() * 4)] if ctx.english else topics

    @staticmethod
    def _assemble(rng: random.Random, sentences: list[str], topics: list[str]) -> str:
        lines: list[str] = []
        current = ""
        for sentence in sentences:
            if current and rng.random() < 0.35:
                lines.append(current)
                current = ""
            current += sentence if not current or not current[-1].isascii() else " " + sentence
        if current:
            lines.append(current)
        tags = " ".join("#" + topic for topic in topics)
        body = "\n".join(lines)
        if len(body) + len(tags) + 1 > BODY_MAX:
            body = body[: BODY_MAX - len(tags) - 1]
        return f"{body}\n{tags}" if tags else body

    # --- comments ------------------------------------------------------------------------
    def comment(self, rng: random.Random, ctx: NoteContext, *, reply: bool = False) -> str:
        grammar = self.grammars[ctx.top]
        if ctx.english:
            symbol = "en_reply" if reply else "en_comment"
        elif reply:
            symbol = "reply"
        elif ctx.kind == "question" and rng.random() < 0.6:
            symbol = "answer"
        else:
            symbol = "comment"
        values = ctx.values if not ctx.english else {**ctx.values, "item": ctx.item}
        return grammar.expand(symbol, rng, values)[:COMMENT_MAX]

    # --- people --------------------------------------------------------------------------
    def display_name(self, rng: random.Random) -> str:
        parts = lexicon.NICK_PARTS_ZH
        name = parts[int(rng.random() * len(parts))]
        if rng.random() < 0.6:
            suffixes = lexicon.NICK_SUFFIX_ZH
            name += suffixes[int(rng.random() * len(suffixes))]
        return name[:30]

    def bio(self, rng: random.Random) -> str:
        grammar = self.grammars["life"]
        template = lexicon.BIO_TEMPLATES[int(rng.random() * len(lexicon.BIO_TEMPLATES))]
        values = {
            "hobby": lexicon.HOBBIES[int(rng.random() * len(lexicon.HOBBIES))],
            "job": lexicon.JOBS[int(rng.random() * len(lexicon.JOBS))],
        }
        return grammar.render(template, rng, values)[:200]
