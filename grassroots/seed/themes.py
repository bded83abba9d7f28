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
    # Other ways people ask it, for the search evaluation: (kind, query) with kind one of
    # paraphrase (few words shared with the answer), short (1–2 characters), english, mixed.
    queries: tuple[tuple[str, str], ...] = ()


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
        queries=(("paraphrase", "葡萄酒没喝完隔了很久"), ("short", "红酒"), ("short", "酒")),
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
        queries=(("paraphrase", "84瓶子打不开"), ("short", "瓶盖")),
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
        queries=(
            ("paraphrase", "宠物吃了提子会中毒吗"),
            ("short", "葡萄"),
            ("mixed", "猫 grapes 中毒"),
        ),
    ),
    PlantedQuestion(
        "power_bank_train",
        "travel-guides",
        "高铁能带充电宝吗",
        "第一次坐高铁出远门，两万毫安的充电宝能带上车吗？会不会被没收？",
        "高铁对充电宝没有飞机那么严，正常容量的充电宝可以带上车，坐飞机才要求不超过100Wh并且不能托运。",
        "comment",
        keywords=("充电宝", "高铁", "飞机"),
        queries=(
            ("paraphrase", "坐动车可以带移动电源吗"),
            ("short", "高铁"),
            ("mixed", "20000mAh 充电宝 高铁"),
        ),
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
        queries=(
            ("paraphrase", "带娃乘机童车怎么办"),
            ("short", "推车"),
            ("english", "stroller on a plane"),
        ),
    ),
    PlantedQuestion(
        "overnight_rice",
        "food-home-cooking",
        "隔夜米饭还能吃吗",
        "昨天晚上剩的米饭放在桌上一夜，今天炒饭还能用吗？",
        "室温放了一夜的米饭容易滋生蜡样芽孢杆菌，加热也破坏不了它的毒素，剩饭要尽快冷藏，放了一夜的就别吃了。",
        "comment",
        keywords=("米饭", "隔夜", "冷藏"),
        queries=(("paraphrase", "剩饭放一晚上会中毒吗"), ("short", "剩饭")),
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
        queries=(("paraphrase", "提车后多久去4S店"), ("short", "首保")),
    ),
    PlantedQuestion(
        "sunscreen_remover",
        "beauty-sunscreen",
        "防晒霜需要卸妆吗",
        "每天只涂防晒不化妆，晚上用洗面奶洗干净就够了吗？",
        "防水型和物理防晒成膜强，最好用卸妆产品，普通清爽型防晒用温和洗面奶洗两遍一般就可以。",
        "comment",
        keywords=("防晒", "卸妆", "洗面奶"),
        queries=(("paraphrase", "只涂了隔离霜晚上用不用卸"), ("short", "卸妆")),
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
        queries=(
            ("paraphrase", "慢跑后腿关节外面痛"),
            ("short", "膝盖"),
            ("english", "knee pain after running"),
        ),
    ),
    PlantedQuestion(
        "ielts_speaking",
        "study-exams",
        "雅思口语卡在5.5怎么办",
        "雅思口语考了两次都是5.5，练了很多题还是提不上去，求有经验的姐妹指点。",
        "口语提分关键是流利度和连贯，每天录音回听，用自己的真实经历准备话题素材库，比背模板有效得多。",
        "comment",
        keywords=("雅思", "口语", "录音"),
        queries=(
            ("paraphrase", "口语分数一直提不上去"),
            ("short", "雅思"),
            ("mixed", "IELTS 口语 5.5"),
        ),
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
        queries=(
            ("paraphrase", "can I check in a portable charger"),
            ("mixed", "充电宝 checked luggage"),
            ("short", "mAh"),
        ),
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
        queries=(
            ("paraphrase", "my levain has no bubbles"),
            ("english", "sourdough starter not rising"),
        ),
        english=True,
    ),
    PlantedQuestion(
        "phone_overheat",
        "tech-phones",
        "iPhone15发热严重怎么办",
        "刚换的手机，刷视频十分钟背面就烫手，是不是买到有问题的了？",
        "刚升级系统后后台在建索引，发热一两天正常；关掉后台刷新，别边充边玩大型游戏，还烫就去售后检测电池。",
        "comment",
        keywords=("发热", "后台", "电池"),
        queries=(("mixed", "iPhone 15 发热"), ("paraphrase", "苹果手机烫手"), ("short", "发热")),
    ),
    PlantedQuestion(
        "dog_chocolate",
        "pets-dogs",
        "狗狗吃了巧克力怎么办",
        "出门回来发现狗子把桌上的巧克力吃了半块，现在还在摇尾巴，要紧吗？",
        "巧克力里的可可碱对狗有毒，黑巧克力最危险，吃下两小时内去医院催吐，记下吃了多少克告诉医生。",
        "note",
        answer_title="狗误食巧克力的急救",
        keywords=("巧克力", "可可碱", "催吐"),
        queries=(
            ("paraphrase", "狗子偷吃了可可制品"),
            ("short", "催吐"),
            ("english", "dog ate chocolate"),
        ),
    ),
    PlantedQuestion(
        "laptop_battery",
        "tech-laptops",
        "笔记本一直插电伤电池吗",
        "上班笔记本基本一直插着电源，听说这样电池会鼓包，要不要每天拔掉？",
        "现在的笔记本有充电保护，长期插电可以在电源设置里开启电池养护，把充电上限设到百分之八十，比反复充放电更好。",
        "comment",
        keywords=("插电", "电池", "充电上限"),
        queries=(
            ("paraphrase", "电脑插着电源用会不会损耗"),
            ("short", "电池"),
            ("mixed", "MacBook 一直插电"),
            ("english", "laptop always plugged in battery"),
        ),
    ),
    PlantedQuestion(
        "succulent_rot",
        "home-plants",
        "多肉叶子化水怎么救",
        "阳台的多肉这两天叶子一片片变透明化水，底下还发黑，还有救吗？",
        "叶子发黑化水是黑腐，马上断水，把腐烂部分切掉晾干伤口，换颗粒多的干土，放通风散光处，一周内别浇水。",
        "note",
        answer_title="多肉黑腐急救经验",
        keywords=("黑腐", "断水", "化水"),
        queries=(("paraphrase", "肉肉烂根变黑了"), ("short", "黑腐")),
    ),
    PlantedQuestion(
        "japan_visa",
        "travel-visa",
        "日本签证要存款证明吗",
        "第一次自己办日本单次旅游签，需要准备多少存款？工资流水可以代替吗？",
        "单次旅游签一般要提供十万左右的银行存款证明或者收入证明，有车产房产可以辅助，不同领区要求不一样。",
        "comment",
        keywords=("签证", "存款证明", "领区"),
        queries=(
            ("paraphrase", "去东京玩需要多少银行余额"),
            ("short", "签证"),
            ("mixed", "日本 visa 存款"),
        ),
    ),
    PlantedQuestion(
        "coffee_stain",
        "life-tips",
        "白衬衫沾了咖啡怎么洗",
        "早上通勤路上咖啡洒在白衬衫上了，晚上回家才发现，还能洗掉吗？",
        "趁还没干用冷水从背面冲，再抹洗洁精或者酵素搓一搓，别用热水，热水会让污渍固定下来。",
        "note",
        answer_title="咖啡渍去除小妙招",
        keywords=("咖啡", "冷水", "污渍"),
        queries=(
            ("paraphrase", "衣服上的拿铁印子去不掉"),
            ("short", "污渍"),
            ("english", "coffee stain on a white shirt"),
        ),
    ),
    PlantedQuestion(
        "postpartum_hair",
        "parenting-postpartum",
        "产后掉头发正常吗",
        "宝宝四个月了，最近洗头一掉一大把，梳子上全是头发，好焦虑。",
        "产后三到六个月激素回落，大量脱发很常见，一般一年内会长回来，注意补铁和蛋白质，别频繁烫染。",
        "comment",
        keywords=("脱发", "激素", "补铁"),
        queries=(("paraphrase", "生完孩子头发一把一把掉"), ("short", "脱发")),
    ),
    PlantedQuestion(
        "insomnia",
        "health-sleep",
        "晚上躺床上睡不着怎么办",
        "最近每天都要翻来覆去到两点才睡着，第二天上班没精神，有什么办法？",
        "固定起床时间比固定入睡时间更重要，睡前一小时放下手机，二十分钟睡不着就起来做点无聊的事，困了再回床。",
        "note",
        answer_title="改善失眠的几个习惯",
        keywords=("失眠", "起床时间", "手机"),
        queries=(
            ("paraphrase", "翻来覆去到凌晨三点"),
            ("short", "失眠"),
            ("english", "can't fall asleep at night"),
        ),
    ),
    PlantedQuestion(
        "wisdom_tooth",
        "health-dental",
        "智齿要不要拔",
        "最里面那颗智齿隔几个月就肿一次，医生说可以拔也可以留，纠结。",
        "横着长或者反复发炎的智齿建议拔掉，长正了能正常清洁的可以留着，先拍个全景片让医生判断。",
        "comment",
        keywords=("智齿", "发炎", "全景片"),
        queries=(("paraphrase", "最后一颗大牙老是肿痛"), ("short", "智齿"), ("short", "牙")),
    ),
    PlantedQuestion(
        "ev_winter_range",
        "cars-ev",
        "电车冬天续航掉多少",
        "北方冬天零下十几度，纯电车的续航会打几折？通勤六十公里够不够？",
        "零下气温续航一般掉百分之三十到四十，主要是电池低温和开暖风，出门前插着电预热能少掉不少。",
        "note",
        answer_title="电动车冬季续航实测",
        keywords=("续航", "低温", "预热"),
        queries=(
            ("paraphrase", "新能源车天冷跑不远"),
            ("short", "续航"),
            ("mixed", "EV 冬天 续航"),
        ),
    ),
    PlantedQuestion(
        "reverse_parking",
        "cars-license",
        "科目二倒车入库总压线",
        "练了一个星期倒车入库，十次有五次压线，下周就要考了怎么办？",
        "倒库看后视镜里车身和库角的距离，三十厘米时回正方向，多在脑子里记参照点，慢就是快。",
        "comment",
        keywords=("倒库", "后视镜", "参照点"),
        queries=(("paraphrase", "驾考倒库老是出界"), ("short", "倒库")),
    ),
    PlantedQuestion(
        "resume_gap",
        "career-resume",
        "简历上空窗期怎么写",
        "辞职后休息了快一年，现在投简历，这段空白要不要写？面试被问怎么说？",
        "空窗期不要藏，写清楚这段时间在学习考证、照顾家人或做项目，面试时用一句话说明并转到你能带来的价值。",
        "note",
        answer_title="空窗期写进简历的方法",
        keywords=("空窗期", "简历", "面试"),
        queries=(("paraphrase", "离职一年没上班面试怎么解释"), ("short", "简历")),
    ),
    PlantedQuestion(
        "hotpot_leftover",
        "food-hotpot",
        "火锅底料能重复用吗",
        "昨晚在家吃火锅剩了大半锅汤底，倒掉好可惜，今天加点菜再煮可以吗？",
        "吃过的锅底里有生肉汁和唾液，放一夜细菌和亚硝酸盐都会升高，最好别重复用，没下过菜的底料可以冷冻。",
        "comment",
        keywords=("锅底", "亚硝酸盐", "冷冻"),
        queries=(("paraphrase", "吃剩的汤底第二天还能煮吗"), ("short", "锅底")),
    ),
    PlantedQuestion(
        "glasses_fog",
        "fashion-glasses",
        "戴口罩眼镜起雾怎么办",
        "冬天戴口罩出门，一呼气镜片就全是雾，看路都看不清。",
        "口罩鼻梁条要捏紧贴合鼻子，镜片擦一层防雾剂或者洗洁精薄层，口罩上沿压在眼镜下面也能减少起雾。",
        "note",
        answer_title="眼镜防雾小技巧",
        keywords=("起雾", "防雾剂", "鼻梁条"),
        queries=(
            ("paraphrase", "镜片一呼气就模糊"),
            ("short", "起雾"),
            ("english", "glasses fog up with a mask"),
        ),
    ),
    PlantedQuestion(
        "swim_ear_water",
        "fitness-swimming",
        "游泳耳朵进水出不来",
        "游完泳一只耳朵一直闷闷的，感觉里面有水，晃了半天也没出来。",
        "把进水那侧耳朵朝下单脚跳几下，或者用纸巾搓成条轻轻吸，别用棉签往里掏，几天不好就去耳鼻喉科。",
        "comment",
        keywords=("耳朵", "进水", "棉签"),
        queries=(("paraphrase", "泳池出来听声音闷闷的"), ("short", "耳朵")),
    ),
    PlantedQuestion(
        "cloudy_tank",
        "pets-aquarium",
        "鱼缸水发白浑浊",
        "新开的鱼缸才一周，水就变得白蒙蒙的，换了水第二天又浑了。",
        "新缸水发白是硝化系统还没建立，细菌爆发，少喂食，别频繁大换水，加硝化细菌等一两周就会清。",
        "note",
        answer_title="新缸白浊怎么处理",
        keywords=("白浊", "硝化细菌", "换水"),
        queries=(("paraphrase", "养鱼的水雾蒙蒙的"), ("short", "白浊")),
    ),
    PlantedQuestion(
        "first_scarf",
        "crafts-knitting",
        "新手织围巾用什么线",
        "想给男朋友织一条围巾，完全零基础，该买什么样的毛线和针？",
        "新手选中粗的羊毛混纺线配六号针，颜色浅一点容易看清针目，别选马海毛，拆起来很痛苦。",
        "comment",
        keywords=("毛线", "羊毛", "针目"),
        queries=(("paraphrase", "第一次学编织买哪种材料"), ("short", "毛线")),
    ),
    PlantedQuestion(
        "formula_time",
        "parenting-feeding",
        "奶粉冲好能放多久",
        "夜里冲好的奶宝宝只喝了一半，剩下的放着等下次醒了再喂可以吗？",
        "冲好的奶粉室温下最好一小时内喝完，喝过的两小时内必须倒掉，提前冲好的放冰箱不超过二十四小时。",
        "comment",
        keywords=("奶粉", "冰箱", "倒掉"),
        queries=(
            ("paraphrase", "宝宝没喝完的奶还能留着吗"),
            ("short", "奶粉"),
            ("english", "how long is mixed formula good"),
        ),
    ),
    PlantedQuestion(
        "rental_deposit",
        "home-rental",
        "退租房东扣押金合理吗",
        "住了两年退租，房东说墙面有点脏要扣一千块押金，这样合理吗？",
        "正常使用的磨损房东不能扣押金，搬进去当天拍照录像存证，退租时对照合同逐项核对，不合理扣款可以找12345投诉。",
        "note",
        answer_title="退租押金要回来的经验",
        keywords=("押金", "存证", "合同"),
        queries=(("paraphrase", "搬走时房东不退钱"), ("short", "押金")),
    ),
    PlantedQuestion(
        "night_photos",
        "photo-phone",
        "Night photos blurry?",
        "My phone's night shots always come out blurry and grainy. What am I doing wrong?",
        "Brace the phone against something or use a tiny tripod, turn on night mode and hold still "
        "for the whole countdown; tap to focus on a light source first.",
        "note",
        answer_title="Sharp night shots",
        keywords=("night mode", "tripod", "focus"),
        english=True,
        queries=(
            ("paraphrase", "how to take sharp pictures in the dark"),
            ("mixed", "手机夜景 blurry"),
        ),
    ),
    PlantedQuestion(
        "leg_day_soreness",
        "fitness-gym",
        "Sore after leg day?",
        "Three days after squats I can barely walk down stairs. Should I train again or rest?",
        "That's DOMS; light movement like walking or easy cycling helps more than full rest, but "
        "skip heavy legs until the soreness mostly fades.",
        "comment",
        keywords=("DOMS", "soreness", "rest"),
        english=True,
        queries=(
            ("paraphrase", "muscles ache days after working out"),
            ("short", "DOMS"),
            ("mixed", "深蹲 soreness"),
        ),
    ),
    PlantedQuestion(
        "pothos_yellow",
        "home-plants",
        "Pothos leaves yellow",
        "The lower leaves of my pothos keep turning yellow one after another. Too much sun?",
        "Yellowing lower leaves usually mean overwatering; let the top few centimetres of soil dry "
        "out between waterings and make sure the pot drains.",
        "note",
        answer_title="Pothos care basics",
        keywords=("overwatering", "soil", "drains"),
        english=True,
        queries=(
            ("paraphrase", "houseplant dying from too much water"),
            ("mixed", "绿萝 yellow leaves"),
        ),
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
