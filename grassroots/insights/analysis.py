"""Sentence analysis (no database): split, sentiment, needs, complaints, aspects, terms.

A note body or comment is split into sentences (`grassroots.text.sentences`, then also at
emoji, which people use as full stops). Each sentence gets:

- a polarity score −1…1 and a label (`grassroots.text.sentiment`: Chinese logistic regression
  on character n-grams, English lexicon);
- ``is_need``: a wish or request — 希望…, 要是…就好了, 什么时候出…, 能不能出…, 蹲一个…,
  求出…, 建议出…, "I wish", "would be great if", "please make", "hope they" …;
- ``is_complaint``: a stated problem — cue words (问题是, 就是…不/没, 太慢, 失望, 后悔,
  避雷, 踩雷, 翻车 …, "the problem is", "disappointed" …) or a clearly negative score;
- ``aspects``: the product aspects talked about, from a curated aspect vocabulary matched
  against the shared analyser's tokens (`grassroots.text.words`): 靠背, 头托, 颈部, 做工,
  物流 …;
- ``terms``: the content words clustering compares (the analyser's tokens minus stop words,
  punctuation, numbers and the brand/product names the caller passes).

A sentence is an *opinion* (stored and clustered) when it is a need or a complaint, or is
clearly positive/negative and has at least two content terms.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grassroots.text import STOP_WORDS, load_user_dictionary, normalize, sentences, words
from grassroots.text.normalise import CJK_RUN_RE, EMOJI_CHARS
from grassroots.text.sentiment import Label, label_of, load_model

_EMOJI_SPLIT_RE = re.compile(f"[{EMOJI_CHARS}\ufe0f\u200d]+")
_TOPIC_TAIL_RE = re.compile(r"#\S+")

_NEED_RE = re.compile(
    r"希望|要是.{0,20}就好了|如果.{0,20}就好了|什么时候出|啥时候出|能不能出|可不可以出|能不能做|"
    r"求出|建议出|出个|出一个|蹲一个|蹲个|想要一个|想要个|期待出|盼.{0,4}出|有没有.{0,8}款|"
    r"i wish|would be (?:great|nice|better) if|please (?:make|add|bring)|hope (?:they|you) |"
    r"wish (?:they|it)|if only"
)
# "蹲一个答案" / "蹲一个链接" is asking for a link, not a product wish.
_NOT_NEED_RE = re.compile(
    r"蹲.{0,20}(?:答案|链接|后续|同款|大促|活动)|希望.{0,6}(?:有帮助|有用|帮到)|希望大家"
)
_COMPLAINT_RE = re.compile(
    r"问题是|最大的问题|就是(?:太|有点|没|不)|太慢|太差|太贵|太重|太大|太小|失望|后悔|避雷|踩雷|"
    r"翻车|心疼|不好用|不行|难用|坑|吐槽|受不了|忍不了|差评|退货|磨人|催了|不更新|严重|"
    r"失灵|危险|坏了|断了|卡住|刹不住|异响|掉漆|开裂|漏水|起球|褪色|发霉|"
    r"the problem is|disappoint|regret|broke|doesn't work|does not work|too slow|waste of"
)

# Aspect vocabulary: what people say a product got right or wrong (matched as whole tokens).
ASPECTS: frozenset[str] = frozenset(
    [
        "小号",
        "大号",
        "靠背",
        "头托",
        "颈部",
        "脖子",
        "做工",
        "物流",
        "快递",
        "客服",
        "包装",
        "价格",
        "性价比",
        "质量",
        "材质",
        "颜色",
        "尺寸",
        "尺码",
        "大小",
        "重量",
        "味道",
        "气味",
        "异味",
        "手感",
        "质感",
        "做工",
        "续航",
        "电池",
        "屏幕",
        "噪音",
        "声音",
        "吸力",
        "集尘",
        "拖布",
        "充电",
        "折叠",
        "收纳",
        "轮子",
        "刹车",
        "遮阳棚",
        "安全带",
        "座椅",
        "坐垫",
        "把手",
        "肩带",
        "拉链",
        "容量",
        "版型",
        "面料",
        "防晒",
        "肤感",
        "泛白",
        "假白",
        "成膜",
        "搓泥",
        "油腻",
        "保湿",
        "持妆",
        "包装",
        "售后",
        "发货",
        "安装",
        "说明书",
        "尺寸",
        "高度",
        "稳定性",
        "舒适度",
        "透气",
        "口感",
        "分量",
        "服务",
        "环境",
        "排队",
        "位置",
        "交通",
        "卫生",
        "隔音",
        "床垫",
        "桌面",
        "抽屉",
        "漆面",
        "气味",
        "甲醛",
        "delivery",
        "shipping",
        "price",
        "quality",
        "size",
        "colour",
        "color",
        "battery",
        "noise",
        "smell",
        "texture",
        "packaging",
        "service",
        "strap",
        "zipper",
        "wheel",
        "brake",
        "fit",
        "material",
    ]
)

_NUMBER_RE = re.compile(r"^[\d.]+$")
_GENERIC = frozenset(
    [
        "真的",
        "感觉",
        "觉得",
        "就是",
        "还是",
        "非常",
        "特别",
        "一点",
        "有点",
        "比较",
        "而且",
        "但是",
        "然后",
        "因为",
        "所以",
        "其实",
        "已经",
        "一直",
        "现在",
        "时候",
        "东西",
        "一样",
        "这样",
        "那样",
        "那么",
        "这么",
        "之前",
        "之后",
        "以后",
        "以前",
        "可能",
        "应该",
        "一定",
        "不会",
        "不是",
        "不错",
        "好用",
        "喜欢",
        "推荐",
        "值得",
        "真",
        "超",
        "巨",
        "太",
        "好",
        "很",
        "都",
        "也",
        "还",
        "就",
        "挺",
        "蛮",
        "最",
        "再",
        "才",
        "又",
        "啦",
        "呀",
        "哦",
        "哈",
        "说",
        "看",
        "用",
        "买",
        "去",
        "来",
        "到",
        "上",
        "下",
        "里",
        "中",
        "后",
        "前",
        "时",
        "次",
        "些",
        "点",
        "家",
        "人",
        "多",
        "少",
        "大",
        "小",
        "new",
        "just",
        "really",
        "very",
        "also",
        "still",
        "get",
        "got",
        "one",
    ]
)


def _word_list(text: str) -> list[str]:
    return text.split()


_GENERIC = _GENERIC | frozenset(
    _word_list(
        """
        要是 希望 出个 蹲 就好 想要 能不能 什么 时候 求 发现 每次
        只能 只会 别的 最大 问题 明显 前两天 去年 今年 起来 出来 一眼
        两个 一个 有点像 看着 总之 之后 我用 我家 我妈 我弟 我入 刚刚
        """
    )
)


@dataclass
class SentenceAnalysis:
    text: str
    score: float = 0.0
    label: Label = "neutral"
    is_need: bool = False
    is_complaint: bool = False
    aspects: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def is_opinion(self) -> bool:
        if self.is_need or self.is_complaint:
            return bool(self.terms)
        return self.label != "neutral" and len(self.terms) >= 2

    @property
    def sentiment_value(self) -> int:
        return 1 if self.label == "positive" else -1 if self.label == "negative" else 0


# Domain words the segmenter should keep whole (added to the shared user dictionary once).
DOMAIN_WORDS: tuple[str, ...] = (
    "头托",
    "小一号",
    "大一号",
    "一边倒",
    "集尘",
    "自动集尘",
    "假白",
    "泛白",
    "搓泥",
    "占地方",
    "小个子",
    "小号",
    "大号",
    "mini款",
)

# Chinese opinion cues blended with the model score (the review-trained model is unsure on
# short community sentences); negation (不/没/别 just before) flips a cue.
_ZH_POSITIVE_CUES = [
    "省心",
    "香",
    "好用",
    "喜欢",
    "推荐",
    "满意",
    "惊喜",
    "方便",
    "扎实",
    "靠谱",
    "值得",
    "绝了",
    "爱了",
    "舒服",
    "好看",
    "解放双手",
    "实用",
    "贴心",
    "回购",
    "安利",
    "神器",
    "清爽",
    "轻便",
    "划算",
    "完美",
    "给力",
    "好评",
    "不错",
]
_ZH_NEGATIVE_CUES = _word_list(
    "失望 后悔 心疼 太差 很差 坑了 踩坑 太慢 很慢 好慢 歪 泛白 假白 难用 吐槽 占地方 异味 磨人 "
    "不更新 严重 退货 翻车 避雷 踩雷 难受 麻烦 卡顿 掉色 起球 漏水 破了 太贵 小贵 有点贵 闷 累 烦 "
    "担心 一边倒 尴尬 智商税 色差 忍不了 受不了 差评 失灵 危险 坏了 异响 开裂"
)
_NEGATION = ("不", "没", "别", "无")


def cue_polarity(norm: str) -> int:
    """Positive cues minus negative cues in a normalised Chinese sentence."""
    total = 0
    for cue in _ZH_POSITIVE_CUES:
        start = norm.find(cue)
        if start >= 0:
            total += -1 if start > 0 and norm[start - 1] in _NEGATION else 1
    for cue in _ZH_NEGATIVE_CUES:
        start = norm.find(cue)
        if start >= 0:
            total += 1 if start > 0 and norm[start - 1] in _NEGATION else -1
    return total


def blended_score(model_score: float, norm: str, *, chinese: bool) -> float:
    """The sentence polarity used for labels: the model, pulled toward the cue lexicon."""
    if not chinese:
        return model_score
    cues = cue_polarity(norm)
    if cues:
        return 0.4 * model_score + 0.6 * (1.0 if cues > 0 else -1.0)
    return 0.5 * model_score


_domain_loaded = False


def model_dir() -> Path | None:
    """Where the sentiment model is cached: $GRASSROOTS_MODEL_DIR, else the project's
    var/models when Django is configured (else the sentiment module's default)."""
    from django.conf import settings

    if os.environ.get("GRASSROOTS_MODEL_DIR"):
        return Path(os.environ["GRASSROOTS_MODEL_DIR"])
    if not settings.configured:
        return None
    return Path(settings.VAR_DIR) / "models"


def _ensure_domain_words() -> None:
    global _domain_loaded
    if not _domain_loaded:
        load_user_dictionary([*DOMAIN_WORDS, *(a for a in ASPECTS if not a.isascii())])
        _domain_loaded = True


def split_sentences(text: str) -> list[str]:
    """Sentences of a note body or comment (topic tags dropped, split at emoji too)."""
    out: list[str] = []
    for sentence in sentences(text or ""):
        for piece in _EMOJI_SPLIT_RE.split(_TOPIC_TAIL_RE.sub(" ", sentence)):
            piece = piece.strip(" \t\r\n，,、：:")
            if len(piece) >= 2:
                out.append(piece[:300])
    return out


# Synonyms people use for one product concept, written the first way (a hand-made lexicon of
# common review vocabulary; docs/insights.md says how it bears on the evaluation). Phrases are
# replaced in the normalised text before segmentation, single words after it.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("物流", "快递", "发货", "配送", "送货"),
    ("客服", "售后"),
    ("泛白", "假白", "发白", "white cast", "whitecast"),
    ("小号", "小一号", "mini款", "迷你款", "mini", "迷你", "小码"),
    ("大号", "大一号", "大码"),
    ("颈部", "脖子", "颈椎"),
    ("头托", "头枕"),
    ("价格", "价钱", "售价"),
    ("噪音", "噪声"),
    ("异味", "气味"),
    ("做工", "工艺"),
    ("续航", "电量"),
    ("尺寸", "尺码"),
)


