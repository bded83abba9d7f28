"""The shipped two-level category taxonomy: 20 top categories, 200 sub-categories.

Each entry is (slug, 中文名, English name). Loaded into Category by a data migration through
`sync_taxonomy`, which upserts by slug, so editing this list plus a migration that calls it
again is how the taxonomy changes.
"""

from __future__ import annotations

from typing import Any

Entry = tuple[str, str, str]

# One line per pair of sub-categories reads better than the formatter's one per line (a few
# lines pass 100 columns because ruff counts CJK characters as two).
# fmt: off
TAXONOMY: list[tuple[Entry, list[Entry]]] = [
    (("food", "美食", "Food"), [
        ("food-restaurants", "探店", "Restaurants"), ("food-home-cooking", "家常菜", "Home cooking"),  # noqa: E501
        ("food-baking", "烘焙", "Baking"), ("food-drinks", "饮品", "Drinks"),
        ("food-wine", "酒类", "Wine & spirits"), ("food-snacks", "零食", "Snacks"),
        ("food-breakfast", "早餐", "Breakfast"), ("food-healthy", "减脂餐", "Healthy meals"),
        ("food-hotpot", "火锅", "Hotpot"), ("food-desserts", "甜品", "Desserts"),
    ]),
    (("travel", "旅行", "Travel"), [
        ("travel-guides", "攻略", "Guides"), ("travel-hotels", "酒店民宿", "Hotels & B&Bs"),
        ("travel-citywalk", "城市漫步", "City walks"), ("travel-camping", "露营", "Camping"),
        ("travel-abroad", "出境游", "Abroad"), ("travel-roadtrip", "自驾", "Road trips"),
        ("travel-islands", "海岛", "Islands"), ("travel-museums", "博物馆", "Museums"),
        ("travel-weekend", "周末去哪", "Weekend trips"), ("travel-visa", "签证", "Visas"),
    ]),
    (("beauty", "美妆", "Beauty"), [
        ("beauty-skincare", "护肤", "Skincare"), ("beauty-makeup", "彩妆", "Makeup"),
        ("beauty-sunscreen", "防晒", "Sunscreen"), ("beauty-perfume", "香水", "Perfume"),
        ("beauty-haircare", "护发", "Hair care"), ("beauty-nails", "美甲", "Nails"),
        ("beauty-bodycare", "身体护理", "Body care"), ("beauty-tools", "美妆工具", "Beauty tools"),
        ("beauty-mens", "男士护理", "Men's care"), ("beauty-cleansing", "卸妆洁面", "Cleansing"),
    ]),
    (("fashion", "时尚", "Fashion"), [
        ("fashion-bags", "包包", "Bags"), ("fashion-shoes", "鞋子", "Shoes"),
        ("fashion-jewelry", "首饰", "Jewellery"), ("fashion-watches", "手表", "Watches"),
        ("fashion-glasses", "眼镜", "Glasses"), ("fashion-hats", "帽子", "Hats"),
        ("fashion-vintage", "古着", "Vintage"), ("fashion-luxury", "奢品", "Luxury"),
        ("fashion-streetwear", "潮牌", "Streetwear"), ("fashion-hanfu", "汉服", "Hanfu"),
    ]),
    (("outfits", "穿搭", "Outfits"), [
        ("outfits-daily", "日常穿搭", "Everyday"), ("outfits-commute", "通勤", "Commute"),
        ("outfits-petite", "小个子", "Petite"), ("outfits-plus", "微胖", "Plus size"),
        ("outfits-dates", "约会", "Dates"), ("outfits-winter", "冬季", "Winter"),
        ("outfits-summer", "夏季", "Summer"), ("outfits-mens", "男生穿搭", "Men's outfits"),
        ("outfits-sport", "运动风", "Sporty"), ("outfits-kids", "童装", "Kids' wear"),
    ]),
    (("home", "家居", "Home"), [
        ("home-decor", "装修", "Renovation"), ("home-storage", "收纳", "Storage"),
        ("home-cleaning", "清洁", "Cleaning"), ("home-appliances", "家电", "Appliances"),
        ("home-furniture", "家具", "Furniture"), ("home-kitchen", "厨房好物", "Kitchen"),
        ("home-bedding", "床品", "Bedding"), ("home-plants", "绿植", "Plants"),
        ("home-rental", "租房改造", "Rental makeovers"), ("home-smart", "智能家居", "Smart home"),
    ]),
    (("parenting", "母婴", "Parenting"), [
        ("parenting-strollers", "婴儿车", "Strollers"), ("parenting-feeding", "喂养", "Feeding"),
        ("parenting-diapers", "纸尿裤", "Diapers"), ("parenting-pregnancy", "孕期", "Pregnancy"),
        ("parenting-toys", "玩具", "Toys"), ("parenting-education", "早教", "Early learning"),
        ("parenting-carseats", "安全座椅", "Car seats"), ("parenting-sleep", "睡眠", "Baby sleep"),
        ("parenting-health", "宝宝健康", "Baby health"), ("parenting-postpartum", "产后", "Postpartum"),  # noqa: E501
    ]),
    (("fitness", "健身", "Fitness"), [
        ("fitness-gym", "健身房", "Gym"), ("fitness-yoga", "瑜伽", "Yoga"),
        ("fitness-running", "跑步", "Running"), ("fitness-home", "居家健身", "Home workouts"),
        ("fitness-weightloss", "减脂", "Weight loss"), ("fitness-pilates", "普拉提", "Pilates"),
        ("fitness-swimming", "游泳", "Swimming"), ("fitness-cycling", "骑行", "Cycling"),
        ("fitness-gear", "运动装备", "Gear"), ("fitness-hiking", "徒步", "Hiking"),
    ]),
    (("pets", "萌宠", "Pets"), [
        ("pets-cats", "猫咪", "Cats"), ("pets-dogs", "狗狗", "Dogs"),
        ("pets-food", "宠物粮", "Pet food"), ("pets-health", "宠物健康", "Pet health"),
        ("pets-training", "训练", "Training"), ("pets-supplies", "宠物用品", "Supplies"),
        ("pets-adoption", "领养", "Adoption"), ("pets-small", "小宠", "Small pets"),
        ("pets-aquarium", "水族", "Aquarium"), ("pets-grooming", "洗护", "Grooming"),
    ]),
    (("tech", "数码", "Tech"), [
        ("tech-phones", "手机", "Phones"), ("tech-laptops", "电脑", "Laptops"),
        ("tech-audio", "耳机音响", "Audio"), ("tech-cameras", "相机", "Cameras"),
        ("tech-tablets", "平板", "Tablets"), ("tech-wearables", "穿戴设备", "Wearables"),
        ("tech-gaming", "游戏", "Gaming"), ("tech-accessories", "数码配件", "Accessories"),
        ("tech-apps", "App推荐", "Apps"), ("tech-desk", "桌面搭建", "Desk setups"),
    ]),
    (("study", "学习", "Study"), [
        ("study-exams", "考试", "Exams"), ("study-english", "英语", "English"),
        ("study-languages", "小语种", "Languages"), ("study-abroad", "留学", "Study abroad"),
        ("study-postgrad", "考研", "Postgraduate exams"), ("study-methods", "学习方法", "Methods"),
        ("study-stationery", "文具", "Stationery"), ("study-books", "读书", "Books"),
        ("study-courses", "网课", "Online courses"), ("study-kids", "中小学", "School"),
    ]),
    (("career", "职场", "Career"), [
        ("career-jobhunt", "求职", "Job hunting"), ("career-interviews", "面试", "Interviews"),
        ("career-resume", "简历", "Résumés"), ("career-office", "办公技巧", "Office skills"),
        ("career-sidejobs", "副业", "Side jobs"), ("career-startup", "创业", "Start-ups"),
        ("career-finance", "理财", "Personal finance"), ("career-civil", "考公", "Civil service"),
        ("career-change", "转行", "Career change"), ("career-workplace", "职场关系", "Workplace"),
    ]),
    (("health", "健康", "Health"), [
        ("health-sleep", "睡眠", "Sleep"), ("health-nutrition", "营养", "Nutrition"),
        ("health-mental", "心理", "Mental health"), ("health-tcm", "中医养生", "TCM"),
        ("health-dental", "口腔", "Dental"), ("health-eyes", "眼睛", "Eyes"),
        ("health-skin", "皮肤问题", "Skin problems"), ("health-women", "女性健康", "Women's health"),  # noqa: E501
        ("health-checkup", "体检", "Check-ups"), ("health-medicine", "常备药", "Medicine"),
    ]),
    (("cars", "汽车", "Cars"), [
        ("cars-buying", "选车", "Buying"), ("cars-ev", "新能源", "EVs"),
        ("cars-maintenance", "保养", "Maintenance"), ("cars-driving", "驾驶技巧", "Driving"),
        ("cars-accessories", "车品", "Car accessories"), ("cars-license", "驾照", "Licences"),
        ("cars-insurance", "车险", "Insurance"), ("cars-modding", "改装", "Modding"),
        ("cars-motorbikes", "摩托", "Motorbikes"), ("cars-charging", "充电", "Charging"),
    ]),
    (("photography", "摄影", "Photography"), [
        ("photo-phone", "手机摄影", "Phone photography"), ("photo-portrait", "人像", "Portraits"),
        ("photo-landscape", "风光", "Landscape"), ("photo-editing", "修图", "Editing"),
        ("photo-film", "胶片", "Film"), ("photo-poses", "拍照姿势", "Poses"),
        ("photo-gear", "摄影器材", "Gear"), ("photo-video", "视频剪辑", "Video editing"),
        ("photo-street", "街拍", "Street"), ("photo-food", "美食摄影", "Food photography"),
    ]),
    (("crafts", "手工", "Crafts"), [
        ("crafts-knitting", "编织", "Knitting"), ("crafts-painting", "绘画", "Painting"),
        ("crafts-calligraphy", "书法", "Calligraphy"), ("crafts-pottery", "陶艺", "Pottery"),
        ("crafts-diy", "DIY", "DIY"), ("crafts-flowers", "花艺", "Floristry"),
        ("crafts-journal", "手帐", "Journaling"), ("crafts-sewing", "缝纫", "Sewing"),
        ("crafts-models", "模型", "Models"), ("crafts-candles", "香薰蜡烛", "Candles"),
    ]),
    (("entertainment", "娱乐", "Entertainment"), [
        ("ent-movies", "电影", "Films"), ("ent-tv", "剧集", "TV series"),
        ("ent-music", "音乐", "Music"), ("ent-concerts", "演唱会", "Concerts"),
        ("ent-variety", "综艺", "Variety shows"), ("ent-anime", "动漫", "Anime"),
        ("ent-stars", "明星", "Celebrities"), ("ent-theatre", "话剧", "Theatre"),
        ("ent-boardgames", "桌游", "Board games"), ("ent-podcasts", "播客", "Podcasts"),
    ]),
    (("emotions", "情感", "Relationships"), [
        ("emo-love", "恋爱", "Love"), ("emo-marriage", "婚姻", "Marriage"),
        ("emo-family", "家庭", "Family"), ("emo-friends", "友情", "Friendship"),
        ("emo-growth", "自我成长", "Self-growth"), ("emo-wedding", "婚礼", "Weddings"),
        ("emo-single", "单身", "Single life"), ("emo-social", "社交", "Socialising"),
        ("emo-stories", "故事", "Stories"), ("emo-advice", "求助", "Advice"),
    ]),
    (("sports", "运动", "Sports"), [
        ("sports-football", "足球", "Football"), ("sports-basketball", "篮球", "Basketball"),
        ("sports-badminton", "羽毛球", "Badminton"), ("sports-tennis", "网球", "Tennis"),
        ("sports-skiing", "滑雪", "Skiing"), ("sports-surfing", "冲浪", "Surfing"),
        ("sports-climbing", "攀岩", "Climbing"), ("sports-frisbee", "飞盘", "Frisbee"),
        ("sports-golf", "高尔夫", "Golf"), ("sports-martial", "武术", "Martial arts"),
    ]),
    (("life", "生活", "Everyday life"), [
        ("life-tips", "生活技巧", "Life hacks"), ("life-shopping", "好物分享", "Finds"),
        ("life-moving", "搬家", "Moving"), ("life-saving", "省钱", "Saving money"),
        ("life-city", "城市生活", "City life"), ("life-rural", "乡村生活", "Country life"),
        ("life-vlog", "日常", "Daily life"), ("life-festivals", "节日", "Festivals"),
        ("life-gifts", "礼物", "Gifts"), ("life-secondhand", "二手", "Second-hand"),
    ]),
]
# fmt: on


def sync_taxonomy(category_model: Any) -> int:
    """Upsert the taxonomy into the given Category model (a migration's historical model)."""
    written = 0
    for top_position, ((slug, name_zh, name_en), children) in enumerate(TAXONOMY):
        top, _ = category_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "parent": None,
                "position": top_position,
            },
        )
        written += 1
        for position, (child_slug, child_zh, child_en) in enumerate(children):
            category_model.objects.update_or_create(
                slug=child_slug,
                defaults={
                    "name_zh": child_zh,
                    "name_en": child_en,
                    "parent": top,
                    "position": position,
                },
            )
            written += 1
    return written
