"""The signals of what a compliant line does where a claim would be (rules/claim_signals.py):
price arithmetic that adds up, a claim the host declines to make, a time that belongs to the
schedule rather than to a deadline, an honour that can be checked, a price said to be the same
elsewhere. Each is tested both ways,
and the disavowal in the directions of the issue's item 5: a disclaimer after a claim never
cancels it."""

from __future__ import annotations

import numpy as np
import pytest

from liveguard.rules.claim_signals import SIGNAL_NAMES, claim_signals, plausible
from liveguard.rules.normalize import normalize
from liveguard.rules.prices import arithmetic_holds, check_bundle_arithmetic


def _signal(text: str, lang: str, name: str) -> float:
    return float(claim_signals(normalize(text).text, lang)[SIGNAL_NAMES.index(name)])


def test_the_new_signals_are_appended_after_the_old_ones() -> None:
    # heads trained on the 25 older signals read only their columns (learned.ClaimHeads)
    assert SIGNAL_NAMES[24] == "ctx_reassure_x_scarcity"
    assert SIGNAL_NAMES[25:] == (
        "pri_arithmetic_holds",
        "ctx_disavowal",
        "sca_schedule_time",
        "eff_checkable_honour",
        "pri_same_price",
        "pri_price_rose",
        "sca_supply_story",
        "eff_endorsed_report",
        "eff_guarantee",
        "pri_elsewhere_alone",
        "eff_adopted",
        "ctx_host_background",
    )


# -- arithmetic that holds ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("这个三瓶一百八十九，算下来一瓶六十三", "zh"),
        ("原价九百九十九，打一折只要九十九块九", "zh"),
        ("第二件六十，一件六十九，两件一共一百二十九", "zh"),
        ("three for sixty, so twenty each", "en"),
        ("was $100, now $50, that's 50% off", "en"),
        # a price less a coupon, or plus a fee, said as the total paid
        ("标价两百五，领三十块券，到手二百二十", "zh"),
        ("一百零九，再加十块运费，一共一百一十九。", "zh"),
        ("it's sixty, with a ten dollar coupon you pay fifty", "en"),
        # a price restated per millilitre, gram or jin: the quantity's price divided down
        ("十五块钱三瓶，一瓶五百毫升，算下来一毫升才一分钱", "zh"),
        ("买一送一七十九，两瓶一千毫升，合下来一百毫升不到八块钱", "zh"),
        ("一袋十斤一百九十九，一斤十九块九，包邮", "zh"),
        ("十斤五十九包邮，一斤五块九", "zh"),
        ("一共四十四毫升，四百二十九，一毫升差不多九块七", "zh"),
        ("spend eighty, take ten off, so two at forty is eighty and you'd pay seventy", "en"),
        # a store coupon
        ("It's $120 today, and the $15 store coupon comes off at checkout, you pay $105", "en"),
        # "so" leads a total when the total is said as money
        ("Today it's $279, and the $20 store coupon applies at checkout, so $259.", "en"),
        # the single price said first (八十九一支), a pack bought together (两饼一起拍)
        ("眼霜一百二一支，两支一起拍两百三，省十块", "zh"),
        ("一饼三百二，两饼一起拍六百，省四十", "zh"),
        ("面膜五十九块一盒，两盒一百一十，更划算", "zh"),
        # item prices summed against a price for them together, with or without the saving
        (
            "the blender is seventy-nine, the grinder is thirty-nine, both for one-oh-eight, "
            "you save ten",
            "en",
        ),
        (
            "sixty for the serum, forty-five for the cream, the combo is ninety-five, "
            "so ten dollars off",
            "en",
        ),
        ("scarf twenty-five, gloves fifteen, forty for the set", "en"),
        ("保温杯八十九，杯套二十九，两样一起一百零八，省十块", "zh"),
        ("面膜六十九，精华一百二，加起来一百八十九", "zh"),
        # a bare figure after "so" that is the price less the coupon
        ("it's one forty, the code knocks twenty off, so one twenty", "en"),
        # a package of a service's uses restated per use, lesson or night
        ("今天这个十次卡是六百八十，算下来一次六十八", "zh"),
        ("八节课一千二，平均一节一百五", "zh"),
        ("两晚一千六，算下来一晚八百", "zh"),
        # a pack's price split into the units it holds or the uses it lasts
        ("这一盒三十块，一盒能贴三次，相当于一次十块钱", "zh"),
        ("一盒二十块钱能用两次，算下来一次十块", "zh"),
        ("一盒十四袋，一盒八十四，算下来一袋六块", "zh"),
        # a count's total said as so many unit prices
        ("十块钱一个，六个就是六十", "zh"),
        ("each jar is $12, so four jars is $48", "en"),
        ("$9.50 each, so six skeins are fifty-seven dollars", "en"),
        ("six skeins for $57, so $9.50 each", "en"),
    ],
)
def test_arithmetic_that_adds_up_is_recognised(text: str, lang: str) -> None:
    assert arithmetic_holds(normalize(text).text, lang)
    assert _signal(text, lang, "pri_arithmetic_holds") == 1.0


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # the twins that do not add up
        ("这个三瓶一百八十九，算下来一瓶不到五十", "zh"),
        ("原价九百九十九，打一折只要一百九十九", "zh"),
        ("three for ninety, so each one's under twenty", "en"),
        ("was $100 now $70, 50% off", "en"),
        ("原价两百五，领三十块券，到手一百九", "zh"),
        ("forty-five, plus five for shipping, comes to sixty", "en"),
        ("It's $120 today, and the $15 store coupon comes off at checkout, you pay $95", "en"),
        ("Today it's $279, and the $20 store coupon applies at checkout, so $249.", "en"),
        ("眼霜一百二一支，两支一起拍两百五，更划算", "zh"),
        ("一袋十斤一百九十九，一斤才十块钱", "zh"),
        ("十斤五十九，一斤算下来三块出头", "zh"),
        ("十五块钱三瓶，一瓶五百毫升，算下来一毫升才一毛钱", "zh"),
        ("十次卡六百八，算下来一次才四十", "zh"),
        ("一盒二十块钱能用两次，算下来一次五块", "zh"),
        ("一盒能贴两次，一盒三十，相当于一次十块钱", "zh"),
        # a count's total that is not so many unit prices: a bundle deal, no restatement
        ("一个九块五，六个五十", "zh"),
        ("one jar is $12, four jars are $40", "en"),
        # a product that holds beside a saving claimed: no saving is honest
        (
            "One jar's twenty-four, three jars are seventy-two, so you're basically getting one free",
            "en",
        ),
        # a pack that saves, but not what is said
        (
            "three spots for a hundred or one for thirty-five, so the three-pack saves you twenty",
            "en",
        ),
        # a saving that is not the items' sum less the price together
        (
            "the blender is seventy-nine, the grinder is thirty-nine, both for one-oh-eight, "
            "you save thirty",
            "en",
        ),
        ("保温杯八十九，杯套二十九，两样一起一百零八，省三十", "zh"),
        # a reference price is no item: "was 120" plus 40 is no sum of goods
        ("it was one twenty, the case is forty, together one forty, you save twenty", "en"),
        # a bare "so" figure that is not the price less the coupon
        ("it's one forty, the code knocks twenty off, so two at sixty", "en"),
        # no arithmetic said at all: a single price, a price list
        ("今天九十九，包邮", "zh"),
        ("两件一百二十九，一件六十九", "zh"),
        ("it's 26 dollars for the 50 ml jar", "en"),
    ],
)
def test_arithmetic_that_fails_or_is_absent_is_not(text: str, lang: str) -> None:
    assert not arithmetic_holds(normalize(text).text, lang)
    assert _signal(text, lang, "pri_arithmetic_holds") == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "two tees for fifty, they're thirty each otherwise, so ten off",
        "three for a hundred, they're forty each normally",
        "Three lipsticks for 30, but they're worth 40 each",
    ],
)
def test_an_english_single_price_named_as_bought_alone_is_no_split_of_the_bundle(text: str) -> None:
    assert not check_bundle_arithmetic(normalize(text).text, "en")
    # the same figure said as the split is still checked
    assert check_bundle_arithmetic(normalize("two tees for fifty, so thirty each").text, "en")


