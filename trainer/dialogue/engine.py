"""The dialogue engine: a deterministic state machine over one scenario.

Everything a session needs to continue lives in ``SessionState``, a plain JSON-able dict away
from disk, so the app can save it after every turn and resume after a crash. The same replies
always give the same customer lines, branches and score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from trainer.dialogue.scenario import MOOD_MAX, MOOD_MIN, Branch, Condition, Ending, Node, Scenario
from trainer.scoring.scorer import ReplyScore, Scorer
from trainer.store import clip_reply
from trainer.dialogue.understanding import Understanding

PRACTICE, EXAM = "practice", "exam"
MODES = (PRACTICE, EXAM)
MOOD_PER_SEVERITY = {"critical": 25, "major": 10}
EXAM_FAILED = Ending(
    id="exam-critical",
    kind="failure",
    title="考核未通过: 出现严重服务忌语",
    debrief="考核模式下,一句严重服务忌语就足以让客户投诉、让网点失分。本次考核到此结束,请回顾被标出的句子和建议说法。",
)


def find_ending(scenario: Scenario | None, ending_id: str | None) -> Ending | None:
    """Endings by id, including the exam failure that no scenario file declares."""
    if ending_id == EXAM_FAILED.id:
        return EXAM_FAILED
    return scenario.endings.get(ending_id) if scenario and ending_id else None


_UNDERSTANDING: dict[int, tuple[Scenario, Scorer, Understanding]] = {}
_UNDERSTANDING_KEEP = 64


def understanding_for(scenario: Scenario, scorer: Scorer) -> Understanding:
    """Building a scenario's matchers takes tens of milliseconds; a session start should not."""
    cached = _UNDERSTANDING.get(id(scenario))
    if cached and cached[0] is scenario and cached[1] is scorer:
        return cached[2]
    if len(_UNDERSTANDING) >= _UNDERSTANDING_KEEP:
        _UNDERSTANDING.pop(next(iter(_UNDERSTANDING)))
    understanding = Understanding(scenario, scorer)
    _UNDERSTANDING[id(scenario)] = (scenario, scorer, understanding)
    return understanding


@dataclass
class SessionState:
    scenario: str
    mode: str
    node: str
    mood: int
    line: str
    vars: dict = field(default_factory=dict)
    visits: dict = field(default_factory=dict)
    misses: dict = field(default_factory=dict)
    turns: list = field(default_factory=list)
    hints: int = 0
    hinted_turn: int | None = None
    ending: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "SessionState":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Context:
    """What branch conditions can see about the current reply and session."""

    result: ReplyScore
    ids: frozenset
    mood: int
    vars: dict
    visits: int
    misses: int
    turn: int


def holds(cond: Condition, ctx: Context) -> bool:
    forbidden = ctx.result.forbidden
    checks = (
        cond.forbidden is None
        or (cond.forbidden == "none" and not forbidden)
        or (cond.forbidden == "any" and bool(forbidden))
        or any(h.severity == cond.forbidden for h in forbidden),
        not cond.forbidden_ids or any(h.id in cond.forbidden_ids for h in forbidden),
        all(i in ctx.ids for i in cond.has),
        not cond.any or sum(i in ctx.ids for i in cond.any) >= min(cond.at_least, len(cond.any)),
        not any(i in ctx.ids for i in cond.lacks),
        cond.mood_at_least is None or ctx.mood >= cond.mood_at_least,
        cond.mood_below is None or ctx.mood < cond.mood_below,
        all(ctx.vars.get(k) == v for k, v in cond.vars),
        cond.visits_at_least is None or ctx.visits >= cond.visits_at_least,
        cond.misses_at_least is None or ctx.misses >= cond.misses_at_least,
        cond.turn_at_least is None or ctx.turn >= cond.turn_at_least,
    )
    return all(checks)


def _clamp(mood: int) -> int:
    return max(MOOD_MIN, min(MOOD_MAX, mood))


