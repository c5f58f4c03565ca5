"""Telling a forbidden phrase *said* from the same words *used properly*.

These proper uses are recognised, each narrowly, because a blanket "a 不 nearby" rule would
let "不好意思,这是规定" through:

- a double negative: 不是不能办 means it *can* be done;
- speech disowned: "我们绝不会说这事没法办", "千万别说…";
- a phrase quoted or reported in order to reject it: "以前有同事说'这事没法办',那是不对的",
  "'这是规定'这句话不能说";
- a concession the speaker then acts against: "虽然这不是我们柜台的业务,但我亲自带您过去".
  The words are granted only to be overridden by what the speaker will do, so the customer is
  not turned away; "虽然…,但我也没办法" has no action and still counts;
- a statement denied or a demand disowned: 如果查实不是您本人签的, 不是让您明天再来.

Apart from them: an A-not-A question (is_asked) never said the phrase at all, and a refusal
followed by what can be done (offers_a_way) is good service for the entries marked ``way_out``.
"""

from __future__ import annotations

import re

from trainer.language.text import BOUNDARIES, CLAUSE_BREAKS, QUOTE, clause_bounds

_NEGATION_HEADS = "不没无别"
_DOUBLE_NEGATION = re.compile(r"(不是|并不是|并非|也不是|绝不是|没有|不会|并没有)$")
_DISOWNED_SPEECH = re.compile(
    r"(不会|绝不会|决不会|从不|从来不|绝不|决不|不能|不该|不应该|不应|不要|别|千万别|千万不要|不可以|不许|禁止|不准|避免|切忌|忌|不敢|可不敢|不兴|"
    r"没|没有|从没|从来没|并没|并没有)"
    r"(再|随便|随口|轻易)?(对|跟|和|向)?(客户|顾客|您|你|人家|别人)?(说|讲|回答|回复|使用|用)(出|过|这种话|这样的话)?[:\"]*$"
)
_REPORTED_SPEECH = re.compile(r"(同事|有人|别人|他|她|他们|以前|之前|原来|上次|那位|柜员|员工|坐席)[^\"]{0,8}(说|讲|回答|回复|回|告诉)(过|了)?(您|你)?[:\"]*$")
_REJECTION = re.compile(
    r"(不对|不应该|不该|不妥|不合适|不礼貌|错误|错的|是错|说错|不是理由|唔啱|唔应该|忌语|禁语|不可以这样|不能这样|不能这么|不规范|要不得|不可取|道歉|对不起|"
    r"(不能|不该|不要|别|不可以|不许|不准|不会|不敢)(再)?((对|跟|和|向)(客户|顾客|人家|别人|您|你))?(说|讲|用)|"
    r"不(对|跟|和|向)(客户|顾客|您|你)(说|讲)|(话|句)(我|我们)(也|可|从来|绝)?不(说|讲)|推卸|推诿|踢皮球|敷衍|打发|不允许|失职|失误|甩给客户|扔给客户|丢给客户|现在(我们|不|都)|伤人|不像话|不专业|不尊重|不负责|不这样|不这么说|不会这样)"
)
_CONCESSION = re.compile(r"(虽然|虽说|尽管|即使|即便|就算|哪怕)")
# After the conceded words: a "but" and the speaker doing something for the customer.
_BUT_I_ACT = re.compile(
    r"[^。！？!?；;\n]{0,12}?(但是|但|不过|可是),?(我们|我)[^。！？!?；;\n]{0,4}?"
    r"(会|来|帮|给|替|为|带|陪|马上|一定|亲自|先|去|现在|这就|立刻)"
)


def _before(text: str, start: int, width: int = 14) -> str:
    left = max(0, start - width)
    window = text[left:start]
    cut = max((i for i, ch in enumerate(window) if ch in BOUNDARIES), default=-1)
    return window[cut + 1:]


def _inside_quotes(text: str, start: int, end: int) -> bool:
    sentence_start, sentence_end = clause_bounds(text, start, end)
    opened = text.count(QUOTE, sentence_start, start) % 2 == 1
    return opened and QUOTE in text[end:sentence_end]