def test_the_bundle_math_signal_keeps_its_meaning() -> None:
    # pri_bundle_math still says "bundle wording with an amount", held or not
    honest, wrong = "这个三瓶一百八十九，算下来一瓶六十三", "这个三瓶一百八十九，算下来一瓶不到五十"
    assert _signal(honest, "zh", "pri_bundle_math") == _signal(wrong, "zh", "pri_bundle_math")


# -- a claim the host declines to make ---------------------------------------------------------
DISAVOWALS = [
    ("zh", "我不敢说它是全网最低价"),
    ("zh", "我们不宣传它能治病，就是一款普通的面霜"),
    ("zh", "不跟大家说能祛斑，它就是保湿"),
    ("en", "I'm not going to say we're the cheapest"),
    ("en", "I won't tell you it cures anything, it's a moisturizer"),
    ("en", "we don't claim it helps with joint pain"),
    ("zh", "我不保证你用了就能白"),
    ("en", "I don't do fake countdowns, the sale ends at 9 like it says"),
    ("en", "That vet claim I've seen in some other live, and I'm not repeating it"),
    # a claim the line names only to take it back (exemptions.withdrawn)
    ("en", "Yesterday I said it fades scars, I shouldn't have, it's a moisturizer"),
    ("en", "If someone tells you this tea melts belly fat, that wasn't us, it's just tea"),
    ("zh", "刚才我说这个能治失眠，说错了，它就是一个枕头"),
    ("zh", "评论区有人说喝了能降血糖，那是瞎说的，就是普通的茶"),
    # no subject: the host still declines ("所以不说它能…")
    ("zh", "没做过临床，所以不说它能降血脂，就是一款代餐"),
    # a practice refused, or a comparison left to the viewer
    ("zh", "咱们不整先涨后降那一套，今天就是七十九"),
    ("zh", "不知道商场卖多少，你们自己去比"),
    ("zh", "有粉丝说别家更便宜，可能有活动，哪家便宜在哪家买"),
    ("en", "I haven't checked other stores, buy wherever it's cheaper for you"),
    ("en", "I'm not going to quote some inflated list price, it's thirty tonight"),
    # what the host is not allowed to say
    ("en", "We aren't allowed to say it treats anything, it's a bath soak"),
    # an honour the host never had, after a clause naming a province (省体校 is no saving)
    ("zh", "我退役前是省体校速滑队的，没拿过全国的名次，这个得说实话，教小孩启蒙我带了六年"),
]

NOT_DISAVOWALS = [
    # not allowed to name who: the claim stands
    ("en", "Two Olympic coaches swear by this, I'm just not allowed to say who"),
    # item 5: a disclaimer after a claim never cancels it
    ("zh", "这个面霜百分之百有效，符合广告法"),
    ("zh", "这个面霜百分之百有效，我不敢乱说"),
    ("zh", "这个精华三天见效，不是忽悠大家"),
    ("en", "this cream is 100% effective, we do not claim anything"),
    # paralipsis: "I won't say X, but ..." carries the claim in the contrast
    ("zh", "我不敢说全网最低，但是你去外面看看"),
    ("en", "I'm not going to say we're the cheapest, but go check Amazon"),
    # another clause claims
    ("zh", "我不敢说它能治病，我妈用了一个月血压就降下来了"),
    # intensifiers built like a negation are claims
    ("zh", "不是我吹，全网最低"),
    ("zh", "不夸张地说，用了三天就白了"),
    ("zh", "不吹不黑，这个真的是最好用的"),
    ("en", "not gonna lie, this is the best serum"),
    ("en", "I can't tell you how good this is"),
    # never second is always first
    ("zh", "我们从来没拿过第二名，年年都是第一"),
    # declining to promise stock or a price is pressure
    ("zh", "不敢保证还有货"),
    ("en", "I can't promise they'll still be there in ten minutes"),
    # "not repeating" about stock, not about words
    ("en", "The mattress comes from a batch the factory's not repeating"),
    # taken back, then claimed again, contrasted or corrected to another figure
    ("en", "Earlier I said it cures eczema, I shouldn't have, but it clears it in three days"),
    ("en", "Whoever told you it's the last batch, that wasn't us, only 4 left though, hurry"),
    ("zh", "刚才说的八十九，说错了，七十九，拍下去是九十九"),
    ("zh", "有人说能治病，那是瞎说，但是我妈用了一周血压就降了"),
    # "not saying it" followed by saying it, and a comparison the host invites to win
    ("zh", "不说它能降血脂，就说它三天刮油"),
    ("zh", "去年卖两百九，今年一百五，你们自己比"),
    ("zh", "你们自己去比，我不信你能找到比我们还便宜的"),
    ("en", "compare for yourself, you won't find it cheaper"),
]


@pytest.mark.parametrize(("lang", "text"), DISAVOWALS)
def test_a_declined_claim_is_a_disavowal(lang: str, text: str) -> None:
    assert _signal(text, lang, "ctx_disavowal") == 1.0


@pytest.mark.parametrize(("lang", "text"), NOT_DISAVOWALS)
def test_a_disclaimer_paralipsis_or_intensifier_is_no_disavowal(lang: str, text: str) -> None:
    assert _signal(text, lang, "ctx_disavowal") == 0.0