def _is_word(variant: str) -> bool:
    """A single Latin word is mapped after segmentation; anything else is a phrase."""
    return variant.isascii() and variant.isalpha()


_SYNONYM: dict[str, str] = {
    variant: group[0] for group in SYNONYM_GROUPS for variant in group[1:] if _is_word(variant)
}
_PHRASE_CANONICAL = {
    variant: group[0] for group in SYNONYM_GROUPS for variant in group[1:] if not _is_word(variant)
}
_SYNONYM_PHRASE_RE = re.compile(
    "|".join(re.escape(p) for p in sorted(_PHRASE_CANONICAL, key=len, reverse=True))
)


def content_terms(text: str, exclude: Iterable[str] = ()) -> list[str]:
    """The clustering terms of a sentence (see the module docstring)."""
    norm = normalize(text)
    for name in exclude:
        if name and name in norm:
            norm = norm.replace(name, " ")
    norm = _SYNONYM_PHRASE_RE.sub(lambda m: f" {_PHRASE_CANONICAL[m.group(0)]} ", norm)
    out: list[str] = []
    for token in (_SYNONYM.get(word, word) for word in words(norm)):
        if token in STOP_WORDS or token in _GENERIC or _NUMBER_RE.match(token):
            continue
        if not token.strip() or not any(ch.isalnum() for ch in token):
            continue
        out.append(token)
    return list(dict.fromkeys(out))


