"""Rubric gaps reported by the scenario writers, as cases: each family is tested with the
reported line and a few rewordings of our own, so the fix is in the wording family, not the line.
"""

import pytest

from trainer.scoring.concepts import ConceptMatcher
from trainer.language.text import normalize_text
from trainer.scoring.concepts import technique_concepts

# ------------------------------------------------------------------ forbidden phrases caught
FORBIDDEN = [
    # impossible-denial: 扣错 / 弄错 / 出错 family after a system or bank subject
    ("我们系统不可能扣错的", "impossible-denial"),
    ("系统绝对不可能算错", "impossible-denial"),
    ("我们银行的系统是不可能弄错的", "impossible-denial"),
    ("银行怎么可能弄错", "impossible-denial"),
    ("机器是不会少给钱的", "impossible-denial"),
    # powerless / rule-no-use
    ("这个我们也是没有办法的事情,要求就是这样", "powerless"),
    ("这个我们也是没有办法的事情,要求就是这样", "rule-no-use"),
    ("我也是没办法,就是这么规定的", "powerless"),
    ("我也是没办法,就是这么规定的", "rule-no-use"),
    ("流程就是这样的", "rule-no-use"),
    ("上面就是这么要求的", "rule-no-use"),
    # go-complain
    ("您可以去投诉,这是您的权利", "go-complain"),
    ("你可以打投诉电话", "go-complain"),
    ("您随时可以去投诉我们", "go-complain"),
    ("您有权投诉,电话在墙上", "go-complain"),
    # customer-at-fault: 你们, and blaming the customer's own signature or act
    ("那是您自己开卡的时候签的", "customer-at-fault"),
    ("你们自己也有不对的地方,章都盖错了", "customer-at-fault"),
    ("合同是您自己签的", "customer-at-fault"),
    ("当初是您自己同意的", "customer-at-fault"),
    ("你们本身也有责任", "customer-at-fault"),
    # colleague-did-it: inserted words
    ("那是其他同事答应您的,不是我。", "colleague-did-it"),
    ("那不是我卖给您的,是小周卖的。", "colleague-did-it"),
    ("是之前的客户经理推荐给您的", "colleague-did-it"),
    ("那是别的柜员给你办的", "colleague-did-it"),
    ("这不是我推荐给你的", "colleague-did-it"),
    # cannot-do: bare 没办法
    ("这个没办法。", "cannot-do"),
    ("这个我们真没办法", "cannot-do"),
    ("这事我也没辙", "cannot-do"),
    # never-said: 我们, object after
    ("我们没说过周六营业", "never-said"),
    ("我们从来没说过保本", "never-said"),
    ("我们可没这么说", "never-said"),
    ("我们什么时候答应过您", "never-said"),
    # not-my-business: 跟/和/与 … 没关系
    ("这是市场风险,跟我们银行没关系。", "not-my-business"),
    ("这是基金公司的事,跟我们没有关系", "not-my-business"),
    ("亏了跟银行没什么关系", "not-my-business"),
    ("这事与我们网点毫无关系", "not-my-business"),
    # others-are-fine: inserted words
    ("别人买了都觉得挺好呀。", "others-are-fine"),
    ("其他客户用了都没意见", "others-are-fine"),
    ("大家用了都没问题", "others-are-fine"),
    ("其他客户买了都说不错", "others-are-fine"),
    # found by the fresh probe H of this round
    ("年费是系统自动扣的,我们这边也没办法哈", "powerless"),
    ("妈的系统又抽风了,要等你就等", "mockery"),
    # found by the blind players of this round
    ("这里是银行不是菜市场", "dismissive-challenge"),
    ("两块钱的事你至于吗?", "dismissive-challenge"),
    ("没了没了,下礼拜再说", "dismiss-bare"),
    ("你自己看合同", "look-for-yourself"),
    ("站门口干嘛?", "mockery"),
    ("嫌慢你就别在这儿办", "mockery"),
    ("亏过钱那是你自己不懂", "customer-at-fault"),
    ("先生您听我说完行不行?老打断我怎么解释", "hurry-what"),
    ("师傅,您别敲玻璃了行不行,我这手又没停", "hurry-what"),
]


@pytest.mark.parametrize("text, ident", FORBIDDEN)
def test_forbidden_caught(scorer, text, ident):
    assert ident in {h.id for h in scorer.score(text).forbidden}, [h.id for h in scorer.score(text).forbidden]