# -- a time that belongs to the schedule -------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The last 5 minutes of the stream will be Q and A"),
        ("en", "I'm going to switch to the next product now"),
        ("en", "I'm only live until ten, but the price stays"),
        ("en", "leave it on for 10 minutes, then rinse"),
        ("en", "orders ship within 2 business days"),
        # the show's own end is its schedule; a procedure's length is no deadline
        ("en", "our broadcast ends at midnight and then it's the garden hour"),
        ("en", "assembly takes about twenty minutes with a screwdriver"),
        # the running order: what comes next on the show
        ("en", "This is the last item of the stream, then we're doing a Q&A."),
        ("zh", "拍不到的姐妹等下次返场"),
        ("zh", "敷十五分钟洗掉就行"),
        ("zh", "四十八小时内发货"),
        # a sign-off with the next show's time; the host's device, not stock, running low;
        # the clock where the host is
        ("zh", "十一点了，织完这一排我就下播，明天下午两点再来"),
        ("zh", "今天就播到这儿，大家关好门窗，明天风停了我再播"),
        ("zh", "我手机只剩百分之十五的电了，有问题留言，客服明天白天回复"),
        ("en", "That's a wrap, I'm signing off, back Thursday at 7 Eastern."),
        ("en", "it's almost midnight here in Flagstaff and the sky finally cleared"),
        # the next show by weekday, or at a clock time said in words
        ("zh", "今天就先到这，星期五晚上八点再来"),
        ("zh", "孩子要睡了，今天就到这，礼拜天上午十点半再开播"),
        # the host's own pause: the show waits, not the offer
        ("zh", "快递小哥在敲门，大家稍等，我去签个字"),
        ("zh", "刚才网断了一下，现在能听到吗"),
        ("zh", "水开了，等我一下，我去倒杯茶"),
        ("zh", "后台掉线了，我重新连一下"),
        # a sign-off, and the next show's time in a clause of its own
        ("zh", "好了今天就到这，奶奶喊吃饭了，周日下午三点接着给大家讲"),
        ("en", "the kettle's screaming, give me a few minutes, stay with me"),
        ("en", "sorry, my wi-fi dropped, bear with me"),
        ("en", "that's it for tonight, back Friday at 9"),
        # a sign-off whatever the recogniser wrote after 就到; the host has to go (就得要回)
        ("zh", "好了今天就到正吧下周二晚上七点再来"),
        ("zh", "老公就得去上夜班了，今天就到这，周四晚上八点再来"),
    ],
)
def test_a_schedule_or_procedure_time_is_recognised(lang: str, text: str) -> None:
    assert _signal(text, lang, "sca_schedule_time") == 1.0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "10 minutes left, then the price goes back up"),
        ("en", "only live for 5 more minutes, grab it before it's gone"),
        ("en", "the stream ends in 3 minutes and this deal ends with it"),
        ("en", "the promo wraps up at nine, the stream keeps going"),
        ("en", "the show ends at midnight and so does this price"),
        ("en", "in ten minutes this bundle goes away"),
        ("en", "last item of the stream and it's gone when I say so, hurry"),
        ("zh", "还有十分钟就下播了，抓紧"),
        ("zh", "最后五分钟，赶紧拍"),
        ("zh", "下次返场就不是这个价了，再也没有了"),
        ("zh", "今天只要九十九"),
        # a sign-off that says the offer goes with it
        ("zh", "今天就播到这儿，明天再来就不是这个价了"),
        ("zh", "下播链接就删，明天再来"),
        ("zh", "关了链接明天再来也没有了"),
        ("en", "I'm signing off at 9 and the link goes down with me"),
        ("en", "back Thursday at 7, and the price goes up after tonight's show"),
        # the price is not honoured after the time
        ("zh", "我只播到十点，十点以后这个价就不算了"),
        ("zh", "周六再来也行，不过周六这个优惠就作废了"),
        # a pause that presses, and 就得 as "you will have to"
        ("zh", "稍等一下，马上开抢，只有五十单"),
        ("zh", "等我一下就恢复原价了，抓紧"),
        ("zh", "国补名额明天就用完了，明天再来就得自己全款"),
        ("en", "give me one sec, only a few left, grab yours"),
        # the price put back when the show ends; a price reached, not a sign-off
        ("zh", "今天一百二十八，我下播就改回一百九十八，明天来就是一百九十八"),
        ("zh", "算下来一天不到一块钱，一年三百多，今天一台手机就到手了"),
        ("en", "that's it for tonight and so is this price"),
    ],
)
def test_a_deadline_for_buying_is_no_schedule(lang: str, text: str) -> None:
    assert _signal(text, lang, "sca_schedule_time") == 0.0


# -- an honour that can be checked -------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "It won the 2024 Allure Best of Beauty award", 1.0),
        ("zh", "荣获2024年中国轻工业联合会科技进步一等奖", 1.0),
        ("en", "award-winning formula, everyone loves it", 0.0),
        ("zh", "获奖无数，口碑爆棚", 0.0),
        ("en", "we launched it in 2024", 0.0),
    ],
)
def test_an_honour_with_its_year_is_checkable(lang: str, text: str, value: float) -> None:
    assert _signal(text, lang, "eff_checkable_honour") == value


# -- the same price here and there -------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "同一个款我们天猫店也是两百八十九，两边一个价", 1.0),
        ("zh", "昨天卖的也是六十九块九，今天还是这个价", 1.0),
        ("en", "tonight's price is forty-nine, which is the same price as on our website", 1.0),
        # a cheaper price here is a comparison, whatever else is said
        ("zh", "外面也是卖三百九十九，我们今天只要一百九十九", 0.0),
        ("zh", "全网最低价，跟昨天一个价", 0.0),
        ("en", "the mall has it at ninety-nine, same bottle, tonight it's forty-nine", 0.0),
        ("en", "today it's thirty dollars", 0.0),
    ],
)
def test_a_price_said_to_equal_another_is_no_saving(lang: str, text: str, value: float) -> None:
    assert _signal(text, lang, "pri_same_price") == value


# -- the vetoes: a guarded line gives no learned hit of the family; an unguarded one still can ----
VETOED = [
    # (lang, text, family vetoed)
    ("zh", "我不敢说它是全网最低价", "price"),
    ("zh", "我们不搞一个月瘦多少斤那一套，体重跟饮食运动都有关系", "efficacy"),
    ("en", "I won't tell you it cures anything, it's a moisturizer", "efficacy"),
    ("en", "The last 5 minutes of the stream will be Q and A", "scarcity"),
    ("zh", "拍不到的姐妹等下次返场", "scarcity"),
    ("zh", "黑色那款之前断货，今天到了一批，两个颜色都能拍", "scarcity"),
    ("zh", "同一个款我们天猫店也是两百八十九，两边一个价", "price"),
    ("zh", "上个月是六十九块九，这个月涨到七十九块九了，牛肉收购价涨了", "price"),
    ("zh", "没有哪个产品能让你一周瘦十斤", "efficacy"),
]
NOT_VETOED = [
    # item 5: a disclaimer after a claim never cancels it; paralipsis and pressure stay claims
    ("zh", "这个面霜百分之百有效，符合广告法", "efficacy"),
    ("zh", "这个面霜百分之百有效，我不敢乱说", "efficacy"),
    ("en", "this cream is 100% effective, we do not claim anything", "efficacy"),
    ("zh", "我不说它能治脱发，我就说我用了两瓶发际线往前长了一厘米", "efficacy"),
    ("zh", "等你们回家跟家里人商量好，这个款我不敢说还在", "scarcity"),
    ("en", "I'm not going to say we're the cheapest, but go check Amazon", "price"),
    ("en", "10 minutes left, then the price goes back up", "scarcity"),
    ("en", "Once this batch sells out, the next one is months away", "scarcity"),
    ("zh", "今天一百二十九，明天就回到两百多了，你们自己决定", "scarcity"),
    ("zh", "这双鞋上次上架十分钟就空了，这次也差不多，看你们的手速了", "scarcity"),
]


@pytest.mark.parametrize(("lang", "text", "family"), VETOED)
def test_a_disavowal_schedule_or_same_price_vetoes_its_family(
    lang: str, text: str, family: str
) -> None:
    norm = normalize(text).text
    assert not plausible(family, claim_signals(norm, lang), norm, lang)


@pytest.mark.parametrize(("lang", "text", "family"), NOT_VETOED)
def test_a_claim_with_a_disclaimer_or_a_deadline_is_not_vetoed(
    lang: str, text: str, family: str
) -> None:
    norm = normalize(text).text
    signals = claim_signals(norm, lang)
    for name in ("ctx_disavowal", "sca_schedule_time", "pri_same_price", "pri_price_rose"):
        assert signals[SIGNAL_NAMES.index(name)] == 0.0, name
    if family != "price":  # the price gate also asks for a comparison (claim_signals.plausible)
        assert plausible(family, signals, norm, lang)


