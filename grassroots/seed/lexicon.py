# ruff: noqa: E501 - word lists read better one category per line
"""Shared vocabulary and sentence templates of the demo corpus (Chinese and English).

Category-specific words live in vocab_living.py / vocab_leisure.py; the templates here use
them through the symbols `item`, `adj`, `good`, `bad`, `scene`, `tip`, `ask`, `place` (fixed
per note or drawn from the note's category) and their English twins `en_item`, `en_adj`.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """A space-separated word list."""
    return text.split()


def phrases(text: str) -> list[str]:
    """A "|"-separated phrase list (phrases may contain spaces)."""
    return text.split("|")


ZH_SHARED: dict[str, list[str]] = {
    "emoji": phrases(
        "😭|😂|🥹|🤣|😍|🥰|😋|🤤|😎|🤔|😅|😮\u200d💨|🙃|😤|🥲|👍|👏|🙏|💪|✨|🔥|💯|❤️|💕|💗|🌟|⭐|🌈|🍀|🌸|🌷|🎉|🎁|📌|📍|💡|✅|❌|⚠️|👀|🫶|🤍|🧡|💛|🐶|🐱|☀️|🌙|☕|🍵|📷|🛒"
    ),
    "emojis": ["{emoji}", "{emoji}{emoji}", "{emoji}{emoji}{emoji}", "", ""],
    "excl": phrases(
        "绝绝子|yyds|真的会谢|狠狠心动了|家人们谁懂啊|救命|按头安利|不允许还有人不知道|谁懂啊|我宣布|破防了|真香|爱了爱了|一整个爱住|好家伙|麻了|DNA动了|刷到就是缘分|挖到宝了|悄悄惊艳所有人|太顶了|天花板级别|冲就完事了|小小声安利|不吹不黑|碎碎念一下|宝子们|姐妹们|集美们|兄弟们|打工人必看"
    ),
    "intens": phrases("真的|超级|巨|太|特别|非常|蛮|还挺|有点|相当|贼|格外|十分|简直"),
    "who": phrases(
        "我妈|我爸|老公|男朋友|女朋友|闺蜜|室友|同事|我家娃|婆婆|表姐|大学同学|邻居阿姨|领导|健身搭子|饭搭子|老同学|我弟|我姐|小侄女"
    ),
    "when": phrases(
        "上周|这个周末|前两天|昨天|上个月|国庆|五一|端午|春节前|去年冬天|年初|今年夏天|前阵子|刚刚|下班后|周五晚上|清明假期|开学前|双十一|618|中秋"
    ),
    "city": phrases(
        "北京|上海|广州|深圳|成都|杭州|重庆|武汉|西安|南京|长沙|苏州|厦门|青岛|大理|昆明|三亚|天津|哈尔滨|郑州|合肥|福州|贵阳|南宁|沈阳|大连|宁波|无锡|佛山|东莞|珠海|拉萨|丽江|桂林|洛阳|泉州|烟台|威海|兰州|乌鲁木齐"
    ),
    "num": phrases("9.9|19.9|29|39|49|59|69|89|99|129|159|199|239|299|399|499|699|899|1299|2999"),
    "days": phrases("三天|一周|十天|半个月|一个月|两个月|三个月|半年|一年|两年"),
    "count": ["两", "三", "四", "五", "六", "七", "八", "十"],
    "nth": ["二", "三", "四", "五", "六", "七", "八", "十"],
    "lead": phrases(
        "|||||说实话，|讲真，|真心觉得|个人感觉|而且|另外，|最重要的是|不得不说，|意外的是|总体来说|坦白讲，|用下来发现|必须夸一句，|我发现|对我来说|{who}说"
    ),
    "verdict": phrases(
        "闭眼入|值得回购|建议冲|踩雷了|一般般|不推荐|谨慎入手|真香|性价比很高|中规中矩|无限回购|可以冲|不会再买|看需求|超出预期|有点失望|惊喜|平替够用"
    ),
    "value": phrases(
        "性价比{intens}高|贵是贵了点但值|这个价位没什么好挑的|有点小贵|蹲活动买更划算|比实体店便宜不少|价格劝退了一部分人|学生党也能冲"
    ),
    "opener": phrases(
        "{excl}！{emojis}|{excl}{emojis}|先说结论：{verdict}。|今天来聊聊{item}。|{when}{who}推荐我入了{item}。|用了{days}，来交作业了{emoji}|终于轮到我来分享{item}了！|不是广，自费购入{emoji}|纯分享，无广。|{when}终于把{item}安排上了。|被{who}问了好多次，干脆写一篇。|做了很久功课才决定的{item}。|之前一直在犹豫要不要买{item}。|{item}我真的可以说三天三夜。|记录一下{when}的{item}。|刷到好多人推{item}，忍不住试了。|今天不吹不黑说说{item}。|用了{days}的真实反馈：|{who}{when}送的{item}，用下来感受如下。|这篇写给正在纠结{item}的人。"
    ),
    "closer": phrases(
        "有问题评论区问我～|觉得有用就点个赞吧{emoji}|你们还有什么推荐的吗？|以上纯个人感受，仅供参考。|下次再来更新{emoji}|码住不迷路！|有同款的姐妹吗？|欢迎交流{emoji}|总之{verdict}。|后续有变化再来补充。|大家按需入哈。|希望对你有帮助{emojis}|就酱～{emoji}|冲不冲你们自己决定{emoji}|评论区聊聊你们的经验吧。|收藏了慢慢看。"
    ),
    "pos": phrases(
        "{lead}{good}|{lead}{good}，{good}|{good}{emoji}|最喜欢的一点是{good}|{scene}的时候{good}|{who}也说{good}|{lead}{good}，{intens}{adj}|没想到{good}|{intens}惊喜，{good}|对比了好几个，还是{item}最{adj}|{lead}{item}{intens}{adj}|整体{intens}{adj}，{good}|{scene}，{lead}{good}|{good}，{who}都说{adj}"
    ),
    "neg": phrases(
        "缺点是{bad}|唯一的槽点：{bad}|不过{bad}|美中不足的是{bad}|{bad}，有点劝退|要吐槽一下{bad}|{bad}，介意的慎入|{lead}{bad}|{scene}的时候发现{bad}|{good}，但是{bad}|{who}吐槽{bad}"
    ),
    "experience": phrases(
        "{when}{scene}|{scene}，{lead}{good}|一开始我是拒绝的，后来{good}|{who}看了也想要|{when}{scene}，{lead}{good}|{lead}已经用了{days}|已经是第{nth}次回购了|用了{days}，{good}|价格{num}左右，{value}|买之前看了很多测评，{verdict}|{when}在{city}买的，{value}"
    ),
    "tip_line": ["{tip}", "{tip}{emoji}", "友情提示：{tip}", "小建议：{tip}", "重点：{tip}"],
    "bullet": ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "✅", "📌", "👉", "▪️", "·"],
    "opinion": phrases(
        "说个可能不太受欢迎的观点：{item}没必要买太贵的。|{item}真的不是智商税。|别再盲目跟风买{item}了。|个人觉得{item}被高估了。|{item}被严重低估了。|买{item}之前一定要想清楚自己的需求。|{item}这件事，适合自己最重要。"
    ),
    "compliment": phrases("好会拍|好真实|写得好详细|好有生活气息|审美在线|太会了|讲得好清楚"),
    "comment": phrases(
        "求链接{emoji}|蹲一个{item}链接|同款！{good}|码住了|mark|说得太对了|请问{ask}|真的吗？我用着{bad}|博主{compliment}|{emoji}{emoji}|太实用了，已收藏|学到了{emoji}|一模一样的经历哈哈哈|哈哈哈哈哈哈笑死|种草了|拔草了，谢谢提醒|支持一下{emoji}|求更新后续|同问|好奇{item}多少钱|已经下单了{emoji}|{city}有吗？|我也是{when}买的，{good}|看完立马加购|怎么和我想的不一样{emoji}|这个{adj}吗|不是，{bad}真的忍不了|{who}也在用，确实{adj}|终于有人说了|姐妹你是我的嘴替|这篇值得更多人看到|已转发给{who}|坐等反转|顶一下|蹲蹲蹲|好羡慕{emoji}|收藏从未停止，行动从未开始|第一次刷到这么详细的|我选{item}，{verdict}|有没有平替推荐|太有用了吧|谢谢分享{emoji}"
    ),
    "reply": phrases(
        "谢谢喜欢～|链接在主页置顶哦|是在{city}买的|{days}了还没坏{emoji}|可以的，{tip}|哈哈谢谢宝子{emoji}|看个人需求啦|{num}入的|对的对的|我也觉得！|真的，{good}|不客气{emoji}|回复太多啦，私信我|确实，{bad}|同感{emoji}|哈哈哈你说得对|可以试试{item}|我问问{who}"
    ),
}

ZH_TITLES: list[str] = phrases(
    "{item}｜{verdict}|{item}{intens}{adj}到哭|{city}{item}合集|{excl}！{item}|求推荐{item}|{item}避雷|{num}元的{item}值吗|{days}{item}使用感受|答应我试试{item}|{item}天花板|被问爆的{item}|后悔没早买{item}|普通人的{item}分享|{item}新手必看|{item}平替找到了|{item}真的{adj}|我的{item}{emoji}|{item}回购第{nth}次|{city}的{item}{verdict}|关于{item}的碎碎念|{item}｜真实测评|{item}到底值不值|{item}怎么选？|一篇讲清{item}|{item}翻车现场|被{who}夸爆的{item}|{item}{emoji}"
)

ZH_QUESTION_TITLES: list[str] = phrases(
    "{item}怎么选？|{item}哪个好|求问：{item}值得买吗|{item}有人用过吗|{item}求推荐|新手{item}怎么入门|{item}是智商税吗|{city}哪里买{item}"
)

ZH_QUESTION_BODY: list[str] = phrases(
    "想问问大家，{ask}|{ask}求懂的姐妹解答{emoji}|纠结好久了：{ask}|小白求助，{ask}|{who}让我问问，{ask}|{ask}预算{num}左右。|看了好多帖子还是不懂，{ask}"
)

EN_SHARED: dict[str, list[str]] = {
    "en_city": phrases(
        "Shanghai|Beijing|Chengdu|Hangzhou|Shenzhen|London|Tokyo|Singapore|Paris|Berlin|Sydney|Toronto|Seoul|Bangkok|Dali|Xiamen"
    ),
    "en_intens": phrases("really|super|pretty|so|honestly|totally|surprisingly|quite"),
    "en_adj": phrases(
        "comfy|handy|gorgeous|solid|reliable|cute|practical|lightweight|sturdy|cosy|underrated|overpriced|smart|clever|elegant|simple"
    ),
    "en_days": ["a week", "two weeks", "a month", "three months", "six months", "a year"],
    "en_who": phrases("my mum|my partner|my roommate|a colleague|my sister|my best friend"),
    "en_verdict": phrases(
        "worth it|a solid buy|skip it|mixed feelings|a total win|not for me|buy it on sale|exceeded expectations"
    ),
    "en_opener": phrases(
        "Okay, I have to talk about this {en_item}.|Quick honest review after {en_days}.|Not sponsored, just obsessed.|{en_who} asked me about it, so here it goes.|I was on the fence about the {en_item} for ages.|Finally trying the {en_item} everyone posts.|Sharing my experience with the {en_item}.|Long story short: {en_verdict}."
    ),
    "en_pos": phrases(
        "The {en_item} is {en_intens} {en_adj}.|What I love: it feels {en_adj} and {en_adj}.|{en_who} tried it too and agreed it is {en_adj}.|It fits my routine perfectly.|For the price, it is {en_intens} good.|Zero regrets so far.|It made my mornings {en_intens} easier.|Looks even better in person.|Great value if you catch a sale.|Would happily buy it again."
    ),
    "en_neg": phrases(
        "The only downside: it is a bit {en_adj_neg}.|Honestly a little {en_adj_neg} for me.|Customer service was slow.|The packaging could be better.|Took a while to get used to.|Not great for small spaces."
    ),
    "en_adj_neg": ["pricey", "bulky", "fiddly", "noisy", "heavy", "slow", "flimsy"],
    "en_closer": phrases(
        "Ask me anything in the comments!|Would you try it?|Hope this helps ✨|More updates soon.|Let me know your favourites.|Save this for later 📌|That's all, happy weekend!"
    ),
    "en_ask": phrases(
        "Is the {en_item} worth it?|Which {en_item} should a beginner get?|Any tips for choosing a {en_item}?|Where do you buy a good {en_item} in {en_city}?"
    ),
    "en_comment": phrases(
        "Link please!|Saving this 📌|Same here, love mine.|How long did it last?|Great review, thanks!|Where did you get it?|Mine broke after {en_days} 😅|This is so helpful.|Adding to cart now.|Is it {en_adj}?|Totally agree!|请问在哪里买的？|求链接|同款！|Thanks for sharing 🙏"
    ),
    "en_reply": phrases(
        "Thank you!|Got it on sale last month.|Still going strong after {en_days}.|Yes, highly recommend.|Happy to help!|Check my pinned post 😊"
    ),
}

EN_TITLES: list[str] = phrases(
    "{en_item}: {en_verdict}|Why I love my {en_item}|{en_item} tips|Honest {en_item} review|My {en_item} after {en_days}|Best {en_item} in {en_city}?|{en_item} haul|Is {en_item} worth it|{en_item} for beginners|Weekend {en_item} diary"
)

EN_QUESTION_TITLES: list[str] = phrases(
    "{en_item}: worth it?|Help: which {en_item}?|Any {en_item} tips?|{en_item} advice?"
)

# Topics any note may carry besides its category's own.
GENERIC_TOPICS_ZH = phrases(
    "好物分享|日常|种草|避雷|干货分享|生活记录|宝藏|平价好物|打工人|周末|真实测评|新手|经验分享|治愈|氛围感|小众|学生党|上班族|无广|vlog|碎碎念|今日分享"
)
GENERIC_TOPICS_EN = phrases("review|ootd|weekend|daily|tips|haul|lifestyle|recommendation")

# Usernames are built from these (romanised nicknames plus a number) and display names
# from the Chinese ones.
NICK_PARTS_ZH = phrases(
    "小鹿|奶糖|柚子|橘子|小鱼|阿星|西瓜|可乐|团子|豆豆|糯米|芋圆|小满|阿紫|一一|木木|晴天|南风|清欢|半夏|安安|甜甜|小林|大卫|阿哲|老王|小陈|阿杰|苏苏|七七|果果|米粒|布丁|椰子|栗子|桃桃|莓莓|旺仔|阿宽|二狗|Lily|Coco|Mia|Leo|Max|Nina|Amy|Kiki|Momo"
)
NICK_SUFFIX_ZH = phrases(
    "酱|呀|同学|的日常|爱吃饭|不吃香菜|在上海|在成都|在路上|今天也要开心|睡不醒|的小窝|要早睡|是个吃货|爱旅行|去哪儿|妈妈|爸爸|Official|日记"
)
ROMAN_PARTS = phrases(
    "xiaolu|naitang|youzi|juzi|xiaoyu|axing|xigua|kele|tuanzi|doudou|nuomi|yuyuan|xiaoman|azi|yiyi|mumu|qingtian|nanfeng|banxia|anan|tiantian|xiaolin|dawei|azhe|laowang|xiaochen|ajie|susu|qiqi|guoguo|mili|buding|yezi|lizi|taotao|meimei|wangzai|akuan|lily|coco|mia|leo|max|nina|amy|kiki|momo"
)
BIO_TEMPLATES = phrases(
    "{city}｜{hobby}｜记录生活|一个爱{hobby}的{job}|{job}，业余{hobby}|分享真实好物，不接广|在{city}努力生活|{hobby}爱好者{emoji}|慢慢来，比较快|工作日打工人，周末{hobby}|Living in {en_city}. {hobby}|{job}｜{city}｜合作请私信|"
)
HOBBIES = phrases("摄影|烘焙|跑步|露营|看展|探店|健身|读书|画画|旅行|养猫|做饭|穿搭|手帐|滑雪|追剧")
JOBS = phrases("设计师|程序员|老师|宝妈|学生|护士|产品经理|自由职业|会计|摄影师|医生|销售|研究生")
