# ruff: noqa: E501 - word lists read better one category per line
"""Category vocabulary, part 1: food, travel, beauty, fashion, outfits, home, parenting,
fitness, pets, tech. Word lists are space-separated; sentence lists may use grammar symbols."""

from __future__ import annotations

from typing import Any

from grassroots.seed.lexicon import phrases

VOCAB: dict[str, dict[str, Any]] = {
    "food": {
        "items": {
            "food-restaurants": "川菜馆 本帮菜 日料店 烧烤摊 老字号面馆 bistro 粤式茶餐厅 云南菜 苍蝇馆子",
            "food-home-cooking": "红烧肉 番茄炒蛋 可乐鸡翅 酸菜鱼 糖醋排骨 麻婆豆腐 土豆炖牛腩 蒜蓉西兰花",
            "food-baking": "巴斯克蛋糕 戚风蛋糕 欧包 曲奇 贝果 蛋挞 司康 吐司",
            "food-drinks": "冷萃咖啡 柠檬茶 生椰拿铁 杨枝甘露 乌龙奶茶 气泡水 手冲咖啡 桂花酒酿",
            "food-wine": "红酒 精酿啤酒 梅子酒 威士忌 清酒 起泡酒 黄酒 果酒",
            "food-snacks": "辣条 坚果 海苔 牛肉干 薯片 果干 鸭脖 魔芋爽",
            "food-breakfast": "燕麦杯 三明治 手抓饼 豆浆油条 生煎 肠粉 热干面 煎饼果子",
            "food-healthy": "鸡胸肉 藜麦沙拉 杂粮饭 减脂便当 燕麦 魔芋面 牛油果吐司 虾仁西兰花",
            "food-hotpot": "牛油火锅 潮汕牛肉锅 椰子鸡 菌汤锅 串串香 番茄锅 豆花鱼火锅 毛肚",
            "food-desserts": "提拉米苏 双皮奶 芋泥波波 冰粉 舒芙蕾 糖水 班戟 芒果千层",
        },
        "en_items": "ramen spot, hotpot place, sourdough, cold brew, dumplings, matcha latte, bakery, cheesecake",
        "adj": "好吃 香 下饭 地道 鲜 嫩 解馋 惊艳 上头 治愈",
        "good": phrases(
            "味道{intens}正，一口就爱上|分量很足，两个人吃撑|锅气十足|肉质很嫩不柴|甜度刚刚好不腻|汤底{intens}鲜|上菜速度很快|老板人超好还送了小菜|人均{num}吃得很满足|做法超简单，厨房小白也能成功|酸甜开胃超级下饭|外酥里嫩|奶香味很浓|用料很实在|回味里有一点焦香|冷了也不腥"
        ),
        "bad": phrases(
            "排队要一个多小时|有点偏咸|环境比较吵|价格这两年涨了不少|服务员有点忙不过来|油有点大|甜得发齁|分量变少了|停车不方便|口味偏重"
        ),
        "scene": phrases(
            "下班饿到不行|周末和{who}聚餐|一个人的晚饭|深夜嘴馋|带{who}去尝鲜|减脂期忍不住|早上赶时间|朋友来家里做客"
        ),
        "tip": phrases(
            "提前一天小程序排号|酱汁按一比一调|记得先焯水去腥|烤箱一定要预热|点招牌菜就不会错|工作日中午去不用排队|少放糖更好吃|冷藏一晚味道更好"
        ),
        "ask": phrases(
            "开了的红酒还能放多久？|{city}有什么必吃的小馆子？|{item}怎么做才不失败？|空气炸锅能做{item}吗？|减脂期可以吃{item}吗？"
        ),
        "place": "老街小馆 夜市 商场五楼 巷子深处的小店 网红店 社区菜场旁边 江边餐厅",
    },
    "travel": {
        "items": {
            "travel-guides": "三天两晚攻略 行程表 旅行清单 省钱攻略 小众路线 特种兵路线",
            "travel-hotels": "海景民宿 亲子酒店 胶囊酒店 森林木屋 温泉酒店 设计师民宿 青旅",
            "travel-citywalk": "老城区 梧桐区 骑楼街 江边步道 胡同 历史街区 菜市场",
            "travel-camping": "帐篷 天幕 露营车 营地 睡袋 卡式炉 折叠椅 星空灯",
            "travel-abroad": "东京自由行 曼谷 新加坡 冰岛自驾 巴黎 首尔 清迈 伊斯坦布尔",
            "travel-roadtrip": "川西环线 318国道 环海南岛 青甘大环线 新疆独库公路 滇西北",
            "travel-islands": "涠洲岛 南麂岛 长岛 浔埔 巴厘岛 普吉岛 仙本那 东山岛",
            "travel-museums": "故宫 三星堆 陕西历史博物馆 苏州博物馆 上海博物馆 敦煌 科技馆",
            "travel-weekend": "周边古镇 郊区农场 山顶咖啡 温泉 徒步线路 采摘园 湖边骑行",
            "travel-visa": "日本签证 申根签 美签面签 泰国落地签 英国签证 韩国签证",
        },
        "en_items": "road trip, itinerary, boutique hotel, island hopping, museum pass, weekend getaway, campsite",
        "adj": "出片 治愈 小众 惬意 震撼 方便 绝美 人少 划算 值得",
        "good": phrases(
            "随手一拍就是壁纸|人少景美|交通比想象中方便|住宿干净还便宜|日落美到失语|早上推开窗就是海|当地人特别热情|路线安排得很顺|一路上都在惊叹|空气都是甜的|性价比吊打网红景点|带老人小孩也不累"
        ),
        "bad": phrases(
            "节假日人山人海|景区里面吃饭很贵|山路有点晕车|民宿隔音一般|天气说变就变|排队两小时拍照五分钟|打车很难|攻略上的店已经关了"
        ),
        "scene": phrases(
            "{when}请了年假|和{who}说走就走|一个人出发|带着爸妈出游|周末两天来回|下雨天逛博物馆|清晨五点起床看日出"
        ),
        "tip": phrases(
            "提前一周订票更便宜|带好防晒和雨伞|避开节假日高峰|下载离线地图|穿舒服的鞋|傍晚去光线最好|景区门票网上买|行李越少越好"
        ),
        "ask": phrases(
            "{city}三天怎么安排？|第一次去{item}要注意什么？|带娃去{city}住哪里方便？|{item}需要提前多久准备？|{when}去{city}会不会人很多？"
        ),
        "place": "古镇 海边 山顶 民宿 老街 湖边 寺庙 小岛 草原 峡谷",
    },
    "beauty": {
        "items": {
            "beauty-skincare": "精华 面霜 水乳 面膜 眼霜 A醇 烟酰胺 修护霜",
            "beauty-makeup": "粉底液 口红 眼影盘 腮红 遮瑕 气垫 眉笔 散粉",
            "beauty-sunscreen": "防晒霜 防晒喷雾 物理防晒 防晒乳 防晒棒 防晒霜SPF50",
            "beauty-perfume": "木质香 柑橘调香水 白花香 淡香水 香氛 小众香",
            "beauty-haircare": "洗发水 护发精油 发膜 卷发棒 吹风机 头皮精华",
            "beauty-nails": "猫眼美甲 法式美甲 穿戴甲 甲油胶 短甲款式 腮红甲",
            "beauty-bodycare": "身体乳 磨砂膏 沐浴露 护手霜 香体喷雾 身体精油",
            "beauty-tools": "美妆蛋 化妆刷 睫毛夹 美容仪 洁面仪 修眉刀",
            "beauty-mens": "男士洗面奶 剃须刀 男士面霜 控油爽肤水 男士防晒",
            "beauty-cleansing": "卸妆油 卸妆膏 氨基酸洗面奶 洁面泡沫 卸妆水",
        },
        "en_items": "serum, moisturiser, sunscreen, lipstick, cushion foundation, cleansing balm, perfume, hair oil",
        "adj": "好用 温和 水润 服帖 显白 清爽 保湿 持妆 不闷痘 高级",
        "good": phrases(
            "上脸很服帖|吸收很快不粘腻|敏感肌用着也不刺激|持妆一整天|味道很高级|用完皮肤透亮了|成膜快不搓泥|颜色黄皮也能驾驭|保湿力在线|性价比吊打大牌|质地轻薄像水一样|干皮油皮都适合"
        ),
        "bad": phrases(
            "有点搓泥|味道有点冲|容易氧化暗沉|包装设计不太方便|量太少了|价格有点劝退|夏天用有点闷|泵头容易堵"
        ),
        "scene": phrases("早八通勤|熬夜之后|换季烂脸期|出门约会前|夏天户外|上班带妆十小时"),
        "tip": phrases(
            "一定要先做皮试|少量多次上脸|和保湿一起用效果翻倍|出门前半小时涂|记得清洁到位|建立耐受再加量|搭配湿敷更好"
        ),
        "ask": phrases(
            "敏感肌能用{item}吗？|{item}和精华的顺序是什么？|油皮夏天用什么{item}？|孕期可以用{item}吗？|{item}需要卸妆吗？"
        ),
        "place": "专柜 免税店 美妆集合店 药房",
    },
    "fashion": {
        "items": {
            "fashion-bags": "托特包 腋下包 双肩包 帆布包 链条包 水桶包 通勤包",
            "fashion-shoes": "乐福鞋 小白鞋 马丁靴 德训鞋 玛丽珍鞋 跑鞋 切尔西靴",
            "fashion-jewelry": "珍珠耳环 金项链 银手镯 叠戴戒指 耳骨夹 锁骨链",
            "fashion-watches": "机械表 石英表 智能手表 复古表 钢带表",
            "fashion-glasses": "板材眼镜 钛架眼镜 墨镜 防蓝光眼镜 无框眼镜",
            "fashion-hats": "渔夫帽 棒球帽 贝雷帽 毛线帽 草帽",
            "fashion-vintage": "古着外套 vintage连衣裙 中古包 古着衬衫 老花丝巾",
            "fashion-luxury": "经典款手袋 大牌丝巾 入门款钱包 奢品腰带 中古奢品",
            "fashion-streetwear": "卫衣 工装裤 冲锋衣 老爹鞋 潮牌T恤",
            "fashion-hanfu": "马面裙 宋制汉服 明制汉服 发簪 云肩 披帛",
        },
        "en_items": "tote bag, loafers, sneakers, pearl earrings, vintage jacket, sunglasses, bucket hat",
        "adj": "百搭 高级 耐看 显瘦 复古 精致 实用 能装 舒服 有质感",
        "good": phrases(
            "容量大到能塞下电脑|做工比想象中好|怎么搭都不出错|上脚不磨脚|颜色很正很高级|轻到几乎没感觉|细节处理很用心|被好几个同事问链接|越看越耐看|五金很有分量"
        ),
        "bad": phrases("尺码偏小一码|皮面容易刮花|颜色和图片有色差|有点重|走线有瑕疵|价格虚高"),
        "scene": ["上班通勤", "周末逛街", "出门旅行", "参加婚礼", "和{who}约会", "日常上学"],
        "tip": phrases("建议拍大一码|买前先量好尺寸|记得做好防水护理|深色更耐脏|蹲大促入手更划算"),
        "ask": ["{item}选什么颜色百搭？", "{item}尺码偏大还是偏小？", "学生党第一只{item}买哪个？"],
        "place": "商场 买手店 中古店 专柜 集合店",
    },
    "outfits": {
        "items": {
            "outfits-daily": "基础款T恤 针织开衫 直筒牛仔裤 衬衫 半身裙 卫衣",
            "outfits-commute": "西装外套 通勤裤 衬衫裙 风衣 乐福鞋 针织背心",
            "outfits-petite": "短款外套 高腰裤 九分裤 短款针织 A字裙",
            "outfits-plus": "阔腿裤 宽松衬衫 伞裙 显瘦连衣裙 长款开衫",
            "outfits-dates": "碎花裙 法式衬衫 小香风外套 珍珠开衫 吊带裙",
            "outfits-winter": "羽绒服 大衣 毛衣 围巾 雪地靴 加绒裤",
            "outfits-summer": "亚麻衬衫 短裤 吊带 凉鞋 防晒衣 背心裙",
            "outfits-mens": "工装夹克 卫裤 polo衫 牛仔外套 休闲西装",
            "outfits-sport": "瑜伽裤 运动内衣 冲锋衣 运动短裙 速干T恤",
            "outfits-kids": "童装卫衣 儿童羽绒服 小裙子 亲子装 儿童运动鞋",
        },
        "en_items": "trench coat, linen shirt, wide-leg jeans, knit cardigan, slip dress, puffer jacket",
        "adj": "显瘦 显高 温柔 清爽 有气质 舒适 松弛 利落 减龄 好搭",
        "good": phrases(
            "一秒显瘦五斤|小个子穿也不压身高|面料舒服不起球|版型很挺括|颜色温柔很显白|一衣多穿太划算了|通勤和约会都能穿|腰线位置刚刚好"
        ),
        "bad": ["洗了一次就缩水", "面料有点透", "袖子偏长", "容易皱", "颜色比图片暗"],
        "scene": ["早八赶时间", "面试那天", "周末出游", "换季不知道穿什么", "和{who}拍照"],
        "tip": phrases(
            "上短下长显高|同色系最不容易出错|腰带是灵魂|鞋子和包同色更高级|袖子挽起来更随性"
        ),
        "ask": ["{item}配什么鞋？", "梨形身材怎么穿{item}？", "155穿{item}会不会压个子？"],
        "place": "商场 快时尚店 淘宝店 买手店",
    },
    "home": {
        "items": {
            "home-decor": "奶油风客厅 微水泥 全屋定制 开放式厨房 吊顶 墙面漆",
            "home-storage": "收纳盒 洞洞板 抽屉分隔 真空压缩袋 衣柜收纳 挂钩",
            "home-cleaning": "扫地机器人 洗地机 除螨仪 清洁剂 拖把 厨房湿巾",
            "home-appliances": "洗碗机 空气炸锅 烘干机 净水器 空调 冰箱",
            "home-furniture": "沙发 书桌 床垫 餐桌 人体工学椅 电视柜",
            "home-kitchen": "铸铁锅 刀具 电饭煲 保鲜盒 料理机 砧板",
            "home-bedding": "四件套 乳胶枕 羽绒被 凉席 床垫保护罩",
            "home-plants": "龟背竹 琴叶榕 多肉 绿萝 尤加利 水培植物",
            "home-rental": "出租屋改造 地贴 桌布 氛围灯 窗帘 地毯",
            "home-smart": "智能门锁 智能音箱 扫拖机器人 智能灯 智能窗帘 摄像头",
        },
        "en_items": "robot vacuum, dishwasher, sofa, storage boxes, air fryer, bedding set, smart lock",
        "adj": "实用 省心 好用 耐用 颜值高 安静 好收纳 百搭 高级 治愈",
        "good": phrases(
            "解放双手太爽了|噪音比想象中小很多|颜值在线和家里很搭|安装师傅很专业|空间一下子大了|清洁力惊人|用了{days}没出过问题|一个人在家也能搞定|做家务的时间省了一半|细节做得很用心"
        ),
        "bad": phrases("噪音有点大|占地方|耗材有点贵|安装等了好久|app不太好用|边角清洁不到"),
        "scene": ["周末大扫除", "刚搬进新家", "下班回家累瘫", "家里来客人前", "梅雨季"],
        "tip": phrases(
            "买之前量好尺寸|先规划动线再买家具|收纳按使用频率分区|滤网记得定期换|选静音款"
        ),
        "ask": ["{item}值得买吗？", "小户型怎么选{item}？", "租房能用{item}吗？"],
        "place": "宜家 家居卖场 建材市场 二手平台",
    },
    "parenting": {
        "items": {
            "parenting-strollers": "婴儿推车 高景观推车 轻便伞车 遛娃神器 双向推车",
            "parenting-feeding": "奶瓶 辅食机 吸奶器 奶粉 辅食碗 学饮杯",
            "parenting-diapers": "纸尿裤 拉拉裤 隔尿垫 湿巾 护臀膏",
            "parenting-pregnancy": "孕妇枕 叶酸 孕妇装 防妊娠纹霜 待产包",
            "parenting-toys": "积木 绘本 磁力片 早教机 摇铃 滑板车",
            "parenting-education": "早教课 英语启蒙 绘本阅读 感统训练 亲子游戏",
            "parenting-carseats": "安全座椅 提篮 增高垫 isofix座椅",
            "parenting-sleep": "睡袋 婴儿床 白噪音机 哄睡神器 小夜灯",
            "parenting-health": "退烧贴 耳温枪 洗鼻器 益生菌 维D滴剂",
            "parenting-postpartum": "月子餐 产后修复 束腹带 月嫂 哺乳内衣",
        },
        "en_items": "stroller, car seat, baby carrier, bottle warmer, sleep sack, board books",
        "adj": "省心 安全 轻便 好用 实用 柔软 好推 靠谱 贴心 耐用",
        "good": phrases(
            "单手就能收车|宝宝坐着很舒服|材质安全没异味|宝宝很喜欢|带出门一点都不累|夜里喂奶方便多了|解放了老母亲的双手|做工很扎实|清洗很方便|睡眠时间明显变长"
        ),
        "bad": ["有点重", "折叠后还是挺占地方", "配件要另外买", "价格不便宜", "说明书写得不清楚"],
        "scene": ["带娃下楼遛弯", "夜里喂奶", "周末出门", "宝宝几个月大的时候", "回老家路上"],
        "tip": phrases(
            "买之前去实体店推一推|选能平躺的款|一定要看安全认证|提前囤一点不要太多|多问问过来人"
        ),
        "ask": ["宝宝几个月可以用{item}？", "{item}选哪个牌子？", "新生儿需要准备{item}吗？"],
        "place": "母婴店 商场 妇幼医院旁",
    },
    "fitness": {
        "items": {
            "fitness-gym": "深蹲 硬拉 卧推 器械训练 私教课 团课",
            "fitness-yoga": "流瑜伽 阴瑜伽 瑜伽垫 拜日式 瑜伽砖",
            "fitness-running": "跑鞋 配速 半马 晨跑 夜跑 跑步机",
            "fitness-home": "帕梅拉 跳操 哑铃 弹力带 HIIT 泡沫轴",
            "fitness-weightloss": "减脂 热量缺口 体脂秤 轻断食 有氧",
            "fitness-pilates": "普拉提 核心床 普拉提环 核心训练",
            "fitness-swimming": "自由泳 蛙泳 泳镜 泳帽 游泳馆",
            "fitness-cycling": "公路车 骑行服 动感单车 骑行头盔",
            "fitness-gear": "运动手表 筋膜枪 护膝 运动背包 速干衣",
            "fitness-hiking": "登山杖 徒步鞋 冲锋衣 徒步路线 头灯",
        },
        "en_items": "running shoes, yoga mat, dumbbells, pilates class, foam roller, fitness tracker",
        "adj": "有效 舒服 轻 专业 耐磨 好用 燃脂 减压 稳 灵活",
        "good": phrases(
            "坚持{days}瘦了五斤|跑起来脚感很软|体态明显变好了|睡眠质量提高了|核心力量变强|出汗很爽|膝盖没有不舒服|打卡第{count}周还在坚持"
        ),
        "bad": ["第二天腿酸到下不了楼", "有点贵", "容易受伤要注意", "需要很强的自律", "场馆人太多"],
        "scene": ["下班后", "早起空腹", "周末", "和健身搭子一起", "在家没器械"],
        "tip": ["热身一定要做", "循序渐进别急", "动作标准比重量重要", "多喝水", "练完拉伸"],
        "ask": ["新手怎么开始{item}？", "{item}一周几次合适？", "膝盖不好能做{item}吗？"],
        "place": "健身房 公园 操场 游泳馆 山里",
    },
    "pets": {
        "items": {
            "pets-cats": "布偶猫 橘猫 英短 猫爬架 逗猫棒 猫砂盆",
            "pets-dogs": "柯基 金毛 柴犬 泰迪 狗绳 狗窝",
            "pets-food": "冻干 主粮 猫罐头 自制猫饭 狗粮 零食",
            "pets-health": "驱虫 疫苗 绝育 体检 软便 皮肤病",
            "pets-training": "定点上厕所 随行训练 社会化 拆家",
            "pets-supplies": "自动喂食器 饮水机 猫砂 航空箱 宠物背包",
            "pets-adoption": "领养 救助 流浪猫 临时寄养",
            "pets-small": "仓鼠 兔子 龙猫 鹦鹉 乌龟",
            "pets-aquarium": "鱼缸 孔雀鱼 水草缸 过滤器",
            "pets-grooming": "洗澡 剪指甲 美容 梳毛 除臭",
        },
        "en_items": "cat tree, freeze-dried treats, dog harness, litter box, pet fountain",
        "adj": "可爱 省心 好用 安全 爱吃 健康 粘人 乖 治愈 方便",
        "good": phrases(
            "主子吃得很香|毛发变得亮亮的|每天回家都有人迎接|一点异味都没有|它终于不挑食了|安静又粘人|上厕所特别规律|体检结果全部正常"
        ),
        "bad": ["掉毛太严重了", "拆家拆到崩溃", "有点挑食", "价格有点贵", "半夜跑酷吵得睡不着"],
        "scene": ["刚到家第一周", "出差寄养", "夏天", "换粮期间", "带它出门散步"],
        "tip": ["换粮要七天过渡", "定期驱虫", "从小做社会化", "多陪它玩", "及时去正规医院"],
        "ask": ["{item}一天喂几次？", "猫咪{item}怎么办？", "第一次养狗要准备什么？"],
        "place": "宠物医院 宠物店 猫咖 公园",
    },
    "tech": {
        "items": {
            "tech-phones": "折叠屏手机 影像旗舰 备用机 手机壳 手机膜",
            "tech-laptops": "轻薄本 游戏本 MacBook 二合一笔记本 拓展坞",
            "tech-audio": "降噪耳机 蓝牙音箱 开放式耳机 有线耳机 回音壁",
            "tech-cameras": "微单 运动相机 拍立得 CCD相机 镜头",
            "tech-tablets": "平板 电子书阅读器 手写笔 平板支架",
            "tech-wearables": "智能手表 手环 智能戒指 AR眼镜",
            "tech-gaming": "游戏机 手柄 机械键盘 电竞显示器 游戏耳机",
            "tech-accessories": "充电宝 氮化镓充电器 数据线 读卡器 移动硬盘",
            "tech-apps": "记账App 笔记App 效率工具 番茄钟 学习App",
            "tech-desk": "显示器支架 桌面灯 升降桌 人体工学键盘 桌垫",
        },
        "en_items": "noise-cancelling headphones, mechanical keyboard, e-reader, laptop stand, power bank",
        "adj": "流畅 好用 续航强 轻薄 清晰 安静 稳定 顺手 高效 耐用",
        "good": phrases(
            "续航一整天没问题|降噪效果拉满|拍照色彩很讨喜|系统很流畅不卡|充电速度飞快|做工很有质感|打字手感一流|和其他设备联动很方便|效率提升了不少|轻到可以单手拿"
        ),
        "bad": ["发热有点严重", "价格不太友好", "系统广告有点多", "配件都要另买", "售后流程太慢"],
        "scene": ["通勤路上", "出差", "熬夜赶工", "打游戏", "图书馆自习"],
        "tip": phrases(
            "等官方降价再入|买之前看看评测视频|记得买延保|系统更新前先备份|选大存储版本"
        ),
        "ask": ["学生党买什么{item}？", "{item}值得升级吗？", "预算{num}买哪款{item}？"],
        "place": "官方旗舰店 线下体验店 数码城 二手平台",
    },
}