# -- a lead time told with its limit: ask first if in a hurry, no date promised ------------------
@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("手工做的，一件要等两周，急着穿的提前私信问一下", True),
        ("订的人多，后面的要排到月底，急用的话先问客服", True),
        ("排着队做呢，我不打包票能赶上节日", True),
        # the queue alone, or a hurry with no check first, stays for the heads to judge
        ("排着队做呢，后面的要等到下个月了，想要的赶紧拍", False),
        ("急着要的赶紧拍，晚了就排到下个月了", False),
    ],
)
def test_a_lead_time_with_ask_first_is_no_scarcity_claim(text: str, told: bool) -> None:
    norm = normalize(text).text
    signals = np.zeros(len(SIGNAL_NAMES), np.float32)  # the text alone decides
    assert plausible("scarcity", signals, norm, "zh") is not told
    assert plausible("efficacy", signals, norm, "zh")  # other families are not excused


# -- honest stock talk: a large count told as it is, availability later --------------------------
@pytest.mark.parametrize(
    ("text", "lang", "reassures"),
    [
        ("库存还有四百多箱，大家按需拍", "zh", True),
        ("后台实际剩多少我这边看得到，是八百四十二件", "zh", True),
        ("这个链接一直挂着，明天白天也能买", "zh", True),
        ("助理说库存还有五十件，我如实告诉大家", "zh", True),
        ("只剩一百件了", "zh", False),
        # the same said in Cantonese
        ("库存后台显示还有四百多箱，唔使抢，慢慢拍，今晚拍下明天下午顺丰发出", "zh", True),
        ("只剩几箱，唔使问，快啲拍", "zh", False),
        # a transcript's garbled "plenty in stock, no rush" (库存够的，不用抢) still reassures;
        # negated as written, or pressed in another clause, it does not
        ("今年我们佳收了两万多个国红房还在一批一批地轰互存够等不用强。", "zh", True),
        ("这个活动我不知道明天还有没有，我只能保证今天有", "zh", False),
        ("只剩三件了，赶紧抢，不用强求", "zh", False),
        ("还剩三百件，手慢无", "zh", False),
        ("明天也能买，但不是这个价了", "zh", False),
        ("We're at about three hundred left and it's not going anywhere, no rush", "en", True),
        ("This stays live tomorrow morning too", "en", True),
        ("Only two hundred left, grab yours", "en", False),
        ("There are 500 units left, hurry", "en", False),
        ("It stays live tomorrow too, but not at this price", "en", False),
        # an uncertain or conditional sell-out, a viewer's question, a variant out beside a
        # promised restock: stock told as it is
        ("后台还有四百多件，什么时候卖完说不准，卖完了会补", "zh", True),
        ("这批备了好几千件，卖不完下一场接着卖", "zh", True),
        ("这个款数量挺多的，明天后天都能拍", "zh", True),
        ("今晚卖不完的就退回厂家了", "zh", False),
        ("还剩三百件，还不抢吗？", "zh", False),
        ("Someone's asking if it's the last one, nope, there are lots in the back", "en", True),
        ("Navy sold out, but it gets restocked Friday", "en", True),
        ("About 300 left right now, I don't know when they'll sell out", "en", True),
        ("Only 3 left, we restock Friday", "en", False),
        # the price said to hold; a cleft "only the X that" singles out, it counts nothing
        (
            "Correction, the deal price stays all night, it's only the giveaway entry that "
            "closes when the round ends",
            "en",
            True,
        ),
        ("the deal price stays all night, but there are only 3 left", "en", False),
        ("Grab one now, just a few left, restock Friday", "en", False),
        # no hurry with another verb, the goods no rarity, buy only if you want it
        ("这个月车了三百来个，手上还有二百多，不够了再车，用不着抢", "zh", True),
        ("备了两千来袋，不是什么抢不到的东西，想吃就拍", "zh", True),
        ("就剩二十袋了，抢不到的别怪我", "zh", False),
        ("想要就赶紧拍，就剩最后十单", "zh", False),
    ],
)
def test_honest_stock_talk_reassures_and_a_restricted_or_pressed_count_does_not(
    text: str, lang: str, reassures: bool
) -> None:
    assert bool(_signal(text, lang, "ctx_reassure_x_scarcity")) is reassures


