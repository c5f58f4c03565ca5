"""The lenient reading (typos, Latin inside a phrase) and the bare-reply rule, at the language layer."""

import pytest

from trainer.language.guard import stands_alone
from trainer.language.lenient import lenient
from trainer.language.text import normalize


@pytest.mark.parametrize("typed, read", [
    ("有完没玩", "有完没完"),
    ("这是policy规定", "这是规定"),
    ("这是 Policy 规定", "这是规定"),
    ("烦不凡啊", "烦不烦啊"),
])
def test_lenient_reads_what_was_meant(typed, read):
    assert lenient(normalize(typed)).text == read


@pytest.mark.parametrize("text", ["您好,请坐", "ATM上可以查", "这是规定policy"])
def test_lenient_leaves_other_text_alone(text):
    assert lenient(normalize(text)) is None


def test_lenient_spans_point_at_what_was_typed():
    norm = lenient(normalize("这是policy规定"))
    start, end = norm.span(norm.text.index("规定"), norm.text.index("规定") + 2)
    assert "这是policy规定"[start:end] == "规定"
    assert norm.span(0, len(norm.text)) == (0, len("这是policy规定"))


@pytest.mark.parametrize("text, phrase, alone", [
    ("我不知道。", "我不知道", True),
    ("我不知道啊", "我不知道", True),
    ("哎,我不知道", "我不知道", True),
    ("我不知道您遇到了这么多麻烦", "我不知道", False),
    ("你自己找吧", "自己找", True),
    ("您不用自己找,我帮您调出来", "自己找", False),
    ("不是这儿的,到那边去", "到那边去", True),
    ("我带您到那边去", "到那边去", False),
])
def test_a_bare_reply_is_its_whole_clause(text, phrase, alone):
    norm = normalize(text)
    start = norm.text.index(phrase)
    assert stands_alone(norm.text, start, start + len(phrase)) is alone


@pytest.mark.parametrize("text, ident", [
    ("有完没玩", "no-end"),
    ("这是policy规定", "rule-excuse"),
    ("我不知道", "bare-denial"),
    ("另请高明吧", "dismissal"),
])
def test_scorer_flags_and_names_the_pattern(scorer, text, ident):
    hits = scorer.score(text).forbidden
    assert ident in {h.id for h in hits}
    assert all(text[h.start:h.end] == h.match for h in hits)


def test_another_counsel_is_not_a_polite_request(scorer):
    assert "request" not in scorer.score("您另请高明吧").polite


@pytest.mark.parametrize("typed, read", [
    ("我不知到", "我不知道"),
    ("明天在来吧", "明天再来吧"),
    ("以经下班了", "已经下班了"),
])
def test_lenient_reads_a_typo_inside_the_word_it_spoils(typed, read):
    assert lenient(normalize(typed)).text == read


def test_lenient_leaves_the_common_character_alone_elsewhere():
    assert lenient(normalize("您现在来办吧,到那边去")) is None
