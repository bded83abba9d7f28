# ruff: noqa: E501 - word lists read better one category per line
"""Category vocabulary, part 2: study, career, health, cars, photography, crafts,
entertainment, relationships, sports, everyday life. Same shape as vocab_living.VOCAB."""

from __future__ import annotations

from typing import Any

from grassroots.seed.lexicon import phrases

VOCAB: dict[str, dict[str, Any]] = {
    "study": {
        "items": {
            "study-exams": "四六级 教资 雅思 托福 CPA 法考",
            "study-english": "背单词 英语口语 英语听力 影子跟读 英文原著",
            "study-languages": "日语 韩语 法语 西班牙语 德语 五十音",
            "study-abroad": "留学申请 文书 语言成绩 选校 奖学金",
            "study-postgrad": "考研数学 考研英语 考研政治 复试 择校",
            "study-methods": "费曼学习法 番茄钟 错题本 思维导图 时间管理",
            "study-stationery": "中性笔 活页本 荧光笔 平板笔记 便利贴",
            "study-books": "小说 非虚构 历史书 心理学书 读书笔记",
            "study-courses": "网课 公开课 训练营 编程课 设计课",
            "study-kids": "小学数学 作文 预习 错题整理 课外阅读",
        },
        "en_items": "study planner, IELTS prep, language app, note-taking method, reading list, flashcard deck",
        "adj": "高效 有用 清晰 系统 好坚持 实用 靠谱 省时间 上手快 有收获",
        "good": phrases(
            "效率提高了一倍|终于坚持下来了|成绩提了一大截|思路一下子清晰了|老师讲得很透|每天一小时就够|知识点都串起来了|再也不拖延了"
        ),
        "bad": ["刚开始很难坚持", "资料太多看不完", "价格有点贵", "进度有点赶", "题目难度偏大"],
        "scene": ["备考最后一个月", "每天早起", "下班后", "周末泡图书馆", "寒假"],
        "tip": phrases("先定一个小目标|错题一定要复盘|每天固定时间学|找个学习搭子|真题至少刷三遍"),
        "ask": ["零基础怎么开始{item}？", "{item}多久能出效果？", "在职备考{item}来得及吗？"],
        "place": "图书馆 自习室 咖啡店 宿舍",
    },
    "career": {
        "items": {
            "career-jobhunt": "秋招 春招 内推 offer 实习",
            "career-interviews": "群面 结构化面试 自我介绍 终面 HR面",
            "career-resume": "简历模板 项目经历 求职信 作品集",
            "career-office": "Excel技巧 PPT 周报 会议纪要 快捷键",
            "career-sidejobs": "副业 接单 自媒体 摆摊 兼职",
            "career-startup": "创业 合伙人 融资 小店",
            "career-finance": "基金定投 存钱 记账 理财 公积金",
            "career-civil": "考公 国考 申论 行测 事业单位",
            "career-change": "转行 裸辞 跳槽 gap year",
            "career-workplace": "向上管理 同事关系 加班 离职",
        },
        "en_items": "resume template, interview prep, side hustle, budgeting app, career switch, standing desk",
        "adj": "实用 靠谱 清醒 有用 干货 真实 高效 稳 扎心 有启发",
        "good": phrases(
            "拿到了心仪的offer|工资涨了三成|终于不焦虑了|面试官当场夸了|每个月多存了一笔钱|效率高到准点下班|思路打开了"
        ),
        "bad": ["过程真的很煎熬", "被压价了", "加班太多", "回复太慢", "竞争太激烈"],
        "scene": ["面试前一晚", "刚入职", "年终总结", "裸辞后", "通勤路上"],
        "tip": phrases("简历控制在一页|提前准备三个案例|每月固定存一笔|多和前辈聊聊|别急着做决定"),
        "ask": ["{item}怎么准备？", "三十岁还能{item}吗？", "应届生{item}要注意什么？"],
        "place": "公司 咖啡店 招聘会 共享办公",
    },
    "health": {
        "items": {
            "health-sleep": "助眠 失眠 褪黑素 睡眠监测 眼罩 耳塞",
            "health-nutrition": "维生素 蛋白粉 鱼油 益生菌 膳食纤维",
            "health-mental": "焦虑 情绪管理 冥想 心理咨询 正念",
            "health-tcm": "艾灸 泡脚 八段锦 养生茶 刮痧",
            "health-dental": "牙齿矫正 洗牙 冲牙器 电动牙刷 智齿",
            "health-eyes": "近视手术 护眼灯 眼药水 隐形眼镜",
            "health-skin": "湿疹 痘痘 过敏 脂溢性皮炎",
            "health-women": "痛经 体检 HPV疫苗 经期护理",
            "health-checkup": "体检套餐 甲状腺结节 血脂 胃镜",
            "health-medicine": "常备药 退烧药 创可贴 家庭药箱",
        },
        "en_items": "sleep routine, vitamin D, electric toothbrush, meditation app, health check-up, eye drops",
        "adj": "有效 温和 靠谱 舒服 安心 实用 方便 省心 轻松 踏实",
        "good": phrases(
            "睡眠质量好了很多|坚持{days}明显改善|医生讲得很耐心|整个人精神多了|没什么副作用|心态平和了不少"
        ),
        "bad": ["排队时间很长", "价格不便宜", "效果因人而异", "过程有点疼", "需要长期坚持"],
        "scene": ["熬夜之后", "换季", "体检前", "压力大的时候", "经期"],
        "tip": ["不舒服一定要就医", "遵医嘱别乱吃药", "规律作息最重要", "定期复查", "多喝水少熬夜"],
        "ask": ["{item}需要注意什么？", "{item}有必要做吗？", "{item}挂什么科？"],
        "place": "三甲医院 社区医院 药房 体检中心",
    },
    "cars": {
        "items": {
            "cars-buying": "家用SUV 紧凑型轿车 MPV 二手车 首台车",
            "cars-ev": "纯电车 插混 增程 智驾 电池",
            "cars-maintenance": "保养 换机油 轮胎 洗车 镀晶",
            "cars-driving": "倒车入库 侧方停车 高速 夜间驾驶",
            "cars-accessories": "行车记录仪 车载香薰 脚垫 手机支架",
            "cars-license": "科目二 科目三 驾校 驾照",
            "cars-insurance": "车险 续保 理赔",
            "cars-modding": "轮毂 贴膜 改色 音响改装",
            "cars-motorbikes": "踏板摩托 复古摩托 头盔 骑行装备",
            "cars-charging": "充电桩 家充 超充站 充电卡",
        },
        "en_items": "EV charger, dashcam, first car, driving lessons, car insurance, hybrid SUV",
        "adj": "省心 省油 稳 舒服 安静 实用 好开 划算 靠谱 灵活",
        "good": phrases(
            "百公里电耗很低|开起来很稳|空间够一家人出游|智驾在高速上很省心|保养费用不高|隔音效果不错|停车很好停"
        ),
        "bad": ["车机偶尔卡顿", "冬天续航打折", "后排有点挤", "保险太贵了", "4S店套路多"],
        "scene": ["上下班通勤", "国庆自驾", "雨天开车", "第一次上高速", "接送孩子"],
        "tip": ["多试驾几台再决定", "保养去正规店", "新手先练倒车", "充电避开高峰", "保险多比价"],
        "ask": ["预算{num}买什么{item}？", "{item}到底值不值？", "新手适合开{item}吗？"],
        "place": "4S店 修理厂 驾校 充电站",
    },
    "photography": {
        "items": {
            "photo-phone": "手机拍照 人像模式 夜景模式 广角镜头",
            "photo-portrait": "人像写真 闺蜜照 情侣照 证件照",
            "photo-landscape": "日出 星空 云海 银河",
            "photo-editing": "调色 Lightroom 滤镜 修图预设",
            "photo-film": "胶片相机 135胶卷 冲扫 傻瓜机",
            "photo-poses": "拍照姿势 手部动作 坐姿 侧脸",
            "photo-gear": "三脚架 补光灯 定焦镜头 相机包",
            "photo-video": "vlog剪辑 转场 字幕 调色",
            "photo-street": "街拍 扫街 光影 城市夜景",
            "photo-food": "美食摄影 俯拍 摆盘 自然光",
        },
        "en_items": "film camera, photo preset, tripod, portrait lens, street photography, phone camera",
        "adj": "出片 高级 通透 氛围感 清晰 好看 自然 简单 有质感 温柔",
        "good": phrases(
            "随手一拍都是大片|色调很高级|新手也很容易上手|朋友圈被夸爆了|光影太美了|成片率很高"
        ),
        "bad": ["后期有点费时间", "器材越买越多", "胶卷越来越贵", "夜景噪点有点多"],
        "scene": ["黄金时间", "阴天", "旅行途中", "逛公园", "给{who}拍照"],
        "tip": ["顺光拍人像", "构图用三分法", "曝光宁欠勿过", "多拍几张再挑", "后期别调太过"],
        "ask": ["{item}怎么拍好看？", "新手入门买什么{item}？", "{item}用什么参数？"],
        "place": "公园 海边 老街 天台",
    },
    "crafts": {
        "items": {
            "crafts-knitting": "毛线帽 钩针包 围巾 毛衣 玩偶",
            "crafts-painting": "水彩 油画棒 丙烯 板绘 速写",
            "crafts-calligraphy": "硬笔书法 毛笔字 字帖 钢笔",
            "crafts-pottery": "拉坯 陶艺课 釉色 手捏杯",
            "crafts-diy": "手工皂 滴胶 串珠 木工 改造旧物",
            "crafts-flowers": "花束 插花 干花 永生花",
            "crafts-journal": "手帐本 胶带 印章 拼贴",
            "crafts-sewing": "缝纫机 布包 改衣服 刺绣",
            "crafts-models": "拼装模型 高达 微缩模型 乐高",
            "crafts-candles": "香薰蜡烛 扩香石 蜡片",
        },
        "en_items": "crochet bag, watercolour set, pottery class, candle kit, journal stickers, flower bouquet",
        "adj": "治愈 解压 有成就感 简单 好看 有趣 精致 温暖 上手快 有意思",
        "good": phrases(
            "做完超级有成就感|一下午就完成了|送给{who}很喜欢|特别解压|零基础也能做|成品比想象中好看"
        ),
        "bad": ["材料费有点贵", "第一次做翻车了", "手有点酸", "比想象中费时间"],
        "scene": ["周末在家", "下雨天", "节日前", "下班后", "和{who}一起"],
        "tip": ["先买新手材料包", "慢慢来不要急", "多看教程视频", "工具买好一点的", "做好防护"],
        "ask": ["{item}新手怎么入门？", "{item}材料在哪买？", "{item}难不难？"],
        "place": "手作工作室 文创店 材料市场",
    },
    "entertainment": {
        "items": {
            "ent-movies": "悬疑片 文艺片 动画电影 院线新片 老电影",
            "ent-tv": "古装剧 悬疑剧 美剧 韩剧 下饭剧",
            "ent-music": "歌单 独立乐队 黑胶 民谣",
            "ent-concerts": "演唱会 音乐节 livehouse 内场票",
            "ent-variety": "综艺 脱口秀 恋综 真人秀",
            "ent-anime": "番剧 手办 漫展 cos",
            "ent-stars": "演员 歌手 新专辑 签售",
            "ent-theatre": "话剧 音乐剧 脱口秀专场 沉浸式戏剧",
            "ent-boardgames": "剧本杀 狼人杀 桌游 密室逃脱",
            "ent-podcasts": "播客 有声书 电台",
        },
        "en_items": "binge-worthy series, indie album, music festival, board game night, podcast, escape room",
        "adj": "好看 上头 精彩 下饭 治愈 好笑 感人 烧脑 震撼 值回票价",
        "good": phrases(
            "看完后劲好大|笑到停不下来|全程无尿点|演员演技在线|音乐一响就起鸡皮疙瘩|一口气追完了|剧情反转太精彩"
        ),
        "bad": ["结局有点仓促", "票太难抢了", "节奏有点慢", "广告太多", "座位视野一般"],
        "scene": ["周五晚上", "一个人在家", "和{who}一起", "下班后", "假期"],
        "tip": ["提前看看简介", "选中间偏后的位置", "带个充电宝", "别被剧透", "早点去排队"],
        "ask": ["有什么类似{item}的推荐？", "{item}值得去吗？", "{item}怎么抢票？"],
        "place": "电影院 剧场 livehouse 体育馆",
    },
    "emotions": {
        "items": {
            "emo-love": "异地恋 暗恋 表白 恋爱日常 纪念日",
            "emo-marriage": "婚后生活 婆媳关系 家务分工 结婚纪念",
            "emo-family": "和爸妈沟通 原生家庭 回家过年",
            "emo-friends": "友情 闺蜜 老朋友 朋友聚会",
            "emo-growth": "自我成长 断舍离 早起 情绪稳定",
            "emo-wedding": "婚纱 婚礼布置 伴手礼 婚纱照",
            "emo-single": "单身生活 一人食 独居",
            "emo-social": "社恐 聊天技巧 拒绝别人",
            "emo-stories": "真实故事 小确幸 治愈瞬间",
            "emo-advice": "纠结 分手 求助 心事",
        },
        "en_items": "long-distance relationship, wedding planning, self-care routine, friendship, first date",
        "adj": "温暖 治愈 真实 清醒 感动 踏实 轻松 勇敢 自在 释怀",
        "good": phrases(
            "说出来心里好受多了|我们的关系更近了|学会了和自己和解|收到了好多温暖|慢慢变得更好了|终于放下了"
        ),
        "bad": ["有时候还是会难过", "沟通真的很难", "意见总是不一致", "聚少离多"],
        "scene": ["深夜睡不着", "纪念日那天", "过年回家", "下班路上", "和{who}聊天后"],
        "tip": ["真诚是最好的沟通", "先照顾好自己", "给彼此一点空间", "有话直说", "别憋在心里"],
        "ask": ["遇到{item}该怎么办？", "你们是怎么处理{item}的？", "{item}正常吗？"],
        "place": "咖啡店 江边 家里 公园",
    },
    "sports": {
        "items": {
            "sports-football": "五人制 足球鞋 球队 踢球",
            "sports-basketball": "篮球鞋 三分 野球 篮球场",
            "sports-badminton": "羽毛球拍 双打 羽毛球馆",
            "sports-tennis": "网球拍 网球课 底线",
            "sports-skiing": "单板 双板 雪场 滑雪服",
            "sports-surfing": "冲浪板 冲浪课 浪点",
            "sports-climbing": "抱石 攀岩馆 攀岩鞋",
            "sports-frisbee": "飞盘 腰旗橄榄球 草坪",
            "sports-golf": "高尔夫球杆 练习场 挥杆",
            "sports-martial": "拳击 泰拳 太极 跆拳道",
        },
        "en_items": "tennis racket, ski trip, climbing gym, surf lesson, badminton club, frisbee game",
        "adj": "过瘾 解压 专业 有趣 刺激 好上手 舒服 痛快 稳 带劲",
        "good": phrases(
            "出一身汗太痛快了|认识了好多新朋友|教练很耐心|进步肉眼可见|一下午过得飞快|装备轻便好用"
        ),
        "bad": ["场地太难订了", "容易受伤", "装备有点贵", "学费不便宜", "天气影响很大"],
        "scene": ["周末早上", "下班后", "和{who}约球", "冬天", "假期"],
        "tip": ["一定要热身", "先上几节体验课", "装备别一步到位", "注意防晒", "量力而行"],
        "ask": ["零基础学{item}难吗？", "{item}装备怎么选？", "{city}哪里可以玩{item}？"],
        "place": "球馆 雪场 海边 体育中心",
    },
    "life": {
        "items": {
            "life-tips": "生活小技巧 除味 去污 收纳 省电",
            "life-shopping": "好物 宝藏好物 小家电 日用品",
            "life-moving": "搬家 打包 新家 搬家公司",
            "life-saving": "省钱 攒钱 比价 薅羊毛",
            "life-city": "城市生活 通勤 下班生活 咖啡店",
            "life-rural": "乡村生活 种菜 赶集 农家乐",
            "life-vlog": "日常 早餐 周末 一人食",
            "life-festivals": "年夜饭 中秋月饼 圣诞 春节",
            "life-gifts": "生日礼物 送男友 送闺蜜 伴手礼",
            "life-secondhand": "二手 闲置 断舍离 转卖",
        },
        "en_items": "life hack, moving checklist, gift idea, budget plan, second-hand find, tote organiser",
        "adj": "实用 省钱 方便 治愈 好用 划算 有趣 贴心 轻松 简单",
        "good": phrases(
            "每个月省下好几百|生活幸福感提升|{who}收到超开心|一次就学会了|真的很省事|家里清爽多了"
        ),
        "bad": ["有点麻烦", "没有想象中好用", "快递太慢了", "质量一般", "坑有点多"],
        "scene": ["周末在家", "月底", "搬家那天", "过节前", "下班回家"],
        "tip": ["先列清单再买", "多比价", "不需要的别囤", "记得保留发票", "二手交易当面验货"],
        "ask": ["{item}有什么推荐？", "{item}怎么省钱？", "{item}要注意什么？"],
        "place": "超市 菜市场 小区 商场",
    },
}