# -- a magnitude said without a figure --------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "药房起码卖上千，我们今天才九十九", 1.0),
        ("zh", "菜市场买起码六七十一斤，我这儿三十几块钱", 1.0),
        ("zh", "商场标的是四位数，我们今天三百九", 1.0),
        ("en", "the mall has it for four figures, tonight it's 299", 1.0),
        ("en", "salons charge hundreds of dollars for this, you pay 49 today", 1.0),
        # counts said without a figure are no price
        ("zh", "上千单卖出去了，今天九十九", 0.0),
        ("zh", "今天几百个人抢了二十件", 0.0),
        ("en", "thousands of orders went out last month, it's 49 today", 0.0),
    ],
)
def test_a_higher_magnitude_elsewhere_without_a_figure_compares(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "pri_elsewhere_higher") == value


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        # the figure of a magnitude ("3-figure", "4位数" once normalised) is not an amount
        (
            "en",
            "At the store this fryer is a three-figure purchase, and here we are under ninety",
            1.0,
        ),
        ("zh", "商场里这种都是四位数的，今天直播间三百九十九", 1.0),
        # the price elsewhere as a multiple of this one, with one amount or none
        ("en", "Pet stores charge many times this for the same kibble", 1.0),
        ("en", "it's a fraction of the salon price", 1.0),
        ("zh", "专柜要贵好几倍呢", 1.0),
        ("zh", "别家的同款你去看看，我们这价格是人家零头", 1.0),
        # a multiple that is no price
        ("en", "this pan holds twice what the old one held", 0.0),
        ("zh", "容量是以前的两倍", 0.0),
        # a privileged price never charged to anyone is a price elsewhere
        ("zh", "代理拿货价都要一百五，今天直播间九十九", 1.0),
        ("en", "Our trade price for boutique owners is 340, tonight it's 199", 1.0),
        ("en", "Our price was 199 and it's 199 tonight too", 0.0),
    ],
)
def test_a_multiple_or_a_privileged_price_elsewhere_compares(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "pri_elsewhere_higher") == value


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        # the other side named long before its amount, then the host's own side and a lower one
        ("zh", "小区门口那家母婴用品店里这种奶瓶一个都要卖一百二，我这两个才九十", 1.0),
        ("zh", "你们自己去商城看看同款的四件套，一套标价要四百五，自家的这套两百六", 1.0),
        (
            "en",
            "The big garden centres out on the ring road near the motorway will ask you "
            "forty-five for this exact rose, and mine is twenty-eight.",
            1.0,
        ),
        (
            "en",
            "Go into any of the high street chemists in town and this cream is sitting "
            "there at thirty-two quid; here it's nineteen.",
            1.0,
        ),
        # counts and times on both sides are no price
        ("zh", "上个月仓库那头搬家折腾了好几回，一天最多发三百单，现在我这边一天只能发一百单", 0.0),
        (
            "en",
            "We used to run the old warehouse across town with about twelve people packing, "
            "now it's just ours, me and my sister, and two vans.",
            0.0,
        ),
        # a dearer place rather than a seller, with a clause between the two sides; the host's
        # side in dialect (额这, 关中); a named city or market in English, ours after "we are"
        ("zh", "城里那些茶麸洗发水，小小一瓶卖一百多，里面还不是纯的，我这一大袋才二十六", 1.0),
        ("zh", "省城一副要两千，额这八百八", 1.0),
        (
            "en",
            "In Hanoi the famous academies charge twelve million for this, we are four million",
            1.0,
        ),
        (
            "en",
            "People in Belgrade pay fifteen euro for ajvar at the green market, ours is six",
            1.0,
        ),
        # delivery rates by destination, the host's own town: no dearer place
        ("en", "Delivery in Dublin is twelve euro, to Cork it's eight", 0.0),
        (
            "en",
            "I'm here in Quezon City, the big box is four hundred and the small one is three",
            0.0,
        ),
        ("zh", "包邮到县城的物流点六百八，送货上门要加三十", 0.0),
        # the host's own town, where the host's prices are asked
        (
            "en",
            "We're here in Quezon City, they charge forty for the big box and twenty-five for "
            "the small one",
            0.0,
        ),
        # a month or a holiday is no place; ours dearer is no saving
        ("en", "In March the class had twelve students, and we are 9 now", 0.0),
        ("zh", "城里那些店一瓶卖二十，我这一瓶卖三十，料不一样", 0.0),
        # a necklace chain or a power outlet is no other shop
        ("en", "The chain is eighteen inches with a two inch extender, here on the scale", 0.0),
        ("en", "Four outlets at 100 watts, two USB ports here at 20 watts each", 0.0),
    ],
)
def test_the_two_sides_of_a_comparison_may_each_take_a_while(
    lang: str, text: str, value: float
) -> None:
    # the comparison of #12 item 3 ("any higher amount attributed to another seller, place or
    # time against a lower amount here") said the way hosts say it: the shop first, at length
    assert _signal(text, lang, "pri_elsewhere_higher") == value


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        # another seller's price alone: the host's own is left for the viewer to compare
        ("en", "the big pet chains want a hundred and ten for that exact kit", 1.0),
        ("en", "Amazon's asking one twenty-nine for this same box, just saying", 1.0),
        ("en", "down at the garden centre this rose is forty-five quid", 1.0),
        ("zh", "商场专柜这一支要卖三百八", 1.0),
        ("zh", "隔壁超市同样一袋卖六十五", 1.0),
        # the host's own shop, a necklace chain, a year, or both sides said
        ("en", "in our shop it's been fifty-five since September", 0.0),
        ("zh", "我们天猫店也是三百九十九", 0.0),
        ("en", "the chain is eighteen inches, with a two inch extender", 0.0),
        ("en", "the store opened in 2019 and we ship from there", 0.0),
        ("en", "stores charge forty-five for this, mine's twenty-eight", 0.0),
    ],
)
def test_another_sellers_price_alone_compares(lang: str, text: str, value: float) -> None:
    # a one-sided comparison (session 22, from blind26's spent English misses): the higher
    # price belongs to another seller and the host's is unsaid; two sides said is
    # pri_elsewhere_higher's
    assert _signal(text, lang, "pri_elsewhere_alone") == value


def test_an_english_price_said_of_another_seller_alone_passes_the_price_gate() -> None:
    text = normalize("the big pet chains want a hundred and ten for that exact kit").text
    assert plausible("price", claim_signals(text, "en"), text, "en")
    calm = normalize("it's a hundred and ten for the whole kit, shipping included").text
    assert not plausible("price", claim_signals(calm, "en"), calm, "en")


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "我在菜场卖了十几年鱼，哪条新鲜一眼就看得出来", 1.0),
        ("zh", "我叫阿芳，湛江这边的，家里三代都是养蚝的", 1.0),
        ("en", "my day job is teaching piano, so I'm only live on weekends", 1.0),
        ("en", "I've been a roofer for twenty years, so I know a leak", 1.0),
        ("zh", "这款锅我们卖了三年了，一直卖得很好", 0.0),
        ("en", "this pan has been on the market for twenty years", 0.0),
        # session 24, after blind29's first run: when or where first, a trade's verb, an age
        ("zh", "我以前在县医院当过八年护工，后来才出来开的这个店", 1.0),
        ("zh", "我在这个渔场跟了十年船，哪片海有货我门儿清", 1.0),
        ("zh", "我十四岁进的茶厂，炒茶的手艺是老师傅一点点教的", 1.0),
        ("zh", "我膝盖疼了十年，蹲都蹲不下去", 0.0),
        ("zh", "我从小就用这个牌子的香皂", 0.0),
    ],
)
def test_the_hosts_own_background_is_marked(lang: str, text: str, value: float) -> None:
    # who the host is, told as small talk: the heads see it apart from a claim leaning on it
    assert _signal(text, lang, "ctx_host_background") == value


# -- a price that has risen, told as history -------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "上个月是六十九块九，这个月涨到七十九块九了，牛肉收购价涨了", 1.0),
        ("zh", "这款去年是五百八，今年茶农收购价涨了，调到六百六", 1.0),
        ("en", "It went up from 24 to 27 last month because shipping costs rose", 1.0),
        # a rise still to come is pressure
        ("zh", "今天九十九，明天就涨到一百九十九了", 0.0),
        ("en", "after tonight it goes up to 45 from 29", 0.0),
        # a rise beside a lower price here is a reference price
        ("zh", "去年卖八十，今年涨到一百，今天直播间只要六十", 0.0),
        # "raised" that is no price
        ("en", "the raised bed is 4 by 8 feet and 11 inches tall", 0.0),
    ],
)
def test_a_price_rise_told_as_history_is_no_reference_price(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "pri_price_rose") == value


# -- selling at a loss or at cost, told as a story (English) ------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Honestly we lose about six bucks on every one of these we ship", 1.0),
        ("The owner's covering the difference out of his own paycheck tonight", 1.0),
        ("What we pay our supplier is more than this", 1.0),
        ("I'm basically handing these over at what they cost me to import", 1.0),
        ("Even last Black Friday it didn't go this low", 1.0),
        ("At this price I'm not even covering the shipping boxes", 1.0),
        ("This price has never once happened on this channel", 1.0),
        ("We're under our own landed cost on these, it's a launch thing", 1.0),
        ("I'm selling it at what I paid, I just want people to enjoy it", 1.0),
        # no loss and no low price told
        ("We lose signal in the basement so I'll stream from upstairs", 0.0),
        ("What we pay our supplier goes up every spring", 0.0),
        ("The cost of shipping is on the listing, under the photos", 0.0),
    ],
)
def test_a_loss_or_cost_story_is_a_lowest_price_claim(text: str, value: float) -> None:
    assert _signal(text, "en", "pri_lowest") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("这个价我是贴着厂价给你们的，利润基本上没有", 1.0),
        ("八百八我连鱼皮钱带工钱都回不来", 1.0),
        ("这个价料钱都收不回", 1.0),
        # a factory's price list, money a buyer cannot get back
        ("我们厂价格表在详情页，按数量走", 0.0),
        ("买了不用放着，钱也回不来，想清楚再拍", 0.0),
    ],
)
def test_a_chinese_cost_story_is_a_lowest_price_claim(text: str, value: float) -> None:
    assert _signal(text, "zh", "pri_lowest") == value