class Session:
    def __init__(self, scenario: Scenario, scorer: Scorer, mode: str = PRACTICE, state: SessionState | None = None,
                 understanding: Understanding | None = None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.scenario = scenario
        self.scorer = scorer
        self.understanding = understanding or understanding_for(scenario, scorer)
        if state is None:
            start = scenario.nodes[scenario.start]
            state = SessionState(scenario.id, mode, start.id, scenario.customer.mood, start.say[0],
                                 vars=dict(scenario.variables), visits={start.id: 1})
        self.state = state

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.state.node]

    @property
    def finished(self) -> bool:
        return self.state.ending is not None

    @property
    def ending(self) -> Ending | None:
        return find_ending(self.scenario, self.state.ending)

    @property
    def turn_number(self) -> int:
        return len(self.state.turns)

    def hint(self) -> str:
        """The reference reply for this turn; in practice mode it costs points (see session_score).

        Looking at the same reference again in the same turn is not charged again.
        """
        if self.state.hinted_turn != len(self.state.turns):
            self.state.hints += 1
            self.state.hinted_turn = len(self.state.turns)
        return self.node.reference

    def reply(self, text: str) -> dict:
        """Play one trainee reply; returns the turn record that was appended to the state."""
        if self.finished:
            raise RuntimeError("the session has ended")
        text = clip_reply(text)     # bounded once, here: the score, the turn record and the state all hold this text
        state, node = self.state, self.node
        result = self.scorer.score(text)
        ids = frozenset(self.understanding.ids(result))
        mood = _clamp(state.mood + sum(MOOD_PER_SEVERITY.get(h.severity, 0) for h in result.distinct_forbidden))
        ctx = Context(result, ids, mood, dict(state.vars), state.visits.get(node.id, 1),
                      state.misses.get(node.id, 0), len(state.turns) + 1)
        branch, label = self._choose(node, ctx)
        if branch is None:
            state.misses[node.id] = ctx.misses + 1
            branch, label = self._choose_fallback(node, ctx)
        else:
            state.misses[node.id] = 0
        mood = _clamp(mood + branch.mood)
        for name, value in branch.set:
            state.vars[name] = value
        for name, amount in branch.add:
            state.vars[name] = (state.vars.get(name) or 0) + amount
        target, because = branch.goto or node.id, branch.because
        if self.state.mode == EXAM and result.critical:
            target, label, because = EXAM_FAILED.id, "exam", EXAM_FAILED.debrief
        elif mood >= MOOD_MAX and target not in self.scenario.endings and self.scenario.on_rage:
            target, label, because = self.scenario.on_rage, "rage", because or "客户情绪失控。"
        elif ctx.turn >= self.scenario.max_turns and target not in self.scenario.endings and self.scenario.on_timeout:
            target, label = self.scenario.on_timeout, "timeout"
        record = self._record(node, text, result, ids, state.mood, mood, label, because, target)
        state.mood = mood
        state.turns.append(record)
        self._move(target, branch)
        return record

    def _choose(self, node: Node, ctx: Context) -> tuple[Branch | None, str]:
        for prefix, branches in (("always", self.scenario.always), ("branches", node.branches)):
            for index, branch in enumerate(branches):
                if holds(branch.when, ctx):
                    return branch, f"{prefix}[{index + 1}]"
        return None, ""

    def _choose_fallback(self, node: Node, ctx: Context) -> tuple[Branch, str]:
        missed = Context(ctx.result, ctx.ids, ctx.mood, ctx.vars, ctx.visits, ctx.misses + 1, ctx.turn)
        for index, branch in enumerate(node.fallback):
            if holds(branch.when, missed):
                return branch, f"fallback[{index + 1}]"
        return Branch(Condition(), None), "fallback"

    def _record(self, node: Node, text: str, result: ReplyScore, ids: frozenset, mood_before: int, mood_after: int,
                label: str, because: str, target: str) -> dict:
        names, reasons = self.understanding.names, self.understanding.reasons
        key_points = [
            {"id": ref.id, "name": names.get(ref.id, ref.id), "weight": ref.weight, "hit": ref.id in ids,
             "reason": reasons.get(ref.id, "")}
            for ref in node.key_points
        ]
        return {
            "index": len(self.state.turns) + 1,
            "node": node.id,
            "customer": self.state.line,
            "reply": text,
            "forbidden": [h.contract_json() | {"severity": h.severity, "category": h.category, "reason": h.reason,
                                               "suggestion": h.suggestion} for h in result.distinct_forbidden],
            "polite": result.polite,
            "understood": sorted(ids),
            "key_points": key_points,
            "grievance": node.grievance,
            "mood_before": mood_before,
            "mood": mood_after,
            "branch": label,
            "because": because,
            "next": target,
            "reference": node.reference,
        }

    def _move(self, target: str, branch: Branch) -> None:
        state = self.state
        if target == EXAM_FAILED.id or target in self.scenario.endings:
            state.ending = target
            say = self.ending.say
            state.line = say[len(state.turns) % len(say)] if say else ""
            return
        visits = state.visits.get(target, 0) + 1
        state.visits[target] = visits
        if target != state.node:
            state.misses[target] = 0
        state.node = target
        lines = branch.say or self.scenario.nodes[target].say
        state.line = lines[(visits - 1) % len(lines)]
