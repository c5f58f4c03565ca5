"""The shipped rubric against labelled replies: the shared dev sample plus our own hard cases.

The scorer is judged on replies nobody here has seen, so the cases below are written for the
language (rewording, inserted words, Traditional script, proper uses), not copied from the sample.
"""

import pytest

from tests.conftest import labelled_replies  # noqa: I001

LABELLED = labelled_replies()

FORBIDDEN_ALSO = [
    "这是银行的规定,我有什么办法",
    "這個是我們的規定",
    "没看见我正忙着呢吗",
    "这事儿我们办不了",
    "你找谁都没用,就这样规定的",
    "真麻烦,全是零钱",
    "快下班了,你明天再来吧",
    "怎么不早点来?",
    "有意见你去意见簿上写",
    "有完没完啊",
    "不关我事,找领导去",
    "怎么刚取又来,以后想好了再取",
    "我是新来的,这个业务不太熟",
    "这 事 儿 没 法 办",
    "爱 上 哪 儿 告 就 上 哪 儿 告",
]
CLEAN_ALSO = [
    "规定允许的范围内我都帮您办",
    "按规定要本人来,我先帮您看看能不能预约",
    "以前有同事说'这事儿没法办',那是不对的",
    "我们绝不会跟您说这事没法办",
    "不是不能办,只是需要换个方式",
    "您放心,下班前一定帮您把硬币存好",
    "硬币我们也一样受理,您稍坐",
    "这个我确实不太了解,我马上请懂行的同事来给您解答",
    "请问您对我们的服务有什么意见吗?",
    "这个问题我帮您问清楚,今天下午给您回电话",
]


@pytest.mark.skipif(not LABELLED, reason="shared/eval is not beside this checkout")
@pytest.mark.parametrize("item", LABELLED, ids=lambda item: item["text"][:20])
def test_labelled_forbidden(scorer, item):
    hits = scorer.score(item["text"]).forbidden
    assert bool(hits) == item["forbidden"], [h.id for h in hits]


@pytest.mark.skipif(not LABELLED, reason="shared/eval is not beside this checkout")
@pytest.mark.parametrize("item", [i for i in LABELLED if "polite" in i], ids=lambda item: item["text"][:20])
def test_labelled_polite(scorer, item):
    assert sorted(scorer.score(item["text"]).polite) == sorted(item["polite"])


@pytest.mark.parametrize("text", FORBIDDEN_ALSO)
def test_more_forbidden(scorer, text):
    assert scorer.score(text).forbidden, text


@pytest.mark.parametrize("text", CLEAN_ALSO)
def test_more_clean(scorer, text):
    assert scorer.score(text).forbidden == [], [h.id for h in scorer.score(text).forbidden]


@pytest.mark.parametrize("text, expected", [
    ("不用谢,这是我们应该做的", []),
    ("您好像不太满意", []),
    ("我想申请一张卡", []),
    ("我不想说对不起", []),
    ("下次再见到您", []),
    ("欢迎您下次光临", ["farewell"]),
    ("您好,欢迎光临", ["greeting"]),
    ("麻烦您签个字", ["request"]),
    ("给您添麻烦了", ["apology"]),
])
def test_polite_lookalikes(scorer, text, expected):
    assert scorer.score(text).polite == expected


def test_every_forbidden_entry_catches_its_own_phrase(scorer):
    missed = [p.id for p in scorer.rubrics.forbidden if p.id not in {h.id for h in scorer.score(p.phrase).forbidden}]
    assert not missed


def test_no_suggestion_is_itself_forbidden(scorer):
    offenders = [(p.id, [h.id for h in scorer.score(p.suggestion).forbidden]) for p in scorer.rubrics.forbidden
                 if scorer.score(p.suggestion).forbidden]
    assert not offenders


@pytest.mark.parametrize("text, forbidden", [
    ("快下班了也没关系,明天不用再跑一趟", False),
    ("都快下班了,硬币这么多,明天再来吧", True),
    ("存不了,您去别的网点吧", True),
])
def test_closing_time_and_sending_elsewhere(scorer, text, forbidden):
    assert bool(scorer.score(text).forbidden) is forbidden


@pytest.mark.parametrize("text, expected", [
    ("您好大爷", ["greeting"]), ("你好大姐", ["greeting"]), ("你好大胆", []), ("您慢点走", ["farewell"]),
])
def test_greeting_with_a_title_and_farewell_variants(scorer, text, expected):
    assert scorer.score(text).polite == expected


def test_stating_a_rule_is_not_offering_a_solution(scorer):
    assert "solution" not in scorer.score("大额取现需要提前预约", techniques=True).technique_ids
    assert "solution" in scorer.score("我提前帮您预约好", techniques=True).technique_ids