@pytest.mark.parametrize(
    ("lang", "text", "pressed"),
    [
        ("zh", "直播间三万人在看，库存才五百单", True),
        ("zh", "两万多个家人在直播间，货就八百件", True),
        ("en", "There are nine thousand of you watching and we have three hundred units", True),
        ("en", "12k people in here and 400 units, you do the math", True),
        # stock larger than the crowd, or a crowd with no stock count, presses nothing
        ("zh", "我们仓库有五千件，直播间三百人，慢慢拍", False),
        ("en", "We have 5000 units and about 300 people watching", False),
        ("en", "Over two thousand of you tuned in tonight, thank you", False),
    ],
)
def test_a_crowd_several_times_the_stock_presses(lang: str, text: str, pressed: bool) -> None:
    assert _signal(text, lang, "sca_pressure") == float(pressed)
    if pressed:
        assert _signal(text, lang, "ctx_reassure_x_scarcity") == 0.0


# -- scarcity told as a story: supply that will not come again, demand as proof ----------------
@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "厂家说这一款做完这批就不做了，后面想要也没有", 1.0),
        ("zh", "这是仓库最后一批，下一批什么时候到说不好", 1.0),
        ("zh", "上回一上架没两分钟就空了", 1.0),
        ("zh", "好多宝妈一下就拍了两单", 1.0),
        ("en", "the mill told us they won't weave this pattern again", 1.0),
        ("en", "They only sent us one shipment for the whole season", 1.0),
        ("en", "Every time this comes back in it's sold out before lunch", 1.0),
        ("en", "Somebody else is checking out with the blue one as we speak", 1.0),
        # a restock promised, a discontinued product told plainly, an auction lot: no story
        ("zh", "这款一直在产，不停产，断码了十来天就补上", 0.0),
        ("zh", "宝宝长得快，码数一换就用不上了，别囤太多", 0.0),
        ("en", "We'll have more of the green ones next Tuesday", 0.0),
        ("en", "If you won more than one lot it ships in one box", 0.0),
        ("en", "Swear I'm not making it up, the timer is the app's", 0.0),
        ("en", "Two sprays and the smell is gone for good", 0.0),
    ],
)
def test_a_supply_or_demand_story_is_a_scarcity_signal(lang: str, text: str, value: float) -> None:
    assert _signal(text, lang, "sca_supply_story") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Honestly, I wouldn't sleep on this one", 1.0),
        ("If I were you I'd grab it before the weekend", 1.0),
        ("Don't come crying to me on Monday", 1.0),
        ("Don't say I didn't warn you, folks", 1.0),
        ("I wouldn't dither, mate", 1.0),
        # advice and caveats that press nothing
        ("If I were you I'd measure the shelf first", 0.0),
        ("I wouldn't use it on broken skin", 0.0),
        ("This is your chance to ask me anything about sizing", 0.0),
    ],
)
def test_pressure_said_as_friendly_advice_or_a_warning_presses(text: str, value: float) -> None:
    assert _signal(text, "en", "sca_pressure") == value


# -- session 23: signals read from blind27's spent errors, tested on new wording ---------------
def test_a_spoken_pause_between_two_offers_keeps_them_apart() -> None:
    # "十九一个 三个五十": one at 19, three for 50; merged into 一个三个 the arithmetic misreads
    text = normalize("十九一个 三个五十 买三个省七块").text
    assert arithmetic_holds(text, "zh")
    assert not arithmetic_holds(normalize("十九一个三个五十买三个省七块").text, "zh")
    # a pause inside words is still an evasion and goes
    assert normalize("最 好 的").text == "最好的"


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "一盒六十块三十包，一包两块，跟超市一个价", 1.0),
        ("en", "mine is fifteen and it's always fifteen, no sale tricks", 1.0),
        # counted goods are no second price, but a second price is
        ("zh", "一盒六十块三十包，超市卖九十，跟超市一个价", 0.0),
    ],
)
def test_a_price_said_to_equal_another_beside_counted_goods(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "pri_same_price") == value


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "城隍庙那边同样的扇子卖八十，我这里三十五", 1.0),
        ("en", "the listing says forty-nine but for you on the live it's thirty-nine", 1.0),
        (
            "en",
            "a comparable rug at the design stores would be twelve hundred, tonight four hundred",
            1.0,
        ),
        ("en", "last summer at the county fair these went for ninety, tonight forty", 1.0),
        # 那边 with a time, a box's age range: no price elsewhere
        ("zh", "东北那边要四天才到，我们这边一般两天", 0.0),
        ("en", "the box says 3 plus, so my 2 year old waits", 0.0),
    ],
)
def test_a_price_elsewhere_said_with_a_place_or_a_listing(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "pri_elsewhere_higher") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("我们小区十家里有八家用的这个牌子", 1.0),
        ("办公室里现在人手一个，都是我推荐的", 1.0),
        ("物业检查的时候点名让每栋楼都配这种灭火毯", 1.0),
        ("这套有三个碗两个盘子", 0.0),
    ],
)
def test_adoption_said_as_a_share_of_a_group(text: str, value: float) -> None:
    assert _signal(text, "zh", "eff_adopted") == value


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "一到梅雨季这种除湿盒就断货，年年如此", 1.0),
        ("zh", "等过了立冬，满大街都买不到", 1.0),
        ("en", "come Black Friday every toy store in town runs dry on these", 1.0),
        ("en", "when the frost comes everybody wants one at the same time", 1.0),
        # a price claim, not a supply story
        ("zh", "你在哪里都买不到比这更便宜的", 0.0),
        ("en", "we restock every two weeks, turn on notifications", 0.0),
    ],
)
def test_demand_that_comes_with_a_season_is_a_supply_story(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "sca_supply_story") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("我数到五就下链接", 1.0),
        ("开完这个会，团购口子就要收了", 1.0),
        ("销量数字在链接下面，自己看", 0.0),
        ("检测报告在详情页倒数第二张图", 0.0),
    ],
)
def test_a_closing_link_or_a_count_down_is_a_deadline(text: str, value: float) -> None:
    assert _signal(text, "zh", "sca_time") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my cold was gone in two days with this tea", 1.0),
        ("rinse it in cold water, it keeps the colour", 0.0),
        ("when the cold comes in December the pipes freeze", 0.0),
    ],
)
def test_the_cold_of_the_weather_is_no_illness(text: str, value: float) -> None:
    assert _signal(text, "en", "eff_medical") == value


@pytest.mark.parametrize(
    ("lang", "text", "signal", "value"),
    [
        ("zh", "刮大风我就不出摊了，没买到的不急，下礼拜三我还来", "sca_schedule_time", 1.0),
        ("en", "two pallets in the back, so nobody needs to rush", "ctx_reassure_x_scarcity", 1.0),
        ("zh", "公司备的货多出来几十箱，下了播就拉回仓库", "ctx_reassure_x_scarcity", 0.0),
        ("zh", "这个三千八的名额月底一过就没了", "ctx_reassure_x_scarcity", 0.0),
        # the shop the host is in is no other seller: the weather in it is no price
        (
            "en",
            "I'm in the shop on Fordham Road, it's like ninety-four out there, window units, "
            "eight thousand BTU, twelve thousand, couple of the big fifteen thousands",
            "pri_elsewhere_higher",
            0.0,
        ),
        (
            "en",
            "I was in the shop on Fordham Road, they had it at ninety-four, mine's sixty",
            "pri_elsewhere_higher",
            1.0,
        ),
    ],
)
def test_calm_stock_talk_and_the_stall_schedule(
    lang: str, text: str, signal: str, value: float
) -> None:
    assert _signal(text, lang, signal) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Let me finish this stitch first, one minute, then I'm all yours", 1.0),
        ("give us a second, the kettle's boiling", 1.0),
        ("one minute left on this deal, hurry", 0.0),
    ],
)
def test_the_host_busy_a_moment_is_their_own_pause(text: str, value: float) -> None:
    # blind28's spent English false positives: the show waits, not the offer
    assert _signal(text, "en", "sca_schedule_time") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "booklets are fifteen hundred each, or two for twenty-eight hundred, so you save two hundred",
            1.0,
        ),
        ("socks are ten each, or three for twenty-five, so you save five", 1.0),
        ("socks are ten each, or three for twenty-five, so you save ten", 0.0),
    ],
)
def test_a_single_price_said_with_each_before_the_pack(text: str, value: float) -> None:
    # blind28's spent English false positive: honest pack savings said in words
    assert _signal(text, "en", "pri_arithmetic_holds") == value


