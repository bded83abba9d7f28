"""A generated co-creation campaign: a brand's question and comments with known ideas.

Comments are drawn from K idea templates at Zipf frequencies (idea i has weight 1/(i+1)^s),
each idea written in several Chinese phrasings and decorated with chatter clauses, emoji and
particles, plus noise comments (praise, questions, chatter — some with cue-looking words like
建议收藏 or 这个可以). Used by the evaluation (cocreation_eval) and the demo seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

QUESTION_TITLE = "下一代推车听你们的"
QUESTION_BODY = (
    "带娃出门的妈妈爸爸们，我们在设计下一代婴儿推车。你们用推车时最想改进的是什么？"
    "想要什么新功能？评论区留下你的建议，被采纳的点子会署上你的名字！#共创 #推车"
)

# (short name, phrasings). Phrasings of one idea share the thing asked for, not the wording.
IDEAS: list[tuple[str, list[str]]] = [
    (
        "neck support",
        [
            "建议加个头托，宝宝睡着了脖子总是歪",
            "要是有护颈的靠背就好了",
            "希望出一款带蝴蝶翼靠背的，能托住宝宝的头",
            "宝宝一睡头就往一边倒，可以加个侧面护翼托住头",
            "能不能做个护头的头枕，脖子别再歪了",
        ],
    ),
    (
        "lighter",
        [
            "建议做轻一点，一只手就能提上楼",
            "要是车身能再轻两斤就好了",
            "希望出个轻便款，车重一点都不想提",
            "可以换铝合金车架减减重，太沉了",
        ],
    ),
    (
        "one-hand fold",
        [
            "建议改成一键收车，抱着娃根本腾不出手",
            "能不能做成单手折叠的",
            "要是收车能一只手搞定就好了",
            "希望折叠收车更简单，单手一按就收好",
        ],
    ),
    (
        "bigger canopy",
        [
            "遮阳篷可以再做大一点，夏天太晒了",
            "建议加个全包的遮阳篷",
            "要是遮阳篷能延伸到脚那里就好了",
            "希望遮阳篷加大还能防紫外线",
        ],
    ),
    (
        "bigger basket",
        [
            "下面的储物篮可以再大点",
            "建议把储物篮做深一点，放得下妈咪包",
            "要是储物篮能装下一整个妈咪包就好了",
            "希望储物篮大一些，买菜也能放",
        ],
    ),
    (
        "cup holder",
        [
            "加个杯架吧，水杯老没地方放",
            "建议配个放手机和水杯的杯架",
            "要是车把上有杯托就好了",
        ],
    ),
    (
        "suspension",
        [
            "建议轮子加强避震，石子路太颠了",
            "希望出个大轮子避震款",
            "要是避震再好一点就好了，宝宝一颠就醒",
        ],
    ),
    (
        "colours",
        [
            "可以出个奶油白配色",
            "希望多几个颜色，比如雾霾蓝",
            "建议出个低调的高级灰配色",
        ],
    ),
    (
        "rain cover",
        [
            "建议标配一个防雨罩",
            "下雨天要是有防雨罩就好了",
            "能不能送个防雨罩",
        ],
    ),
    (
        "reversible seat",
        [
            "建议座椅能双向换，能看着宝宝",
            "希望座椅能调成面向妈妈",
            "要是座椅能转向就好了",
        ],
    ),
]

NOISE = [
    "好看！",
    "哈哈哈哈哈",
    "已经买了，很好用",
    "蹲一个优惠",
    "宝宝很喜欢坐",
    "支持国货！",
    "这个价格可以的",
    "建议收藏",
    "同问",
    "求链接",
    "推车质量挺好的，用了一年了",
    "第一次见这么好看的推车",
    "这个可以",
    "上周刚入手，还没用",
    "物流很快，包装也好",
    "和我家的一模一样",
    "我家宝宝也是这个月龄",
    "期待新款！",
    "路过看看",
    "太可爱了吧",
    "楼上说得对",
    "你们家客服态度很好",
    # Traps: cue words without an idea for the brand (some are counted as suggestions).
    "我也希望宝宝快点长大",
    "可以的，已下单",
    "建议收藏！",
    "要是早点看到这篇就好了",
    "能不能便宜点啊",
]

LEADS = ["", "", "", "", "颜色很好看，", "用了半年了，", "说个真实想法，", "作为二胎妈妈，"]
TAILS = ["", "", "", "", "！", "～", " 🙏", "，求求了", "，真的很需要", "！！"]


@dataclass(frozen=True)
class GeneratedComment:
    author: int  # an index: the same number is the same person
    body: str
    likes: int
    idea: int  # index into IDEAS, or -1 for noise


@dataclass(frozen=True)
class GeneratedCampaign:
    title: str
    body: str
    comments: list[GeneratedComment]
    k: int
    planted_counts: list[int]  # comments per idea


def generate(
    *,
    seed: int = 7,
    comments: int = 400,
    k: int = len(IDEAS),
    zipf_s: float = 1.1,
    noise_share: float = 0.3,
) -> GeneratedCampaign:
    """A campaign with `comments` comments; about `noise_share` of them carry no idea."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    k = max(1, min(k, len(IDEAS)))
    weights = [1 / (index + 1) ** zipf_s for index in range(k)]
    people = max(10, int(comments * 0.8))
    out: list[GeneratedComment] = []
    counts = [0] * k
    for _ in range(comments):
        author = rng.randrange(people)
        likes = int(rng.expovariate(1 / 3)) if rng.random() < 0.9 else rng.randint(20, 60)
        if rng.random() < noise_share:
            body = rng.choice(NOISE)
            out.append(GeneratedComment(author=author, body=body, likes=likes, idea=-1))
            continue
        idea = rng.choices(range(k), weights=weights)[0]
        counts[idea] += 1
        phrasing = rng.choice(IDEAS[idea][1])
        body = f"{rng.choice(LEADS)}{phrasing}{rng.choice(TAILS)}"
        out.append(GeneratedComment(author=author, body=body, likes=likes, idea=idea))
    return GeneratedCampaign(
        title=QUESTION_TITLE, body=QUESTION_BODY, comments=out, k=k, planted_counts=counts
    )
