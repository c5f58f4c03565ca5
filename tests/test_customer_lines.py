"""The customer answers what the trainee said (blind play tests): the elder nods only at the amount
the passbook shows and questions another, a caller waits for a phone call only once one was
promised, and nobody on the phone says 明天见 unless someone is coming."""

import pytest

from trainer.dialogue.engine import Session, SessionState
from trainer.dialogue.memory import choose_line


def at(catalog, scorer, scenario_id, node_id, done=(), slots=None):
    scenario = catalog.library.get(scenario_id)
    node = scenario.nodes[node_id]
    state = SessionState(scenario.id, "practice", node.id, scenario.customer.mood, node.say[0],
                         vars=dict(scenario.variables), visits={node.id: 1},
                         done={ident: 1 for ident in done}, slots=dict(slots or {}))
    return Session(scenario, scorer, state=state)


def test_the_elder_repeats_the_right_amount_when_he_is_told_it(catalog, scorer):
    session = at(catalog, scorer, "coin-deposit-elder", "counting")
    session.reply("大爷,一共三百八十六元五角,已经存进您的存折了,请您核对一下。")
    assert session.state.node == "closing" and "三百八十六块五,对,对" in session.state.line


def test_the_elder_questions_a_wrong_amount_instead_of_confirming_it(catalog, scorer):
    session = at(catalog, scorer, "coin-deposit-elder", "counting")
    session.reply("大爷,一共三百元,已经存进您的存折了,请您核对一下。")
    assert session.state.node == "closing"
    assert "对,对" not in session.state.line and "三百元?" in session.state.line


def test_without_a_promised_call_the_caller_does_not_wait_for_one(catalog, scorer):
    session = at(catalog, scorer, "credit-card-wrong-city", "closing")
    session.reply("谢谢您十八年来的信任,祝您出差顺利,再见!")
    assert session.state.ending == "kept" and "电话" not in session.state.line


@pytest.mark.parametrize("scenario_id, node_id, reply", [
    ("phone-promised-reply-overdue", "closing", "谢谢您的耐心,再见。"),
    ("phone-bill-not-received", "closing", "谢谢您的理解,再见。"),
    ("phone-fee-dispute", "closing", "谢谢您的理解,再见。"),
])
def test_a_phone_customer_waits_for_a_call_only_when_one_was_promised(catalog, scorer, scenario_id, node_id, reply):
    session = at(catalog, scorer, scenario_id, node_id)
    session.reply(reply)
    assert session.finished and "等你电话" not in session.state.line


def test_the_corporate_client_on_the_phone_expects_a_visit_only_when_one_was_offered(catalog, scorer):
    alone = at(catalog, scorer, "phone-corporate-client", "closing")
    alone.reply("好的王总,谢谢您一直以来的信任和支持,有事您随时打我电话,再见!")
    assert alone.state.ending == "relationship-kept"
    assert "见。" not in alone.state.line and "过来" not in alone.state.line
    say = catalog.library.get("phone-corporate-client").endings["relationship-kept"].say
    visited = {choose_line(say, turn, {"visit"}, {"visit": "上门"}) for turn in (1, 2)}
    assert any("等你过来" in line for line in visited) and not any("明天见" in line for line in visited)


def test_walked_over_to_the_manager_she_does_not_pocket_a_card_she_was_never_given(catalog, scorer):
    session = at(catalog, scorer, "lobby-identify-customers", "sun-interest")
    session.reply("金条按当天金价计价,我现在就带您去理财室,请理财经理给您详细讲讲,不耽误您排号。")
    assert session.state.ending == "all-served"
    assert "名片" not in session.state.line and "他" not in session.state.line


def test_no_ending_line_guesses_the_trainees_gender(catalog):
    lines = [line for scenario in catalog.library.scenarios.values() for ending in scenario.endings.values()
             for line in ending.say]
    assert lines and not [line for line in lines if any(word in line for word in ("小伙子", "姑娘", "小伙"))]


def test_a_manager_who_only_listened_is_not_told_off_for_taking_notes(catalog, scorer):
    session = at(catalog, scorer, "angry-rude-staff", "quiet-room")
    session.reply("您慢慢说,我在听。")
    assert session.state.node == "quiet-room" and "记下来" not in session.state.line


@pytest.mark.parametrize("scenario_id, node_id, told, question", [
    ("angry-rules-inhuman", "one-option", "answer-time", ("多久", "什么时候")),
    ("vip-large-withdrawal", "choosing", "give-time", ("几点",)),
])
def test_a_customer_told_the_time_does_not_ask_for_it_again(catalog, scenario_id, node_id, told, question):
    scenario = catalog.library.get(scenario_id)
    entries = [scenario.nodes[node_id].say] + [b.say for n in scenario.nodes.values() for b in n.branches
                                               if b.goto == node_id and b.say]
    asked = [choose_line(say, visit, {told}, {}) for say in entries for visit in (1, 2, 3)]
    assert not [line for line in asked if any(q in line for q in question)]
    assert any(q in choose_line(scenario.nodes[node_id].say, 1, set(), {}) for q in question)