@pytest.mark.parametrize(
    ("text", "signal", "value"),
    [
        # another seller by trade, marketplace or chain name, or someone else selling it
        ("guy on Marketplace is selling the identical pair for ninety", "pri_elsewhere_alone", 1.0),
        ("Woolies'd want well over three hundred for that lot", "pri_elsewhere_alone", 1.0),
        (
            "the bookshop at the main gate is selling the same edition for fifteen",
            "pri_elsewhere_alone",
            1.0,
        ),
        (
            "somebody in Miami selling one just like this for twenty-five hundred",
            "pri_elsewhere_alone",
            1.0,
        ),
        (
            "the farm supply in town is sitting at ninety-odd, mine are fifty-five",
            "pri_elsewhere_higher",
            1.0,
        ),
        ("my own stall has it at forty today", "pri_elsewhere_alone", 0.0),
        ("I'm selling these at forty", "pri_elsewhere_alone", 0.0),
        # another seller's price, then the comparison left to the viewer: still the claim
        ("the supermarket sells that jar at twenty, you compare yourself", "ctx_disavowal", 0.0),
        ("I don't know what other shops charge, compare for yourself", "ctx_disavowal", 1.0),
    ],
)
def test_another_seller_named_by_kind_or_name(text: str, signal: str, value: float) -> None:
    assert _signal(text, "en", signal) == value


@pytest.mark.parametrize(
    ("text", "signal", "value"),
    [
        ("every band overseas already calling me for pans", "sca_supply_story", 1.0),
        (
            "folks from three different states messaged me about this kit today",
            "sca_supply_story",
            1.0,
        ),
        ("a restaurant group has been on the phone wanting the whole lot", "sca_supply_story", 1.0),
        ("I'm fully booked till summer after these", "sca_supply_story", 1.0),
        ("every customer asks about the colours", "sca_supply_story", 0.0),
        ("I've a couple of weekly spots left", "sca_count_left", 1.0),
        ("I can't hold them forever", "sca_pressure", 1.0),
        ("I'd lock it in today", "sca_pressure", 1.0),
        ("I can't tell you what these'll cost after New Year", "sca_pressure", 1.0),
        ("once the stream's over they go straight back up", "sca_time_pressure", 1.0),
        ("anyone who books before midnight gets it at two sixty", "sca_pressure", 1.0),
        # the host's own cut-off, said as their schedule (session 24, after blind29's first run)
        ("whatever I haven't sold by then, that's it", "sca_pressure", 1.0),
        ("I'm off in ten minutes and when I go the link goes with me", "sca_schedule_time", 0.0),
        ("come Friday it's back to regular money", "sca_time_pressure", 1.0),
        ("if your little one needs a twelve I wouldn't be waiting on it", "sca_pressure", 1.0),
        ("this price is only until the container lands", "sca_pressure", 1.0),
        ("I'm off in ten minutes, back tomorrow at seven", "sca_schedule_time", 1.0),
        # a thing gone soft is no stock gone
        ("this reed's gone a bit soggy, I'll swap it", "sca_pressure", 0.0),
        ("this reed's gone a bit soggy, I'll swap it", "eff_improve", 0.0),
        ("the ringing's gone quiet since he switched", "eff_improve", 1.0),
        ("it's gone off the page after fifteen minutes", "sca_pressure", 1.0),
    ],
)
def test_demand_deadlines_and_held_stock_press(text: str, signal: str, value: float) -> None:
    assert _signal(text, "en", signal) == value


@pytest.mark.parametrize(
    ("text", "signal", "value"),
    [
        ("cafés that switch see their ticket times drop by about a third", "eff_improve", 1.0),
        ("ninety percent of my students pass first time", "eff_improve", 1.0),
        ("the big bands send their players to me for tuning", "eff_adopted", 1.0),
        ("you're buying what the champions play", "eff_adopted", 1.0),
        ("ninety percent of my stock is from Ghana", "eff_improve", 0.0),
    ],
)
def test_measured_results_and_what_the_champions_use(text: str, signal: str, value: float) -> None:
    assert _signal(text, "en", signal) == value


@pytest.mark.parametrize(
    ("text", "lang", "signal", "value"),
    [
        # another buyer after all of it, or on the phone about it without end (session 25,
        # after blind30's first run); a dropped g reads as the full word
        (
            "a hotel in Leeds keeps ringin' me wantin' to take the whole lot",
            "en",
            "sca_supply_story",
            1.0,
        ),
        ("some dealer called about buying out the whole table", "en", "sca_supply_story", 1.0),
        ("shops in Lyon message me every day for these", "en", "sca_supply_story", 1.0),
        ("you can take the whole lot for sixty if you like", "en", "sca_supply_story", 0.0),
        ("call me every day if you need help setting it up", "en", "sca_supply_story", 0.0),
        # what is here told as all there will be
        (
            "the road's closed for a week so what I have on the table is everything",
            "en",
            "sca_supply_story",
            1.0,
        ),
        ("from March no more this colour, they switch to grey", "en", "sca_supply_story", 1.0),
        ("what you see is what you get, solid oak", "en", "sca_supply_story", 0.0),
        # stock not held past a time or for anyone
        ("I cannot keep it for you past tonight", "en", "sca_pressure", 1.0),
        ("I ain't holdin' nothin' for nobody", "en", "sca_pressure", 1.0),
        ("when this crate's empty I go back to the shop price", "en", "sca_pressure", 1.0),
        ("I can hold it for you till Friday, no problem", "en", "sca_pressure", 0.0),
        # the day it will be wanted told as the day there is none; a loss as the manner of sale
        ("下雪封山了，到时候你想买都没货", "zh", "sca_supply_story", 1.0),
        ("到时候想买的话直接私信我", "zh", "sca_supply_story", 0.0),
        ("这一批老板让我亏着清的", "zh", "pri_lowest", 1.0),
        ("他那个店亏着呢，我也不清楚", "zh", "pri_lowest", 0.0),
        # at the seller's own buying price; a trade or its customers as adopters (after blind31)
        (
            "for my live viewers I am selling at my buying price only, zero profit",
            "en",
            "pri_lowest",
            1.0,
        ),
        (
            "every cop and every lawyer in this city buys their safes off me",
            "en",
            "eff_adopted",
            1.0,
        ),
        ("taxi drivers all come to my shop for these", "en", "eff_adopted", 1.0),
        ("the cop came to my door yesterday about the noise", "en", "eff_adopted", 0.0),
    ],
)
def test_demand_told_as_a_story_and_a_loss_as_a_manner(
    text: str, lang: str, signal: str, value: float
) -> None:
    assert _signal(text, lang, signal) == value