def _rejected_nearby(text: str, start: int, end: int) -> bool:
    """A rejection in the same sentence or the next, outside the phrase itself."""
    sentence_start, sentence_end = clause_bounds(text, start, end)
    after_end = sentence_end
    if after_end < len(text):
        after_end = clause_bounds(text, sentence_end + 1, sentence_end + 1)[1]
    return bool(_REJECTION.search(text[sentence_start:start]) or _REJECTION.search(text[end:after_end]))


_NEGATED_BEFORE = re.compile(
    r"(不|没|别|不会|不能|没法|没有|无法|不要|不想|不用|不必|无需|无须|不需要|没必要|不想说|不会说|不愿说|不愿意|别说|不要说|"
    r"没什么好|没什么可|有什么好|用不着|犯不着|凭什么|何必|才不)$"
)


def is_a_not_a(text: str, pos: int) -> bool:
    """能不能 / 会不会 / 是不是 / 有没有: a question, not a negation (看能不能退 offers to try)."""
    return (0 < pos and pos + 1 < len(text) and text[pos] in "不没" and text[pos - 1] == text[pos + 1]) or \
        text.startswith("可不可以", max(0, pos - 1))


def is_negated(text: str, start: int) -> bool:
    """A positive phrase right after a negation (我不帮您办) says the opposite of itself."""
    window = max(0, start - 5)
    found = _NEGATED_BEFORE.search(text[window:start])
    return bool(found) and not is_a_not_a(text, window + found.start())


def is_double_negative(text: str, start: int, end: int) -> bool:
    """不是不能办; also with the phrase quoted: 这不是"不归我管"的事."""
    before = text[max(0, start - 5):start].rstrip(QUOTE)
    return end > start and text[start] in _NEGATION_HEADS and bool(_DOUBLE_NEGATION.search(before))


def is_disowned(text: str, start: int, end: int) -> bool:
    before = _before(text, start)
    if _DISOWNED_SPEECH.search(before):
        return True
    if _inside_quotes(text, start, end) or _REPORTED_SPEECH.search(before):
        return _rejected_nearby(text, start, end)
    return False


def is_conceded(text: str, start: int, end: int) -> bool:
    """虽然 X, 但我… : X is granted, then overridden by what the speaker does (see module doc)."""
    sentence_start, _ = clause_bounds(text, start, end)
    return bool(_CONCESSION.search(text, sentence_start, start)) and bool(_BUT_I_ACT.match(text, end))


# What the speaker will do instead, said after a refusal: 我带您过去, 您可以先办张临时身份证,
# 您先办个临时身份证就能办, 不过转账我还能帮您弄, 补办好了直接来找我. "我也没办法" and "你可以走了"
# offer nothing.
_A_WAY = re.compile(
    r"(我|我们|咱们)[^。！？!?；;\n]{0,6}?(帮|给|替|为|带|陪)(您|你)"
    r"|(我|我们)(这就|马上|现在就|先|可以|会|来)[^。！？!?；;\n]{0,6}?(办|联系|安排|申请|打电话|问|查|处理|预约|登记)"
    r"|(您|你)[^。！？!?；;\n]{0,8}?(可以|能|不妨)(先|去|到|用|在|通过|改|选|拨|打|预约|明天|下次|带|办|换|再|跟|找|联系|核实|咨询)"
    r"|(您|你)先(去|到|办|拿|带|用|在|补|开|换)[^。！？!?；;\n]{0,10}?(就能|就可以|再来|再办)"
    r"|(不过|但是|可是|或者)[^。！？!?；;\n]{0,12}?(可以|能|帮|给|带|陪)"
    r"|(补办|补好|办好|弄好|带齐|备齐|准备好|拿到)[^。！？!?；;\n]{0,8}?(再来|来找我|直接来|过来|就能|就可以)"
    r"|(麻烦|请)(您|你)[^。！？!?；;\n]{0,4}?(重新|重填|重写|再填|补填|补办|补|换一张)"
    r"|(麻烦|请)(您|你)[^。！？!?；;\n]{0,2}?(先|稍)(到|去|在|坐|等)"
    r"|(我|我们)(已经|正在)在?(抢修|处理|联系|安排|修|查)"
    r"|(我|我们)(打个?电话|去问|问一下|问问|查一下|查查|核实一下|确认一下)"
    r"|(我|我们)把[^。！？!?；;\n]{0,12}?(给|发给|告诉|写给)(您|你)"
    r"|(我|我们)[^。！？!?；;\n]{0,6}?把(您|你)的(问题|事)[^。！？!?；;\n]{0,4}?(解决|处理|办)"
    r"|(我|我们)[^。！？!?；;\n]{0,6}?(马上|立刻|第一时间|就)(通知|告诉|联系|打电话给|回电给)(您|你)"
    r"|可以(去|到)[^。！？!?；;\n]{0,12}?(网点|支行|分行|营业厅|柜台|自助|机器|atm)"
    r"|(告诉|说明|列出|写给)(您|你)[^。！？!?；;\n]{0,6}?(补|带|准备|提供)"
    r"|需要(您|本人|持卡人|户主)[^。！？!?；;\n]{0,4}?(到场|到柜台|亲自|带|提供|补)"
    r"|(您|你)(到|去)[^。！？!?；;\n]{0,4}?\d+号(窗口|柜台)"
)