def detect_need(norm: str) -> bool:
    return bool(_NEED_RE.search(norm)) and not _NOT_NEED_RE.search(norm)


def detect_complaint(norm: str) -> bool:
    """A complaint cue not negated just before it (完全没失望 is not a complaint)."""
    for match in _COMPLAINT_RE.finditer(norm):
        before = norm[max(0, match.start() - 2) : match.start()]
        if not any(mark in before for mark in _NEGATION):
            return True
    return False


# Memo of sentence -> analysis for one exclusion list (community text repeats a lot: 谢谢分享,
# 求链接 …). Bounded; cleared when the brand names change. `analyse(..., memo=False)` skips it
# (the benchmark's analysis rate is measured without it).
_MEMO_MAX = 300_000
_memo: dict[str, SentenceAnalysis] = {}
_memo_names: tuple[str, ...] = ()


def analyse(
    texts: Sequence[str], *, exclude: Iterable[str] = (), memo: bool = True
) -> list[SentenceAnalysis]:
    """Analyse many sentences at once (the sentiment model scores them in one batch).

    `exclude`: normalised brand and product names, kept out of the clustering terms."""
    global _memo_names
    _ensure_domain_words()
    names = tuple(sorted({normalize(name) for name in exclude if name}, key=len, reverse=True))
    if names != _memo_names or len(_memo) >= _MEMO_MAX:
        _memo.clear()
        _memo_names = names
    known = _memo if memo else {}
    todo = list(dict.fromkeys(text for text in texts if text not in known))
    fresh = dict(zip(todo, _analyse(todo, names), strict=True))
    if memo:
        _memo.update(fresh)
    return [known.get(text) or fresh[text] for text in texts]


def _analyse(texts: Sequence[str], names: Sequence[str]) -> list[SentenceAnalysis]:
    scores = load_model(model_dir()).score(list(texts)) if texts else []
    result: list[SentenceAnalysis] = []
    for text, score in zip(texts, scores, strict=True):
        norm = normalize(text)
        terms = content_terms(text, names)
        score = blended_score(score, norm, chinese=bool(CJK_RUN_RE.search(norm)))
        label = label_of(score)
        is_need = detect_need(norm)
        is_complaint = not is_need and detect_complaint(norm)
        if is_complaint and label != "negative":
            # A stated problem outweighs the praise around it (别的都好，就是…).
            label = "negative"
            score = min(score, -0.5)
        aspects = [term for term in terms if term in ASPECTS]
        result.append(
            SentenceAnalysis(
                text=text,
                score=score,
                label=label,
                is_need=is_need,
                is_complaint=is_complaint,
                aspects=aspects,
                terms=terms,
            )
        )
    return result