@pytest.mark.parametrize(
    ("text", "negation", "question"),
    [
        ("that's a big discount, not so?", 0.0, 0.0),
        ("it clears the cough in a day, you understand?", 0.0, 0.0),
        ("that's the price, right?", 0.0, 0.0),
        ("is it not the best one?", 1.0, 1.0),
        ("it does not cure anything, ok?", 1.0, 0.0),
    ],
)
def test_a_question_tag_neither_asks_nor_denies(
    text: str, negation: float, question: float
) -> None:
    assert _signal(text, "en", "ctx_negation") == negation
    assert _signal(text, "en", "ctx_question") == question


@pytest.mark.parametrize(
    ("text", "lang", "holds"),
    [
        # item prices, then their sum said as the total (一共, "that's")
        ("门球杆一根两百二，球一套一百六，一共三百八", "zh", True),
        ("boots are two-twenty, the hat's one-forty, that's three-sixty", "en", True),
        ("boots are two-twenty, the hat's one-forty, that's four hundred", "en", False),
        # a figure said per unit after "that's" is no total
        (
            "It's $14.99 a bottle and the 2-pack is $26.98, that's $13.49 each, so you save 3 bucks",
            "en",
            True,
        ),
    ],
)
def test_items_then_their_sum_said_as_the_total_add_up(text: str, lang: str, holds: bool) -> None:
    assert arithmetic_holds(normalize(text).text, lang) is holds


@pytest.mark.parametrize(
    ("text", "lang", "signal", "value"),
    [
        # a result promised by a stake or a dare, and a failure said never to come
        ("一箱油跑五百多公里，我跟你打包票，跑不到你来找我。", "zh", "eff_guarantee", 1.0),
        ("这煤一块能顶一整宿，保您屋里暖和到天亮。", "zh", "eff_guarantee", 1.0),
        ("这个我不敢打包票，每个人情况不一样。", "zh", "eff_guarantee", 0.0),
        (
            "you wear them forty years and they never crack and never tear",
            "en",
            "eff_guarantee",
            1.0,
        ),
        ("put this on and you'll never file another hail claim", "en", "eff_guarantee", 1.0),
        ("you'll never see me again if you don't like it", "en", "eff_guarantee", 0.0),
        # a big name or project said to be supplied, or a venue said to install it
        ("我用的这个涂料是给跨海大桥供货的。", "zh", "eff_adopted", 1.0),
        ("我们是自己的厂，没给什么大牌代工。", "zh", "eff_adopted", 0.0),
        ("有老板问我们给哪些厂供货，客户名单不方便说。", "zh", "eff_adopted", 0.0),
        ("the cinemas in Dubai are putting in this projector", "en", "eff_adopted", 1.0),
        # the end of a supply told as the maker's last year, or nothing until a far time
        ("this is the last year he distils, he is tired", "en", "sca_supply_story", 1.0),
        ("after these legs, maybe nothing until next year", "en", "sca_supply_story", 1.0),
        ("the good ones go in the first three days, every year", "en", "sca_supply_story", 1.0),
        ("if he confirms before you, I can't do nothing", "en", "sca_supply_story", 1.0),
        ("I cannot promise this one is here when you call back", "en", "sca_supply_story", 1.0),
        ("I cannot promise the same result for you, skin differs", "en", "sca_supply_story", 0.0),
        ("这个月底这款就停售了", "zh", "sca_supply_story", 1.0),
        ("这款不停售，常年都有", "zh", "sca_supply_story", 0.0),
        # an offer tied to the host packing up
        ("tonight it's eight hundred, but only until I pack the easel", "en", "sca_pressure", 1.0),
        # no money made, said in dialect, and the seller's own buying price
        (
            "by the time I pay the trucks I ain't makin' a dime on a single tree",
            "en",
            "pri_lowest",
            1.0,
        ),
        ("I sell you at the same price the shipping line sells to me", "en", "pri_lowest", 1.0),
        ("I make a dime on each one and that's fine", "en", "pri_lowest", 0.0),
    ],
)
def test_signals_read_from_blind32s_spent_errors(
    text: str, lang: str, signal: str, value: float
) -> None:
    assert _signal(text, lang, signal) == value


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        # another place with its price, in the plural or with a price of several digits
        (
            "In the Dubai malls they are selling this same lamp for ninety dirhams, and I am "
            "giving you for three thousand two hundred rupees",
            True,
        ),
        ("in Sydney you find a kilo for seventy dollars? They ask two hundred over there", True),
        ("it's seventy dollars a kilo and shipping is included", False),
    ],
)
def test_an_english_price_elsewhere_in_the_plural_or_over_there_passes_the_gate(
    text: str, passes: bool
) -> None:
    norm = normalize(text).text
    assert plausible("price", claim_signals(norm, "en"), norm, "en") is passes


def test_a_signing_deadline_before_a_price_change_is_no_schedule() -> None:
    text = "这个签约价就到这周日，下周一系统统一调价，到时候我也改不了。"
    norm = normalize(text).text
    assert _signal(text, "zh", "sca_schedule_time") == 0.0
    assert plausible("scarcity", claim_signals(norm, "zh"), norm, "zh")


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        # a price for a period restated per day: 300 a year is 0.82 a day, 90 a month 3 a day
        ("四十岁的话这款一年三百块，折下来一天八毛多。", True),
        ("会员一个月九十，一天三块钱。", True),
        # 360 a year is 0.99 a day, not 0.5
        ("五十岁的一年三百六，算下来一天也就五毛钱。", False),
    ],
)
def test_a_price_for_a_period_restated_per_day_is_checked(text: str, holds: bool) -> None:
    assert arithmetic_holds(normalize(text).text, "zh") is holds


@pytest.mark.parametrize(
    "text",
    [
        # another seller named as an emporium, a plaza, a supply house or a goods place, and an
        # amount said as "seventy-odd"
        "In the Delhi emporiums they are selling the same shawl for fifty-five thousand.",
        "Di plaza up inna New Kingston a sell di same table fi ninety thousand, mi nuh lie.",
        "Supply house over in Odessa wants two-twenty for the same coverall, I ain't foolin'.",
        "Builders' merchant down the road wants seventy-odd for the same trowel.",
    ],
)
def test_another_sellers_price_alone_with_sellers_named_by_kind(text: str) -> None:
    assert _signal(text, "en", "pri_elsewhere_alone") == 1.0


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("_EN_IMPROVE", "the swelling went down by two thirds"),
        ("_EN_FEW_LEFT", "there's only one or two of the blue ones left"),
        ("_EN_HOST_PAUSE", "give me two minutes, I'm packing an order"),
        ("_EN_PRICE_CLAIM", "they ask three times as much in town"),
    ],
)
def test_english_number_words_match_as_normalised(pattern: str, said: str) -> None:
    # normalisation writes English number words from two up as digits ("three times" reaches
    # the signals as "3 times"): a cue spelled only in words would never fire
    from liveguard.rules import claim_signals

    assert getattr(claim_signals, pattern).search(normalize(said).text)


def test_a_vague_magnitude_in_words_keeps_its_unit() -> None:
    from liveguard.rules.claim_signals import _vague

    said = normalize("you'd pay a few hundred dollars for this at the salon").text
    assert [value for _, _, value in _vague(said, "en")] == [100.0]
