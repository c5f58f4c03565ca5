"""Playing a scenario from a list of replies: the ``trainer play --json`` contract (BRIEF §7)."""

from __future__ import annotations

from trainer.dialogue.engine import PRACTICE, Session
from trainer.dialogue.scenario import Scenario
from trainer.scoring.scorer import Scorer
from trainer.dialogue.session_score import SessionScore, score_session


def ending_summary(session: Session) -> dict | None:
    ending = session.ending
    return None if ending is None else {"id": ending.id, "kind": ending.kind, "title": ending.title,
                                        "debrief": ending.debrief}


def final_score(session: Session) -> SessionScore:
    return score_session(session.state.turns, ending_summary(session), session.state.hints)


def session_summary(session: Session) -> dict:
    """What reports need without re-reading every turn: score breakdown, mistakes, misses."""
    score = final_score(session)
    turns = session.state.turns
    hit_at = {(t["node"], k["id"]) for t in turns for k in t["key_points"] if k["hit"]}
    missed = {(t["node"], k["id"]): k["name"] for t in turns for k in t["key_points"]
              if (t["node"], k["id"]) not in hit_at}
    return {
        "scenario": session.scenario.id,
        "title": session.scenario.title,
        "role": session.scenario.role,
        "ending": ending_summary(session),
        "score": score.total,
        "breakdown": score.to_json(),
        "dimensions": {d.id: {"points": d.points, "max": d.max} for d in score.dimensions},
        "forbidden": [{"id": h["id"], "phrase": h["phrase"], "match": h.get("match", h["phrase"]), "turn": t["index"]}
                      for t in turns for h in t["forbidden"]],
        "missed_key_points": [{"id": ident, "name": name, "node": node} for (node, ident), name in missed.items()],
        "turns": len(turns),
        "hints": session.state.hints,
    }


def play_replies(scenario: Scenario, scorer: Scorer, replies: list[str], mode: str = PRACTICE) -> dict:
    """Feed replies until an ending or until they run out; same input, same output."""
    session = Session(scenario, scorer, mode)
    for reply in replies:
        if session.finished:
            break
        session.reply(reply)
    return result_json(session)


def result_json(session: Session) -> dict:
    """The ``trainer play --json`` object for a session, however its replies were fed (recorded or not)."""
    scenario = session.scenario
    ending = ending_summary(session)
    score = final_score(session)
    return {
        "scenario": scenario.id,
        "ending": None if ending is None else {"id": ending["id"], "kind": ending["kind"]},
        "score": score.total,
        "turns": session.state.turns,
        # What the customer says now: the opening before any reply, else the answer to the last one,
        # so a script written turn by turn always sees the line it must reply to.
        "customer_line": session.state.line,
        "final_line": session.state.line if session.finished else None,
        "debrief": ending["debrief"] if ending else None,
        "memory": {"done": session.state.done, "vague": session.unresolved(), "slots": session.state.slots},
        "breakdown": score.to_json(),
    }
