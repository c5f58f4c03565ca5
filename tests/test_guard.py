"""Proper uses of forbidden words at the language layer: a concession the speaker overrides, and a
quoted phrase rejected with 不能说 / 敷衍 / 推卸责任."""

import pytest

from trainer.language.guard import is_proper_use
from trainer.language.text import normalize


def _proper(text: str, phrase: str) -> bool:
    norm = normalize(text)
    start = norm.text.index(phrase)
    return is_proper_use(norm.text, start, start + len(phrase))


@pytest.mark.parametrize("text, phrase", [
    ("虽然这不是我们柜台的业务,但我亲自带您去对应的窗口", "不是我们柜台的业务"),
    ("尽管这是规定,不过我可以帮您申请特殊处理", "这是规定"),
    ("虽然快下班了,但我一定帮您办完", "下班了"),
])
def test_a_concession_the_speaker_overrides_is_proper(text, phrase):
    assert _proper(text, phrase)


@pytest.mark.parametrize("text, phrase", [
    ("虽然这是规定,但我也没办法", "这是规定"),
    ("虽然不归我管,但你可以问别人", "不归我管"),
    ("这是规定,我帮您看看", "这是规定"),
])
def test_a_concession_without_the_speaker_acting_still_counts(text, phrase):
    assert not _proper(text, phrase)


@pytest.mark.parametrize("text, phrase", [
    ('我们培训时学过,"这是规定"这句话不能说', "这是规定"),
    ('说"这不归我管"是推卸责任,我来处理', "不归我管"),
    ('您说"这是规定"这种话很敷衍,我同意', "这是规定"),
    ('"你自己研究"这种话我们不能对客户说,我来给您讲', "自己研究"),
])
def test_a_quoted_phrase_rejected_is_proper(text, phrase):
    assert _proper(text, phrase)


def test_a_quoted_phrase_meant_is_not():
    assert not _proper('我跟您说了"这是规定",您还问', "这是规定")


@pytest.mark.parametrize("text, phrase, proper", [
    ("不好意思,我没有说不给您办,硬币也可以存", "不给您办", True),
    ("我没说过这是规定,是我没讲清楚", "这是规定", True),
    ("我从来没说过不给您办", "不给您办", True),
    ("你没说清楚,不给你办", "不给你办", False),
])
def test_denying_having_said_a_phrase_is_not_saying_it(text, phrase, proper):
    """A blind trainee's 我没有说不给您办 was charged as refusing the customer (coin-deposit-elder)."""
    assert _proper(text, phrase) is proper


@pytest.mark.parametrize("text", [
    "停电了暂时办不了现金业务,大概半小时恢复,或者我打电话让隔壁网点先给您办。",
    "身份证过期了确实办不了,因为联网核查过不去,您可以先办张临时身份证再来。",
    "柜台三点半后确实不能办现金了,不过自助机二十四小时能存,我带您过去操作。",
    "插队我们确实不能办,您如果只是咨询,可以去大堂经理那儿问。",
    "身份证过期了暂时办不了,不是为难您,是怕别人冒用;您先办个临时身份证就能办。",
    "您的身份证过期了,这个业务暂时办不了,麻烦您先去派出所补办,办好后直接来找我。",
])
def test_a_refusal_with_an_alternative_is_good_service(scorer, text):
    assert not scorer.score(text).forbidden


@pytest.mark.parametrize("text", [
    "这个办不了,我也没办法。",
    "办不了,你可以走了。",
    "今天不办了,明天再说。",
    "办不了就是办不了,您可以去别的网点问问。",
])
def test_a_flat_refusal_still_counts(scorer, text):
    assert scorer.score(text).forbidden


@pytest.mark.parametrize("text, phrase", [
    ('这不是"不归我管"的事,我帮您问清楚', "不归我管"),
    ('"这不归我管"这种话我不会说,我带您去理财柜台', "不归我管"),
    ('我可不敢说"有完没完",您有啥不明白的尽管问', "有完没完"),
    ('您说的"找领导去"那话我不说,这事儿我给您办到底', "找领导去"),
])
def test_a_phrase_the_speaker_refuses_to_say_is_proper(text, phrase):
    assert _proper(text, phrase)


@pytest.mark.parametrize("text", [
    '上回有人跟您说"不归我管",那是他说错了,这事儿就归我们管,我现在给您办。',
    '您说得对,"我们一直都是这样的"不是理由,我会反映给网点负责人。',
    '我们不兴说"怎么不早点来"这种话,您赶上了就是赶上了,坐。',
    '以前有人跟客户说"有意见簿,写去",这样很不负责任,您的意见我当面给您记录。',
])
def test_a_quoted_phrase_called_wrong_is_not_said(scorer, text):
    """Round-five probe lines: 说错了, 不是理由, 不兴说, 不负责任 reject what they quote."""
    assert not scorer.score(text).forbidden


@pytest.mark.parametrize("text, flagged", [
    ("假币这张不能退给您,这是人民银行的规定,收缴凭证您收好,您可以去指定机构申请鉴定。", False),
    ("这个问题我确实不知道,但不能糊弄您,我马上打电话问一下后台。", False),
    ("这是规定,我也没办法。", True),
    ("我不知道。", True),
])
def test_a_rule_or_a_denial_with_what_can_be_done_is_proper(scorer, text, flagged):
    """``way_out`` entries (a rule, a bare denial) are proper when an alternative follows."""
    assert bool(scorer.score(text).forbidden) is flagged


@pytest.mark.parametrize("text", [
    "但到底是不是您本人同意的,我得调当时的签字单据才能确认。",
    "您看这事能不能办,我帮您问问。",
])
def test_a_question_whose_second_half_reads_as_a_phrase_is_a_question(scorer, text):
    """A blind trainee's 是不是您本人同意的 was charged as blaming the customer (phone-fee-dispute)."""
    assert not scorer.score(text).forbidden


@pytest.mark.parametrize("text, flagged", [
    ("如果查实不是您本人签的,这一年的24块全额退回到这张卡上。", False),
    ("这不是你自己弄错的吗?", True),
    ("唔應該要你自己打電話發傳真,我而家幫你聯絡分行。", False),
    ("你自己打电话去问。", True),
])
def test_a_statement_denied_or_a_demand_disowned_is_not_said(scorer, text, flagged):
    """Blind round 7: a good reply's 不是您本人签的 and 唔應該要你自己打電話 were charged."""
    assert bool(scorer.score(text).forbidden) is flagged


@pytest.mark.parametrize("text", [
    "不能办并不是我说了算,是这张卡被司法冻结了,我把冻结单位的联系电话给您,您可以跟他们核实。",
    "凭证上的印章有点模糊,我不能受理,不然到对方银行会被退票,麻烦您重新盖一下,我在这等您。",
    "对不起,停电了暂时不能办理,我们已经在抢修,请您先到休息区坐一下,谢谢您的理解。",
    "不是让您明天再来,硬币我们现在就收,只是点得慢一点,请您稍坐。",
    "培训时讲过,'这是规定'这四个字不能单独甩给客户,得把为什么也讲清楚。",
    "这个我不知道准确答案,不想随便告诉您一个错的,请您稍等,我打个电话问清楚。",
])
def test_round_five_set_s_hard_clean_lines(scorer, text):
    """Set S, written blind to be hard on the clean side: a way forward read in more words
    (跟他们核实, 重新盖, 已经在抢修, 我打个电话), 不是让您…, a quote called 甩给客户."""
    assert not scorer.score(text).forbidden
