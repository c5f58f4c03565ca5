"""程序型服务 (blind round 6): a commitment hidden behind procedure is at most vague, for every key
point, a rubric technique or a scenario's own, and a reply that only gives procedure costs points.

The average blind players said 我们会按流程处理的, 您说的情况我们会进行核实,如果属实会按规定处理,
请您按屏幕上的提示…按流程操作就可以了 and were credited as if they had reassured, investigated and
taught; good players who name a rule and then commit (按规定需要审核,三个工作日内我给您回电) keep
every point.
"""

import pytest

from trainer.dialogue.engine import Session, understanding_for
from trainer.dialogue.session_score import PROCEDURE_COST, PROCEDURE_MAX_COST, score_session
from trainer.language.text import normalize_text
from trainer.scoring.concepts import DONE, VAGUE


def test_every_marker_says_why_and_how_the_customer_presses(scorer):
    markers = scorer.procedure.markers
    assert {"by-the-book", "handed-on", "wait", "see-notice", "someone-will-call", "your-turn"} <= set(markers)
    assert all(m.reason and m.source and m.press and m.forms for m in markers.values())


def grades(scorer, text):
    return scorer.technique_grades(normalize_text(text))


def reading(catalog, scenario_id, text):
    understanding = understanding_for(catalog.library.get(scenario_id), catalog.scorer)
    return understanding.read(catalog.scorer.score(text))


@pytest.mark.parametrize("text, technique, marker", [
    ("我们会按流程处理的,请您耐心等待。", "reassure", "by-the-book"),
    ("您好,这个事情需要按流程处理,我们会尽快给您答复,请您耐心等待。", "reassure", "by-the-book"),
    ("查到了,我们会尽快给您处理,有进展我们会通知您。", "reassure", "someone-will-call"),
    ("我們會按流程處理的,請您耐心等待。", "reassure", "by-the-book"),
])
def test_a_technique_said_behind_procedure_alone_is_vague(scorer, text, technique, marker):
    grade = grades(scorer, text)[technique]
    assert (grade.verdict, grade.marker) == (VAGUE, marker)
    assert grade.wording and grade.wording in normalize_text(text)


@pytest.mark.parametrize("text", [
    "我们会按流程处理的,三个工作日内我亲自给您回电。",
    "违约金我帮您提交减免申请,按规定需要审核,三个工作日内我给您回电话,您放心。",
    "您放心,我这就帮您查,请您耐心等待五分钟。",
])
def test_a_reply_that_also_commits_concretely_keeps_its_points(scorer, text):
    assert all(g.verdict == DONE for g in grades(scorer, text).values()), grades(scorer, text)


def test_courtesies_and_feelings_beside_procedure_are_still_said(scorer):
    found = grades(scorer, "理解您的心情,真是对不起,我们会按流程处理。")
    assert found["empathy"].verdict == DONE and found["apology"].verdict == DONE
    assert found["reassure"].verdict == VAGUE


@pytest.mark.parametrize("scenario, text, point", [
    ("complain-anywhere-inspector", "您好,您说的情况我们会进行核实,如果属实会按规定处理,请您理解。", "investigate"),
    ("phone-bill-not-received", "您好,费用方面我们会帮您反馈,具体能不能减免要等相关部门审核。", "waive-apply"),
    # found by keywords: 耐心 in 请您耐心等待 and 清点 beside it are no careful count
    ("coin-deposit-elder", "您好,清点时间要看数量,我们会按流程处理的,请您耐心等待。", "count-patiently"),
])
def test_a_scenario_key_point_behind_procedure_is_vague(catalog, scenario, text, point):
    read = reading(catalog, scenario, text)
    assert point not in read.done and point in read.vague and point in read.behind, read


@pytest.mark.parametrize("scenario, text, point", [
    ("divert-to-self-service", "请您按屏幕上的提示选择相应的业务,按流程操作就可以了,谢谢。", "teach-steps"),
    ("phone-wrong-opening-hours", "具体营业时间请您以网点门口公告为准,谢谢。", "correct-hours"),
])
def test_a_procedural_line_never_earns_the_point(catalog, scenario, text, point):
    """The scenarios' own forms now leave these out (blind round 6); procedure would halve them anyway."""
    assert point not in reading(catalog, scenario, text).done


def test_a_greeting_and_a_point_in_another_sentence_are_not_taken_back(catalog):
    read = reading(catalog, "coin-deposit-elder", "您好!大爷我一枚一枚仔细给您清点。您先坐着歇会儿,请您耐心等待。")
    assert {"welcome", "count-patiently"} <= read.done, read


def test_a_scenarios_unscored_signal_is_read_as_its_forms_say(catalog):
    """找借口 is a fault the scenario reacts to; procedure does not soften it into a vague fault."""
    read = reading(catalog, "phone-promised-reply-overdue", "这个需要走流程,请您耐心等待。")
    assert "excuse" in read.done and "excuse" not in read.vague


@pytest.mark.parametrize("text", [
    "柜台业务都是按规定办理的。",                    # a rule stated as what was done
    "按规定柜员确实不能付款,这是为了防止有人冒用公章。",  # a rule with what it is for
    "请您取号后在等候区耐心等待叫号。",                # waiting one's turn in the queue
    "可以继续持有,也可以按规定办理赎回。",             # 办理 with what is offered after it
])
def test_what_is_not_procedure_standing_in_for_an_answer(scorer, text):
    assert scorer.procedure.found(normalize_text(text)) == []


@pytest.mark.parametrize("text, wording", [
    ("如有需要请按流程办理", "按流程办理"),            # the reply's end is a sentence end
    ("再到柜台按流程办理就可以了,谢谢配合。", "按流程办理"),
    ("有结果会第一时间通知您的。", "有结果会第一时间通知您"),
])
def test_procedure_is_found_with_the_words_that_show(scorer, text, wording):
    assert [h.wording for h in scorer.procedure.found(normalize_text(text))][:1] == [wording]


def test_the_customer_presses_with_the_procedures_own_line_and_reason(catalog):
    scenario = catalog.library.get("coin-deposit-elder")
    session = Session(scenario, catalog.scorer)
    session.reply("您好,请稍等。硬币存款需要按规定清点,请您把存折和硬币放这里。")
    record = session.reply("您好,清点时间要看数量,我们会按流程处理的,请您耐心等待。")
    marker = catalog.scorer.procedure.markers["by-the-book"]
    point = next(k for k in record["key_points"] if k["id"] == "count-patiently")
    assert point["status"] == "vague" and point["reason"] == marker.reason
    assert record["procedure"] and session.state.line in marker.press
    assert session.state.vague["count-patiently"][2] == "by-the-book"


def turn(index, procedure=()):
    return {"index": index, "node": "n", "polite": ["request"], "grievance": False, "forbidden": [],
            "key_points": [], "branch": "branches[1]", "procedure": list(procedure)}


def test_each_procedural_answer_costs_points_up_to_a_limit():
    plain = score_session([turn(1), turn(2)], None)
    one = score_session([turn(1, ["按流程处理"]), turn(2)], None)
    many = score_session([turn(i, ["请您耐心等待"]) for i in range(1, 10)], None)
    assert plain.total - one.total == PROCEDURE_COST
    charges = [a for a in many.adjustments if "程序型服务" in a.reason]
    assert sum(a.points for a in charges) == -PROCEDURE_MAX_COST and "请您耐心等待" in charges[0].reason


def test_turns_recorded_before_procedure_was_read_cost_nothing():
    old = {k: v for k, v in turn(1).items() if k != "procedure"}
    assert not score_session([old], None).adjustments
