"""What the seed plants on purpose, so search and insight quality can be measured.

Question/answer pairs: a question note whose answer sits either in another note's body or
only in a comment on the question. Themes: a fictional brand's product discussed in a
sub-category, with a pain point / complaint / need / praise phrased several ways, at a known
prevalence (share of that sub-category's notes), optionally rising after an onset date.
The brands are invented so nothing here is a claim about a real company.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlantedQuestion:
    key: str
    category: str  # sub-category slug
    title: str  # the question, ≤ 20 characters
    body: str
    answer: str
    answer_in: str  # "comment" (only in a comment on the question) or "note"
    answer_title: str = ""  # title of the answering note when answer_in == "note"
    keywords: tuple[str, ...] = ()
    english: bool = False


@dataclass(frozen=True)
class PlantedTheme:
    key: str
    kind: str  # pain_point | complaint | need | praise
    description: str
    categories: tuple[str, ...]
    brand: str
    product: str
    phrasings: tuple[str, ...]  # the key phrases an analysis should group together
    sentences: tuple[str, ...]  # full sentences carrying one phrasing; may use {product}
    prevalence: float  # share of the categories' notes carrying the theme (after onset)
    brand_share: float = 0.3  # share of the categories' notes that mention the product at all
    onset_days_ago: int | None = None  # rising themes: days before the anchor date
    prevalence_before: float = 0.0  # share before the onset (rising themes only)
    comment_share: float = 0.2  # share of theme occurrences voiced in a comment, not the body
    extra: dict[str, str] = field(default_factory=dict)


QUESTIONS: tuple[PlantedQuestion, ...] = (
    PlantedQuestion(
        "opened_red_wine",
        "food-wine",
        "开了的红酒放三个月还能喝吗",
        "家里聚会开了一瓶红酒没喝完，塞上木塞放在柜子里，已经三个月了，现在还能喝吗？",
        "开瓶后的红酒塞好放冰箱一般只能保存三到五天，三个月早就氧化变酸了，不建议再喝，可以拿来炖牛肉。",
        "comment",
        keywords=("红酒", "开瓶", "氧化"),
    ),
    PlantedQuestion(
        "disinfectant_cap",
        "home-cleaning",
        "消毒液盖子拧不开怎么办",
        "新买的消毒液瓶盖怎么拧都拧不开，手都红了，是我方法不对吗？",
        "消毒液大多是儿童安全盖，要先用力往下按住瓶盖再逆时针拧，不按是打不开的。",
        "note",
        answer_title="儿童安全瓶盖的正确打开方式",
        keywords=("消毒液", "瓶盖", "儿童安全盖"),
    ),
    PlantedQuestion(
        "cat_grapes",
        "pets-health",
        "猫咪误吃了葡萄怎么办",
        "刚刚发现猫咪偷吃了两颗葡萄，现在看着没什么事，需要去医院吗？",
        "葡萄对猫狗都可能导致急性肾损伤，误食后尽快联系宠物医院，必要时催吐并查肾功能，别等症状出来。",
        "note",
        answer_title="猫狗误食葡萄的处理",
        keywords=("葡萄", "猫", "肾"),
    ),
    PlantedQuestion(
        "power_bank_train",
        "travel-guides",
        "高铁能带充电宝吗",
        "第一次坐高铁出远门，两万毫安的充电宝能带上车吗？会不会被没收？",
        "高铁对充电宝没有飞机那么严，正常容量的充电宝可以带上车，坐飞机才要求不超过100Wh并且不能托运。",
        "comment",
        keywords=("充电宝", "高铁", "飞机"),
    ),
    PlantedQuestion(
        "stroller_plane",
        "parenting-strollers",
        "婴儿推车能带上飞机吗",
        "下个月带宝宝坐飞机回老家，推车要托运吗？能不能推到登机口？",
        "大部分航空公司允许把婴儿推车推到登机口再免费托运，折叠后尺寸小的伞车有的还能直接带进客舱，出发前打电话问航司最稳。",
        "note",
        answer_title="带娃坐飞机推车攻略",
        keywords=("推车", "飞机", "托运"),
    ),
    PlantedQuestion(
        "overnight_rice",
        "food-home-cooking",
        "隔夜米饭还能吃吗",
        "昨天晚上剩的米饭放在桌上一夜，今天炒饭还能用吗？",
        "室温放了一夜的米饭容易滋生蜡样芽孢杆菌，加热也破坏不了它的毒素，剩饭要尽快冷藏，放了一夜的就别吃了。",
        "comment",
        keywords=("米饭", "隔夜", "冷藏"),
    ),
    PlantedQuestion(
        "first_service",
        "cars-maintenance",
        "新车第一次保养什么时候做",
        "提车两个月了，开了四千公里，首保是不是该做了？",
        "首保一般在五千公里或者六个月以内，以先到的为准，具体看保养手册，过了时间可能影响质保。",
        "note",
        answer_title="新车首保时间和项目",
        keywords=("首保", "保养", "公里"),
    ),
    PlantedQuestion(
        "sunscreen_remover",
        "beauty-sunscreen",
        "防晒霜需要卸妆吗",
        "每天只涂防晒不化妆，晚上用洗面奶洗干净就够了吗？",
        "防水型和物理防晒成膜强，最好用卸妆产品，普通清爽型防晒用温和洗面奶洗两遍一般就可以。",
        "comment",
        keywords=("防晒", "卸妆", "洗面奶"),
    ),
    PlantedQuestion(
        "knee_running",
        "fitness-running",
        "跑步膝盖疼还能继续跑吗",
        "最近跑完五公里膝盖外侧就疼，休息两天又好了，还能接着跑吗？",
        "膝盖外侧疼常见是髂胫束综合征，先停跑休息，放松大腿外侧和臀部，加强臀中肌训练，疼痛持续要去看运动医学科。",
        "note",
        answer_title="膝盖外侧疼的康复经验",
        keywords=("膝盖", "跑步", "髂胫束"),
    ),
    PlantedQuestion(
        "ielts_speaking",
        "study-exams",
        "雅思口语卡在5.5怎么办",
        "雅思口语考了两次都是5.5，练了很多题还是提不上去，求有经验的姐妹指点。",
        "口语提分关键是流利度和连贯，每天录音回听，用自己的真实经历准备话题素材库，比背模板有效得多。",
        "comment",
        keywords=("雅思", "口语", "录音"),
    ),
    PlantedQuestion(
        "power_bank_flight",
        "travel-abroad",
        "Power bank on board?",
        "Flying to Tokyo next week. Can I bring my 20000mAh power bank in checked luggage?",
        "Power banks must go in your carry-on, never in checked bags; up to 100Wh (about 27000mAh) "
        "is allowed without approval.",
        "comment",
        keywords=("power bank", "carry-on", "100Wh"),
        english=True,
    ),
    PlantedQuestion(
        "sourdough_starter",
        "food-baking",
        "Starter not rising?",
        "Day five of my sourdough starter and it barely bubbles. Should I throw it out?",
        "Keep it warm (around 25°C), feed it twice a day with equal weights of flour and water and "
        "switch to some whole-grain flour; most starters wake up by day seven to ten.",
        "note",
        answer_title="Reviving a starter",
        keywords=("starter", "sourdough", "feed"),
        english=True,
    ),
)

THEMES: tuple[PlantedTheme, ...] = (
    PlantedTheme(
        key="stroller_neck_tilt",
        kind="pain_point",
        description="No head support: the baby's head tilts to one side in the stroller.",
        categories=("parenting-strollers",),
        brand="小云朵",
        product="小云朵轻便推车",
        phrasings=("宝宝脖子歪", "头总往一边倒", "没有头托"),
        sentences=(
            "推{product}出门，宝宝脖子歪着睡着了，看着好心疼",
            "宝宝一睡着头总往一边倒，只能用毛巾卷起来塞着",
            "最大的问题是没有头托，小月龄宝宝坐着脖子歪",
            "{product}别的都好，就是没有头托，头总往一边倒",
            "每次遛完娃都发现宝宝脖子歪在一边，后悔没选带头托的",
        ),
        prevalence=0.12,
        brand_share=0.35,
    ),
    PlantedTheme(
        key="sunscreen_white_cast",
        kind="complaint",
        description="The new batch leaves a white cast; complaints rise after the onset date.",
        categories=("beauty-sunscreen",),
        brand="晴空",
        product="晴空清透防晒乳",
        phrasings=("泛白", "假白", "white cast"),
        sentences=(
            "新买的{product}涂完脸上泛白，像刷了一层墙",
            "假白太明显了，拍照一眼就能看出来",
            "这批{product}泛白好严重，以前用的时候明明不会",
            "white cast太重了，黄皮涂完脸和脖子两个色",
            "换了新包装以后{product}假白得厉害，有点失望",
        ),
        prevalence=0.35,
        brand_share=0.4,
        onset_days_ago=60,
        prevalence_before=0.02,
    ),
    PlantedTheme(
        key="furniture_slow_delivery",
        kind="complaint",
        description="Slow delivery, at a steady rate all year (a flat theme).",
        categories=("home-furniture", "life-shopping"),
        brand="栖木",
        product="栖木实木书桌",
        phrasings=("快递太慢", "等了半个月才到", "物流一直不更新"),
        sentences=(
            "东西是不错，就是快递太慢了",
            "下单后等了半个月才到，中间还催了好几次",
            "物流一直不更新，客服只会说在路上",
            "{product}质量没得说，但等了半个月才到真的磨人",
            "快递太慢，差点以为被骗了",
        ),
        prevalence=0.08,
        brand_share=0.25,
    ),
    PlantedTheme(
        key="tote_smaller_size",
        kind="need",
        description="People want a smaller size of the bag.",
        categories=("fashion-bags",),
        brand="拾光",
        product="拾光通勤托特包",
        phrasings=("小一号", "mini款", "小个子背着有点大"),
        sentences=(
            "要是{product}有小一号就好了",
            "希望出个mini款，周末出门背刚好",
            "小个子背着有点大，有点像背了个行李箱",
            "{product}能不能出个小一号的尺寸啊",
            "155小个子背着有点大，蹲一个mini款",
        ),
        prevalence=0.10,
        brand_share=0.3,
    ),
    PlantedTheme(
        key="vacuum_auto_empty_praise",
        kind="praise",
        description="Praise for the robot vacuum's self-emptying dock.",
        categories=("home-cleaning", "home-smart"),
        brand="洁小侠",
        product="洁小侠扫地机器人",
        phrasings=("自动集尘", "不用倒垃圾", "解放双手"),
        sentences=(
            "{product}的自动集尘太省心了",
            "一个多月不用倒垃圾，自动集尘是真的香",
            "自动集尘这个功能让我彻底解放双手",
            "买{product}就是冲着自动集尘，完全没失望",
            "有了自动集尘再也不用天天倒垃圾",
        ),
        prevalence=0.15,
        brand_share=0.3,
    ),
)


def theme_by_category() -> dict[str, list[PlantedTheme]]:
    """Sub-category slug → the themes planted in it."""
    index: dict[str, list[PlantedTheme]] = {}
    for theme in THEMES:
        for slug in theme.categories:
            index.setdefault(slug, []).append(theme)
    return index
