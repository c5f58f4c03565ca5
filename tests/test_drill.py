import pytest

from trainer.classroom.drill import (
    Countdown, Team, checklist, list_plans, new_plan, record_observation, record_override, record_plan,
    scoreboard,
)
from trainer.dialogue.recording import RecordedSession
from trainer.dialogue.understanding import Understanding


def _plan():
    return new_plan("周五演练", [Team("一组", ("张三", "李四"), "one-yuan-loop"), Team("二组", ("王五",), "one-yuan-loop")],
                    observers=["赵六"])


def _perform(store, catalog, plan, team, replies):
    trainee = store.upsert_trainee(team, None)
    recorded = RecordedSession.start(catalog.library.get("one-yuan-loop"), catalog.scorer, store, trainee.id,
                                     team=team, drill_id=plan.id)
    for reply in replies:
        if recorded.session.finished:
            break
        recorded.reply(reply)
    return recorded


@pytest.mark.parametrize("elapsed, remaining, label", [(0, 240, "04:00"), (59.6, 180, "03:00"), (300, 0, "00:00")])
def test_countdown(elapsed, remaining, label):
    clock = Countdown(240)
    assert clock.remaining(elapsed) == remaining
    assert Countdown.label(clock.remaining(elapsed)) == label
    assert clock.over(elapsed) == (remaining == 0)


@pytest.mark.parametrize("teams, message", [([], "至少要有一个组"), ([Team("", (), "x")], "组名"),
                                            ([Team("a", (), "x"), Team("a", (), "y")], "组名")])
def test_bad_plans_are_refused(teams, message):
    with pytest.raises(ValueError, match=message):
        new_plan("x", teams)


def test_plan_round_trips_through_the_store(store):
    plan = _plan()
    record_plan(store, plan)
    assert list_plans(store) == [plan]
    assert plan.prep_seconds == 240 and plan.perform_seconds == 120


def test_checklist_comes_from_key_points(catalog):
    scenario = catalog.library.get("one-yuan-loop")
    items = checklist(scenario, Understanding(scenario, catalog.scorer))
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids)) and "ask-reason" in ids
    assert all(i.name for i in items)


def test_scoreboard_keeps_auto_observer_and_override_side_by_side(store, catalog):
    plan = _plan()
    record_plan(store, plan)
    good = ["您好,几位是不是遇到什么问题了?", "对不起,我马上帮您查一下转账为什么没成功,五分钟内给您结果。",
            "我现在就帮您重新转账,十分钟内办好,谢谢您的理解。", "办好了,请收好回单,谢谢,再见!"]
    _perform(store, catalog, plan, "一组", good)
    _perform(store, catalog, plan, "二组", ["这是规定。", "爱上哪告就上哪告去。"])
    assert record_observation(store, plan, "二组", "赵六", {"ask-reason": True, "apology": False}, "态度生硬") == 50
    board = scoreboard(store, plan)
    assert [r.team for r in board] == ["一组", "二组"]
    first, second = board
    assert first.auto >= 75 and first.final_source == "系统评分"
    assert second.auto <= 40 and second.observer_average == 50
    record_override(store, plan, "二组", 60, "现场表现比系统判断更好")
    second = next(r for r in scoreboard(store, plan) if r.team == "二组")
    assert second.final == 60 and second.auto <= 40 and second.final_source == "培训师调整"
    assert second.override["reason"] == "现场表现比系统判断更好"


@pytest.mark.parametrize("score, reason, message", [(50, " ", "理由"), (150, "x", "0 到 100")])
def test_override_needs_reason_and_range(store, score, reason, message):
    plan = _plan()
    record_plan(store, plan)
    with pytest.raises(ValueError, match=message):
        record_override(store, plan, "一组", score, reason)


def test_unknown_team_is_refused(store):
    plan = _plan()
    with pytest.raises(KeyError):
        record_observation(store, plan, "三组", "赵六", {})


def test_summary_counts_a_key_point_missed_only_if_never_hit_at_that_node(store, catalog):
    from trainer.dialogue.playback import session_summary

    plan = _plan()
    recorded = _perform(store, catalog, plan, "一组", ["存好了。", "请问几位是不是遇到什么问题了?"])
    missed = {(m["node"], m["id"]) for m in session_summary(recorded.session)["missed_key_points"]}
    assert ("opening", "ask-reason") not in missed
    assert ("opening", "empathy") in missed


def test_only_the_drills_observers_file_sheets(store):
    plan = _plan()
    record_plan(store, plan)
    with pytest.raises(ValueError, match="不是这次演练的观察员"):
        record_observation(store, plan, "一组", "路人甲", {"ask-reason": True})
    with pytest.raises(ValueError, match="请选择观察员"):
        record_observation(store, plan, "一组", " ", {"ask-reason": True})


def test_an_observer_counts_once_with_their_latest_sheet(store):
    plan = new_plan("周五演练", [Team("一组", ("张三",), "one-yuan-loop")], observers=["赵六", "钱七"])
    record_plan(store, plan)
    for _ in range(10):
        record_observation(store, plan, "一组", "赵六", {"a": False, "b": False})
    record_observation(store, plan, "一组", "赵六", {"a": True, "b": True})
    record_observation(store, plan, "一组", "钱七", {"a": True, "b": False})
    (result,) = scoreboard(store, plan)
    assert [(o["author"], o["score"]) for o in result.observers] == [("赵六", 100), ("钱七", 50)]
    assert result.observer_average == 75
