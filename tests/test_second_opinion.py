"""The statistical second opinion: it catches wordings the rubric's forms do not list, shows why
(the nearest known line, the pieces that weighed most), and stays out of the way of the forms,
of proper uses and of replies too short to judge."""

import pytest

from trainer.language.text import normalize_text
from trainer.located.problems import ContentError
from trainer.scoring.rubric import Example, load_rubrics
from trainer.scoring.scorer import SECOND_OPINION_ID, Scorer
from trainer.scoring.second_opinion import SecondOpinion

# Fresh paraphrases no rubric form lists (checked below), written for this test.
UNLISTED = ["下班了还办什么", "你冲我发什么火", "哪凉快哪待着去"]


def _second_opinions(scorer, text):
    return [h for h in scorer.score(text).forbidden if h.id == SECOND_OPINION_ID]


@pytest.mark.parametrize("text", UNLISTED)
def test_an_unlisted_wording_is_flagged_and_explains_itself(scorer, text):
    hits = scorer.score(text).forbidden
    assert [h.id for h in hits] == [SECOND_OPINION_ID]
    hit = hits[0]
    assert text[hit.start:hit.end] == hit.match and hit.match
    assert hit.severity == "minor" and hit.fuzzy
    assert f"「{hit.phrase}」" in hit.reason and "起作用的字词" in hit.reason
    assert hit.suggestion and "rubrics/examples.yaml" in hit.source


@pytest.mark.parametrize("text", [
    "您好,请问您办理什么业务?",
    "大爷,这些零钱我们都收,我用机器点一遍再手工复核,很快就好。",
    "不好意思让您久等了,我马上给您办。",
    "这个业务需要本人带身份证来办,是为了保护您的账户安全。",
    "我们培训时学过,\"下班了还办什么\"这种话不能对客户说。",
])
def test_good_service_is_left_alone(scorer, text):
    assert not _second_opinions(scorer, text)


@pytest.mark.parametrize("text", ["那个……", "喂?", "嗯……", "哦。"])
def test_too_short_to_judge(scorer, text):
    assert not _second_opinions(scorer, text)


def test_the_forms_come_first(scorer):
    hits = scorer.score("这是规定,我也没办法").forbidden
    assert hits and all(h.id != SECOND_OPINION_ID for h in hits)


@pytest.mark.parametrize("text", ["这种事以后绝不可能再发生", "这是我们的规定动作", "那天网点已经关门了,是我们公告没写清楚"])
def test_words_the_forms_excused_are_not_judged_again(scorer, text):
    """The forms know these words' proper uses; the model, which saw the words with bad speech, does not."""
    assert not scorer.score(text).forbidden


def test_one_rude_sentence_in_a_long_reply_still_shows(scorer):
    polite = "您好,这个业务我来帮您办理,请您稍等,我先核对一下您的资料。" * 15
    text = polite + "下班了还办什么?"
    hits = _second_opinions(scorer, text)
    assert hits and hits[0].start >= len(polite)


def _examples(extra=()):
    bad = ["你自己看", "不知道别问我", "没空,等着", "问别人去", "烦不烦啊", "快点行不行"]
    good = ["请您稍等", "我帮您看一下", "您好,请坐", "我马上给您办", "谢谢您的耐心", "我带您过去"]
    out = [Example(t, True, "s", "test") for t in bad] + [Example(t, False, "s", "test") for t in good]
    return out + list(extra)


def test_training_is_deterministic():
    one, two = SecondOpinion(_examples(), normalize_text), SecondOpinion(_examples(), normalize_text)
    for text in ("你自己去问别人", "我帮您问一下", "等着吧"):
        assert one.log_odds(text) == two.log_odds(text)


def test_a_trainer_adding_a_line_teaches_it():
    line = "一边待着去,没看我在忙"
    before = SecondOpinion(_examples(), normalize_text).log_odds(line)
    taught = _examples([Example("一边待着去", True, "s", "test"), Example("没看我在忙", True, "s", "test")])
    after = SecondOpinion(taught, normalize_text).log_odds(line)
    assert after > before


def test_no_examples_no_second_opinion(tmp_path):
    (tmp_path / "forbidden.yaml").write_text(
        "kind: forbidden\nphrases:\n  - {id: x, phrase: 这是规定, category: 推诿, severity: major, reason: r,"
        " suggestion: s, source: t, forms: ['这是规定']}\n", encoding="utf-8")
    scorer = Scorer(load_rubrics(tmp_path))
    assert not scorer.score("下班了还办什么,你冲我发什么火").forbidden


def test_a_bad_example_line_names_its_file_and_line(tmp_path):
    (tmp_path / "examples.yaml").write_text(
        "kind: examples\nsituations:\n  - situation: 插队\n    source: test\n    forbidden:\n      - 排队去\n      - [a, b]\n",
        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rubrics(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file.endswith("examples.yaml") and problem.line == 7 and "forbidden[2]" in problem.message


def test_a_misspelt_copy_of_a_listed_phrase_is_shown_beside_it(scorer):
    """With examples the second opinion, not the slower near-copy pass, reads a typo'd phrase."""
    hits = scorer.score("这种问题连三岁的小孩都动").forbidden
    assert [h.id for h in hits] == [SECOND_OPINION_ID] and "三岁" in hits[0].phrase


def test_a_long_reply_without_full_stops_is_judged_in_pieces(scorer):
    """Judged whole, a long paste would add up the small weights of hundreds of ordinary pieces."""
    polite = "您好,这个业务我来帮您办理,请您稍等,我先核对一下您的资料," * 20
    assert not _second_opinions(scorer, polite)
    hits = _second_opinions(scorer, "你" * 5000)
    assert hits and hits[0].end - hits[0].start <= 400