# ------------------------------------------------------------------ proper uses not flagged
CLEAN = [
    # an escalation with a time is not powerlessness
    "我理解您,但是退费我这边做不了主,我帮您转给主管处理,今天下班前主管给您回电。",
    "这个我做不了主,我马上请示主任,十分钟内给您答复。",
    "这件事我没办法直接处理,我帮您联系分行,明天上午给您回话。",
    # 关门 / 下班 describing the past or kept open
    "您到的时候网点已经关门了,真是抱歉",
    "那天网点已经关门了,是我们公告没写清楚",
    "您到的时候已经关门了,让您白跑一趟,真是对不起",
    "我们已经下班了,但我还是帮您办完",
    "离下班还有半小时,来得及,我马上帮您办",
    "快下班了也没关系,我帮您办完再走",
    # 规定 as an adjective, not a shield
    "周末不营业,这是规定的营业时间",
    "这是我们的规定动作",
    "我们规定的时间是三个工作日",
    "这是规定的流程,我一步一步带您办",
    # 整理好再办 about documents, not coins
    "您整理好了再来办",
    "您把材料整理好了再来办也行,我先给您列个清单",
    "零钱您不用整理,我来帮您点",
    # 没办法 / 没法 with an alternative or as a limit
    "这个我暂时没办法马上查到,我去后台问一下,十分钟内给您答复",
    "系统暂时没法直接退,我帮您申请人工退款",
    "实在没办法的话,我们还可以走特殊审批",
    # 不清楚 followed by checking
    "这个问题我也不太清楚,稍等,我问一下同事",
    "这个我不清楚,我问一下主管再回复您",
    "这个问题我们不太清楚原因,需要查一下后台记录,请稍候",
    # look-alikes of the new forbidden wordings
    "跟我说没关系,我帮您想办法",
    "不管跟我们有没有关系,我都会帮您跟进到底",
    "如果您对处理结果不满意,还可以拨打我们的客服热线",
    "如果您对处理结果还不满意,可以再投诉",
    "投诉是您的权利,不过我先帮您把问题解决",
    "欢迎您对我们的服务进行监督",
    "请您自己确认一下金额",
    "请您在这里签字确认",
    "其他同事答应您的事,我来负责落实",
    "之前同事给您办的业务,我来帮您查",
    "是小周给您办的,我马上联系他一起处理",
    "这种事以后绝不可能再发生",
    "您的钱不可能丢,您放心",
    "这笔钱绝对不会少给您",
    "我们不可能让您白跑,今天一定给您办好",
    # found by the fresh probe H of this round
    "挂失手续费是十块,这是规定的收费项目,收费标准我拿给您看",
    '"这是规定"这种话我不跟您说,这条的意思是超过五万要填用途,防洗钱用的',
    # found by the blind players of this round
    "到3号柜台那边排队去办理就行",
    "说明书第三页也写着呢,我一条一条指给您看",
    "您要投诉是您的权利,我把投诉电话写给您,同时我先帮您解决",
    "这个我也不晓得,我马上打电话问一下,你稍微等哈",
]


@pytest.mark.parametrize("text", CLEAN)
def test_proper_use_not_flagged(scorer, text):
    assert scorer.score(text).forbidden == [], [(h.id, h.match) for h in scorer.score(text).forbidden]


