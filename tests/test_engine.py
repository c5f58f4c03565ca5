"""The dialogue engine and session score on the reference scenario."""

import json

import pytest

from trainer.dialogue.engine import EXAM, PRACTICE, Session, SessionState
from trainer.dialogue.playback import final_score, play_replies

GOOD = ["您好!几位是不是遇到什么问题了?您跟我说说。",
        "真是太对不起了,我马上帮您查一下这笔转账为什么没成功,五分钟左右就有结果。",
        "查到了,我现在就帮您重新转账,十分钟之内办好,谢谢您的理解。",
        "已经转好了,这是回单,请您收好。谢谢几位的理解,再见!"]


@pytest.fixture
def scenario(catalog):
    return catalog.library.get("one-yuan-loop")


def test_same_replies_same_result(scenario, scorer):
    assert play_replies(scenario, scorer, GOOD) == play_replies(scenario, scorer, GOOD)


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_a_session_resumed_from_saved_state_ends_as_if_never_interrupted(scenario, scorer, cut):
    whole = Session(scenario, scorer)
    for reply in GOOD:
        whole.reply(reply)
    first = Session(scenario, scorer)
    for reply in GOOD[:cut]:
        first.reply(reply)
    saved = json.loads(json.dumps(first.state.to_dict()))
    resumed = Session(scenario, scorer, state=SessionState.from_dict(saved))
    for reply in GOOD[cut:]:
        resumed.reply(reply)
    assert resumed.state.to_dict() == whole.state.to_dict()
    assert final_score(resumed).total == final_score(whole).total


def test_good_trainee_succeeds_with_reasons_for_every_point(scenario, scorer):
    result = play_replies(scenario, scorer, GOOD)
    assert result["ending"]["kind"] == "success" and result["score"] >= 75
    for dimension in result["breakdown"]["dimensions"]:
        assert all(item["reason"] for item in dimension["items"])


def test_exam_mode_fails_on_a_critical_phrase_at_once(scenario, scorer):
    replies = ["您好,请问有什么问题?", "没看我正忙着吗?一个一个来!"]
    exam = play_replies(scenario, scorer, replies, EXAM)
    assert exam["ending"] == {"id": "exam-critical", "kind": "failure"} and len(exam["turns"]) == 2
    assert exam["score"] <= 40


def test_stuffing_polite_words_earns_nothing_more(scenario, scorer):
    stuffed = [reply + "您好请谢谢对不起再见" for reply in GOOD]
    plain = play_replies(scenario, scorer, GOOD)
    padded = play_replies(scenario, scorer, stuffed)
    polite = {d["id"]: d for d in padded["breakdown"]["dimensions"]}["polite"]
    assert padded["score"] < plain["score"]
    assert any("堆砌" in item["reason"] for item in polite["items"])


def test_a_hint_costs_points(scenario, scorer):
    with_hint, without = Session(scenario, scorer), Session(scenario, scorer)
    assert with_hint.hint() == scenario.nodes[scenario.start].reference
    for session in (with_hint, without):
        for reply in GOOD:
            session.reply(reply)
    assert final_score(with_hint).total < final_score(without).total


def test_a_hint_is_charged_once_per_turn_however_often_it_is_shown(scenario, scorer):
    session = Session(scenario, scorer)
    session.hint()
    session.hint()
    assert session.state.hints == 1
    session.reply(GOOD[0])
    session.hint()
    assert session.state.hints == 2
    resumed = Session(scenario, scorer, state=SessionState.from_dict(json.loads(json.dumps(session.state.to_dict()))))
    resumed.hint()
    assert resumed.state.hints == 2


def test_saying_nothing_neither_wins_nor_ends_at_once(scenario, scorer):
    session = Session(scenario, scorer)
    session.reply("嗯。")
    assert not session.finished and session.state.mood >= scenario.customer.mood
    for _ in range(scenario.max_turns):
        if not session.finished:
            session.reply("嗯。")
    assert session.finished and session.ending.kind in ("partial", "failure")


@pytest.mark.parametrize("reply", ["", " ", "😀" * 50, "\x00\x1b[31m", "好" * 100_000])
def test_any_reply_text_is_played(scenario, scorer, reply):
    turn = Session(scenario, scorer).reply(reply)
    assert 0 <= turn["mood"] <= 100


def test_mode_is_checked(scenario, scorer):
    with pytest.raises(ValueError):
        Session(scenario, scorer, "homework")
    assert Session(scenario, scorer, PRACTICE).state.mode == PRACTICE
