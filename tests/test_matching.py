"""Matching mechanics on a tiny rubric of our own, independent of the shipped content."""

import pytest

from trainer.scoring.rubric import load_rubrics
from trainer.scoring.scorer import Scorer

RUBRIC = """\
kind: forbidden
phrases:
  - id: rule
    phrase: 这是规定
    category: 推诿
    severity: major
    reason: r
    suggestion: s
    source: "000"
    forms: ["这(是|是我们的)规定"]
  - id: cannot
    phrase: 这事儿没法办
    category: 拒绝
    severity: major
    reason: r
    suggestion: s
    source: "000"
    forms: ["这[个|件]事…(没法|没办法|不能)办", "(没法|不能)办"]
  - id: three
    phrase: 这种问题连三岁的小孩都懂
    category: 轻视
    severity: critical
    reason: r
    suggestion: s
    source: "000"
    forms: ["这种问题连三岁的小孩都懂"]
    allow: ["连三岁的小孩都懂的道理"]
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rubric")
    (folder / "f.yaml").write_text(RUBRIC.replace("[个|件]", "[(个|件)]"), encoding="utf-8")
    return Scorer(load_rubrics(folder))


@pytest.mark.parametrize("reply, ids", [
    ("这是规定", ["rule"]),
    ("不好意思,这是规定", ["rule"]),
    ("這是我們的規定", ["rule"]),
    ("这 是 我 们 的 规 定", ["rule"]),
    ("这事儿真的没法办", ["cannot"]),
    ("这种问题连三岁的小孩都动", ["three"]),
    ("这种问题连三岁小孩都懂", ["three"]),
])
def test_forbidden_is_found(tiny, reply, ids):
    assert [h.id for h in tiny.score(reply).forbidden] == ids


@pytest.mark.parametrize("reply", [
    "不是不能办,我们换一种方式帮您办",
    "我们绝不会说这事没法办",
    '以前有同事说"这事儿没法办",那是不对的',
    "千万不要对客户说这是规定",
    "规定允许的范围内我都帮您办",
    "三岁",
    "这是",
    "这是连三岁的小孩都懂的道理,我再给您解释一遍",
])
def test_proper_use_does_not_fire(tiny, reply):
    assert tiny.score(reply).forbidden == []


def test_quoted_without_rejection_still_fires(tiny):
    assert [h.id for h in tiny.score('我跟你说了"这是规定"!').forbidden] == ["rule"]


def test_span_points_into_the_original(tiny):
    reply = "好的，這 是 我們的 規定。"
    hit = tiny.score(reply).forbidden[0]
    assert reply[hit.start:hit.end] == hit.match == "這 是 我們的 規定"


def test_fuzzy_needs_most_of_the_phrase(tiny):
    assert tiny.score("这种问题").forbidden == []
    assert tiny.score("连三岁").forbidden == []


def test_gap_does_not_cross_sentences(tiny):
    assert [h.id for h in tiny.score("这事。我们没法办").forbidden] == ["cannot"]
    assert tiny.score("这事我看看。好").forbidden == []


@pytest.mark.parametrize("reply", ["我帮您问问看能不能办", "您看这事能不能办"])
def test_a_not_a_question_is_not_a_refusal(tiny, reply):
    assert tiny.score(reply).forbidden == []


@pytest.mark.parametrize("text, start, negated", [
    ("我不帮您办", 2, True), ("我看能不能帮您办", 5, False), ("是不是帮您办", 3, False), ("可不可以帮您", 4, False),
    ("我没帮您", 2, True), ("我不想说对不起", 4, True), ("这事没什么好道歉的", 6, True),
])
def test_negation_before_a_positive_phrase(text, start, negated):
    from trainer.language.guard import is_negated

    assert is_negated(text, start) is negated


@pytest.mark.parametrize("reply, has_apology", [
    ("真是对不起,让您久等了", True),
    ("凭什么给你赔不是", False),
    ("要我道个歉?没门", False),
    ("你对不起我", False),
])
def test_apology_technique_ignores_lookalikes(scorer, reply, has_apology):
    assert ("apology" in scorer.score(reply, techniques=True).technique_ids) is has_apology


@pytest.mark.parametrize("reply, has_empathy", [("您的心情我完全理解", True), ("您的心情我不理解", False)])
def test_negation_inside_a_gap_reverses_a_technique(scorer, reply, has_empathy):
    assert ("empathy" in scorer.score(reply, techniques=True).technique_ids) is has_empathy


def test_a_wording_that_may_stop_is_still_continued_after_a_gap():
    """随时 may end one wording and begin 随时…找我 of another; the tail regexes tried the rest only
    right after 随时, so 有问题也可以随时打过来找我 was matched only as far as 随时."""
    from trainer.language.matcher import PhraseIndex
    from trainer.language.templates import Wordings

    index = PhraseIndex([("k", [v for t in ("有问题…随时", "有问题…随时…找我") for v in Wordings(t)])])
    assert [(h.start, h.end) for h in index.exact("有问题也可以随时打过来找我")] == [(0, 13)]
