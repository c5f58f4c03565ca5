"""The session score charges only what the trainee had a turn to do: when the customer closes the
conversation on a satisfied line, the thanks and goodbye that would answer it are not charged;
a trainee who had the turns and never thanked or said goodbye still loses them."""

import pytest

from trainer.dialogue.session_score import score_session

SUCCESS = {"id": "kept", "kind": "success", "title": "老客户留住了"}


def turn(index, node, polite=(), asked=(), done=(), branch="branches[1]"):
    key_points = [{"id": k, "name": k, "weight": 1, "hit": k in done, "status": "done" if k in done else "missed",
                   "turn": index, "words": "", "reason": "r"} for k in asked]
    return {"index": index, "node": node, "polite": list(polite), "grievance": False, "forbidden": [],
            "key_points": key_points, "branch": branch}


def charged(score, dim_id):
    dim = next(d for d in score.dimensions if d.id == dim_id)
    return {i.reason for i in dim.items if i.points < 0}, dim.points


def business(close_replies, branch="branches[1]"):
    """Greeted and asked politely, settled the business, then replied at the close without thanks or goodbye."""
    turns = [turn(1, "opening", ("greeting", "request"), ("callback",), ("callback",))]
    for n in range(close_replies):
        turns.append(turn(2 + n, "closing", (), ("thanks", "farewell", "callback"), ("callback",),
                          branch if n == close_replies - 1 else "fallback[2]"))
    return turns


def test_the_customer_closing_on_the_first_reply_at_the_close_costs_no_thanks_or_goodbye():
    score = score_session(business(1), SUCCESS)
    polite_lost, polite = charged(score, "polite")
    kp_lost, key_points = charged(score, "key_points")
    assert polite == 15 and not polite_lost
    assert key_points == 50 and not kp_lost
    notes = [i.reason for d in score.dimensions for i in d.items if "来不及说" in i.reason]
    assert len(notes) == 4


def test_a_trainee_kept_at_the_close_for_two_replies_still_loses_thanks_and_goodbye():
    polite_lost, _ = charged(score_session(business(2), SUCCESS), "polite")
    kp_lost, _ = charged(score_session(business(2), SUCCESS), "key_points")
    assert any("感谢语" in r for r in polite_lost) and any("道别语" in r for r in polite_lost)
    assert any("thanks" in r for r in kp_lost) and any("farewell" in r for r in kp_lost)


def test_running_out_of_turns_is_not_the_customer_closing_early():
    partial = {"id": "unresolved", "kind": "partial", "title": "没吵起来,也没解决"}
    polite_lost, _ = charged(score_session(business(1, branch="timeout"), partial), "polite")
    assert any("感谢语" in r for r in polite_lost) and any("道别语" in r for r in polite_lost)


def test_a_thanks_asked_for_earlier_had_its_turn():
    turns = business(1)
    turns[0] = turn(1, "opening", ("greeting", "request"), ("callback", "thanks"), ("callback",))
    polite_lost, _ = charged(score_session(turns, SUCCESS), "polite")
    kp_lost, _ = charged(score_session(turns, SUCCESS), "key_points")
    assert any("感谢语" in r for r in polite_lost) and not any("道别语" in r for r in polite_lost)
    assert any("thanks" in r for r in kp_lost) and not any("farewell" in r for r in kp_lost)


@pytest.mark.parametrize("said", ["thanks", "farewell"])
def test_a_courtesy_said_in_time_is_still_credited(said):
    turns = business(1)
    turns[-1] = turn(2, "closing", (said,), ("thanks", "farewell", "callback"), ("callback", said))
    score = score_session(turns, SUCCESS)
    polite = next(d for d in score.dimensions if d.id == "polite")
    assert any(i.points > 0 and ("感谢语" if said == "thanks" else "道别语") in i.reason for i in polite.items)


def test_a_failure_still_wants_thanks():
    failure = {"id": "left", "kind": "failure", "title": "客户离开"}
    polite_lost, _ = charged(score_session(business(1), failure), "polite")
    assert any("感谢语" in r for r in polite_lost)