def offers_a_way(text: str, start: int, end: int) -> bool:
    """A refusal followed, in the same sentence or the next two, by what can be done instead: a
    rule stated with an alternative is good service (停电了暂时办不了,我打电话让隔壁网点先给您办).
    A refusal insisted on (办不了就是办不了) shuts the door whatever follows it."""
    if "就是" in text[start:end]:
        return False
    stop, sentences = end, 0
    while stop < len(text) and sentences < 3:
        if text[stop] in BOUNDARIES:
            sentences += 1
        stop += 1
    return bool(_A_WAY.search(text, end, stop))


def has_a_not_a(text: str) -> bool:
    return any(is_a_not_a(text, i) for i in range(len(text)))


_DENIED = re.compile(r"(不|并不|也不|绝不)$")
_RHETORICAL_END = re.compile(r"[^。！？!?；;\n]*?(吗|么|嘛)")


def is_denied(text: str, start: int, end: int) -> bool:
    """A 是… statement said with 不 before it denies it (如果查实不是您本人签的); 不是你自己弄错的吗
    is the blame asked back, so a clause ending in 吗 still counts."""
    return text.startswith("是", start) and bool(_DENIED.search(text, max(0, start - 2), start)) \
        and not _RHETORICAL_END.match(text, end)


_NOT_ASKED_TO = re.compile(r"(不是|并不是|并没有|没有|不用|不必|不会)(让|叫|要|请)(您|你)$")


def is_proper_use(text: str, start: int, end: int) -> bool:
    """The phrase's own words, said to mean something else: 不是不能办, "千万别说…", 虽然…但我…,
    不是您本人签的, 不是让您明天再来."""
    return (is_double_negative(text, start, end) or is_disowned(text, start, end) or is_conceded(text, start, end)
            or is_denied(text, start, end) or bool(_NOT_ASKED_TO.search(text, max(0, start - 6), start)))


def is_asked(text: str, start: int, end: int) -> bool:
    """An A-not-A question inside the hit (能不能办, 行不行), or one whose second A starts it
    (是不是您本人同意的 holds 是您本人同意的): the words were never the phrase. Not for a phrase that
    is itself such a question (有完没完, 懂不懂): there it is the offence."""
    return any(is_a_not_a(text, i) for i in range(max(0, start - 1), end))


# Sentence-final particles and leading interjections that leave a bare reply bare: 我不知道啊, 哎,自己找.
_EDGE_AFTER = frozenset("啊呀吧呢哦嘛了的哈啦嘞呗哇喔噢" + QUOTE)
_EDGE_BEFORE = frozenset("哎唉嗯喂哼噢哦" + QUOTE)
_BARE_SUBJECT = re.compile(r"(那|那么)?(你们|你|您)?(就|还是|先)?$")


def stands_alone(text: str, start: int, end: int) -> bool:
    """A bare reply is its whole clause, give or take its subject and particles: "我不知道。"
    and "你自己找吧" brush the customer off, "我不知道您遇到了这么多麻烦" starts an apology."""
    left, right = clause_bounds(text, start, end, CLAUSE_BREAKS)
    said = text[start:end]
    # Said twice is still bare: 没了没了, 不知道不知道.
    before = text[left:start].replace(said, "").lstrip("".join(_EDGE_BEFORE))
    after = text[end:right].replace(said, "")
    return bool(_BARE_SUBJECT.fullmatch(before)) and all(ch in _EDGE_AFTER for ch in after)