# ------------------------------------------------------------------ techniques recognised
TECHNIQUES = [
    # apology
    ("对不住,让您白跑一趟", "apology"),
    ("我给您赔不是了", "apology"),
    ("我给您赔个不是", "apology"),
    ("我向您道个歉", "apology"),
    ("我替他向您道歉", "apology"),
    ("实在对不住您", "apology"),
    ("我代表网点跟您道声歉", "apology"),
    # empathy
    ("肯定很闹心", "empathy"),
    ("这事搁谁心里都窝火", "empathy"),
    ("谁摊上都着急", "empathy"),
    ("您的心情我懂", "empathy"),
    ("辛苦您了", "empathy"),
    ("理解理解", "empathy"),
    ("我能理解。", "empathy"),
    ("您生气完全可以理解", "empathy"),
    ("我特别能理解您", "empathy"),
    ("您这么生气我完全能体会", "empathy"),
    ("换到谁身上都会生气", "empathy"),
    ("确实挺让人窝火的", "empathy"),
    ("您着急我明白", "empathy"),
    # timeframe
    ("大概一周左右", "timeframe"),
    ("一周内给您答复", "timeframe"),
    ("三五天内给您结果", "timeframe"),
    ("十个工作日内到账", "timeframe"),
    ("15号之前给您答复", "timeframe"),
    ("明天给您回电话", "timeframe"),
    ("两个星期内寄到", "timeframe"),
    ("明早我给您打电话", "timeframe"),
    ("下周一前给您回复", "timeframe"),
    # ask
    ("您还希望我们怎么处理?", "ask"),
    ("她说了什么?", "ask"),
    ("能跟我具体讲讲当时的情况吗", "ask"),
    ("她当时是怎么跟您说的?", "ask"),
    ("能具体说说吗", "ask"),
    ("您最想要我们怎么解决?", "ask"),
    # listen
    ("您反映的情况我记下了", "listen"),
    ("我把您的情况记录下来了", "listen"),
    ("您的意见我已经登记了", "listen"),
    # escalate-properly
    ("我向主管反映一下", "escalate-properly"),
    ("我马上把情况反映给主管", "escalate-properly"),
    ("我会把您的意见转交给我们主管", "escalate-properly"),
]

NOT_TECHNIQUES = [
    # blind rounds 6 and 7: trainers hear 别激动 as telling the customer off, not as feeling with him
    ("请您不要激动", "empathy"),
    ("您先别激动,有什么问题可以跟我说", "empathy"),
    ("我们会尽快处理", "timeframe"),
    ("我们会尽快给您答复的", "timeframe"),
    ("请到5号窗口办理", "timeframe"),
    ("今天没法给您答复", "timeframe"),
    ("我不想说对不起", "apology"),
    ("这事没什么好道歉的", "apology"),
    ("我不想说对不住", "apology"),
    ("这有什么好赔不是的", "apology"),
    ("你对不住我", "apology"),
    ("肯定不会让您着急", "empathy"),
    ("我理解错了", "empathy"),
    ("您生气我不能理解", "empathy"),
    ("我没说什么", "ask"),
    ("我帮您查一下交易记录", "listen"),
    ("您记住了吗", "listen"),
]


@pytest.fixture(scope="module")
def techniques(scorer):
    matcher = ConceptMatcher(technique_concepts(scorer.rubrics))
    return lambda text: matcher.find(normalize_text(text))


@pytest.mark.parametrize("text, ident", TECHNIQUES)
def test_technique_recognised(techniques, text, ident):
    assert ident in techniques(text), sorted(techniques(text))


@pytest.mark.parametrize("text, ident", NOT_TECHNIQUES)
def test_technique_not_recognised(techniques, text, ident):
    assert ident not in techniques(text), sorted(techniques(text))


# ------------------------------------------------------------------ polite categories
POLITE = [
    ("叔叔好", "greeting"),
    ("阿姨好,您办什么业务", "greeting"),
    ("大爷好", "greeting"),
    ("大妈好", "greeting"),
    ("先生好", "greeting"),
    ("女士好", "greeting"),
    ("老人家好", "greeting"),
    ("王总好,请坐", "greeting"),
    ("李老师好!", "greeting"),
    ("对不住,让您久等", "apology"),
    ("我给您赔个不是", "apology"),
    ("我向您道个歉", "apology"),
    ("我替他向您道歉", "apology"),
]

NOT_POLITE = [
    ("阿姨好好休息", "greeting"),
    ("阿姨好的,我帮您办", "greeting"),
    ("这位阿姨好像不太舒服", "greeting"),
    ("先生好吧,那我给您办", "greeting"),
    ("这样总好过没有", "greeting"),
    ("祝叔叔好运", "greeting"),
    ("我不想说对不起", "apology"),
    ("这事没什么好道歉的", "apology"),
    ("你对不住我", "apology"),
    ("凭什么给你赔不是", "apology"),
    ("要我道个歉?", "apology"),
]


@pytest.mark.parametrize("text, category", POLITE)
def test_polite_recognised(scorer, text, category):
    assert category in scorer.score(text).polite, scorer.score(text).polite


@pytest.mark.parametrize("text, category", NOT_POLITE)
def test_polite_lookalike_not_counted(scorer, text, category):
    assert category not in scorer.score(text).polite, scorer.score(text).polite
