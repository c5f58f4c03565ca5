"""The dialogue engine: a deterministic state machine over one scenario.

Everything a session needs to continue lives in ``SessionState``, a plain JSON-able dict away
from disk, so the app can save it after every turn and resume after a crash. The same replies
always give the same customer lines, branches and score.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace

from trainer.dialogue.memory import choose_line, compose_debrief
from trainer.dialogue.scenario import MOOD_MAX, MOOD_MIN, Branch, Condition, Ending, Node, Scenario
from trainer.scoring.rubric import POLITE_KEYS
from trainer.scoring.scorer import SECOND_OPINION_ID, ReplyScore, Scorer
from trainer.dialogue.understanding import Reading, Understanding
from trainer.store import clip_reply

PRACTICE, EXAM = "practice", "exam"
MODES = (PRACTICE, EXAM)
MOOD_PER_SEVERITY = {"critical": 25, "major": 10, "minor": 5}
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
    done: dict = field(default_factory=dict)    # id -> the turn that first did it
    vague: dict = field(default_factory=dict)   # id -> [turn, the vague words, the procedure behind them], first time only
    slots: dict = field(default_factory=dict)   # values the trainee offered, latest wins

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
    vague: frozenset
    mood: int
    vars: dict
    visits: int
    misses: int
    turn: int


def holds(cond: Condition, ctx: Context) -> bool:
    # The customer reacts to phrases a rubric lists. The second opinion's flags cost points and
    # mood, but a statistical guess does not steer the conversation.
    forbidden = [h for h in ctx.result.forbidden if h.id != SECOND_OPINION_ID]
    checks = (
        cond.forbidden is None
        or (cond.forbidden == "none" and not forbidden)
        or (cond.forbidden == "any" and bool(forbidden))
        or any(h.severity == cond.forbidden for h in forbidden),
        not cond.forbidden_ids or any(h.id in cond.forbidden_ids for h in forbidden),
        all(i in ctx.ids for i in cond.has),
        not cond.any or sum(i in ctx.ids for i in cond.any) >= min(cond.at_least, len(cond.any)),
        not any(i in ctx.ids or i in ctx.vague for i in cond.lacks),  # said vaguely is still said
        all(i in ctx.vague for i in cond.vague),
        cond.mood_at_least is None or ctx.mood >= cond.mood_at_least,
        cond.mood_below is None or ctx.mood < cond.mood_below,
        all(ctx.vars.get(k) == v for k, v in cond.vars),
        cond.visits_at_least is None or ctx.visits >= cond.visits_at_least,
        cond.misses_at_least is None or ctx.misses >= cond.misses_at_least,
        cond.turn_at_least is None or ctx.turn >= cond.turn_at_least,
    )
    return all(checks)


_REASON = re.compile(r"(是为了|为了(保护|保障|您的|你的|资金)|因为|以防|防止|避免)")


def _excuse_reasoned_refusals(result: ReplyScore, reading: Reading) -> tuple[ReplyScore, list]:
    """A rule stated with its reason or an alternative (印鉴不符的凭证是不能受理的,这是为了保护
    您的资金安全 / 办不了,我们换一种方式) is good service; only a flat refusal is the fault."""
    if not any(h.way_out for h in result.forbidden):
        return result, []
    if "solution" not in reading.done and not _REASON.search(result.normalized):
        return result, []
    excused = [h for h in result.forbidden if h.way_out]
    return result._replace(forbidden=[h for h in result.forbidden if not h.way_out]), excused


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
            state = SessionState(scenario.id, mode, start.id, scenario.customer.mood, choose_line(start.say, 1, set(), {}),
                                 vars=dict(scenario.variables), visits={start.id: 1})
        self.state = state
        self._asked = {n.id: {r.id for r in n.key_points} | {i for b in n.branches for i in b.when.ids()}
                       for n in scenario.nodes.values()}
        self._asked_anywhere = set().union(*self._asked.values())

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.state.node]

    @property
    def finished(self) -> bool:
        return self.state.ending is not None

    @property
    def ending(self) -> Ending | None:
        """The ending reached, its debrief built from what this conversation really did."""
        ending = find_ending(self.scenario, self.state.ending)
        if ending is None:
            return None
        u, state = self.understanding, self.state
        reasons = {k: u.vague_reason(k, self._behind(k)) for k in self.unresolved()}
        debrief = compose_debrief(ending.debrief, ending.credit, ending.missed, self._known(),
                                  state.slots, self.unresolved(), u.names, reasons)
        return replace(ending, debrief=debrief)

    def unresolved(self) -> dict[str, str]:
        """Commitments this scenario asks for that were only ever made vaguely: id -> the words."""
        return {k: v[1] for k, v in self.state.vague.items() if k not in self.state.done and k in self._asked_anywhere}

    def _behind(self, ident: str) -> str:
        """The procedure a vague commitment hid behind (states saved before it was kept have none)."""
        entry = self.state.vague.get(ident, ())
        return entry[2] if len(entry) > 2 else ""

    def _known(self) -> set[str]:
        return set(self.state.done) | set(self.state.slots)

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
        reading = self.understanding.read(result)
        result, excused = _excuse_reasoned_refusals(result, reading)
        turn = len(state.turns) + 1
        # A reply with substance is read with the commitments made before it (a time given in turn 3
        # still counts in turn 5); a bare 嗯 does not ride on them.
        ids = reading.done
        if reading.done - set(POLITE_KEYS):
            ids |= {k for k in state.done if k in self.understanding.remembered}
        vague = {k: w for k, w in reading.vague.items() if k not in state.done and k not in reading.done}
        behind = {k: m for k, m in reading.behind.items() if k in vague}
        self._remember(reading, vague, behind, turn)
        mood = _clamp(state.mood + sum(MOOD_PER_SEVERITY.get(h.severity, 0) for h in result.distinct_forbidden))
        ctx = Context(result, ids, frozenset(vague), mood, dict(state.vars), state.visits.get(node.id, 1),
                      state.misses.get(node.id, 0), turn)
        branch, label = self._choose(node, ctx)
        if branch is None:
            state.misses[node.id] = ctx.misses + 1
            branch, label = self._choose_fallback(node, ctx)
            branch = self._press(node, branch, vague, behind, ctx.misses)
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
        if self._fails(target) and label.startswith(("fallback", "rage")) and self._polite_so_far(result):
            target, label = self.scenario.on_timeout, f"{label}/polite"
            because = f"{because} 你没有说服务忌语,客户没有投诉,却也没等到想要的答复,带着问题离开了。".strip()
        if self._succeeds(target) and self.scenario.on_vague and self.unresolved():
            words = "、".join(f"「{w}」" for w in self.unresolved().values())
            target, label = self.scenario.on_vague, "vague"
            because = f"{because} 但你说的{words}没有落到具体的时间、人和做法,客户心里没底。".strip()
        record = self._record(node, text, result, reading, ids, vague, behind, state.mood, mood, label, because, target)
        record["excused"] = [h.contract_json() | {"reason": "说明了原因或给出了替代办法,不算生硬拒绝"} for h in excused]
        state.mood = mood
        state.turns.append(record)
        self._move(target, branch)
        return record

    def _remember(self, reading: Reading, vague: dict, behind: dict, turn: int) -> None:
        state = self.state
        for ident in reading.done:
            state.done.setdefault(ident, turn)
        for ident, words in vague.items():
            state.vague.setdefault(ident, [turn, words, behind.get(ident, "")])
        state.slots.update(reading.slots)

    def _press(self, node: Node, branch: Branch, vague: dict, behind: dict, misses: int) -> Branch:
        """Staying put after a vague reply, the customer presses for the specifics it lacked."""
        u = self.understanding
        asked = [k for k in vague if k in self._asked[node.id] and u.press_lines(k, behind.get(k, ""))]
        if branch.goto or not asked:
            return branch
        ident = asked[0]
        lines = u.press_lines(ident, behind.get(ident, ""))
        because = f"「{vague[ident]}」不具体,客户追问: {u.vague_reason(ident, behind.get(ident, '')) or '说法含糊,客户心里没底。'}"
        return replace(branch, say=(lines[misses % len(lines)],), because=branch.because or because)

    def _fails(self, target: str) -> bool:
        """Losing a customer by saying too little is not the failure rudeness is: a polite trainee
        who never gets to the point leaves the customer unserved (the timeout ending), not enraged."""
        ending, fallback = self.scenario.endings.get(target), self.scenario.endings.get(self.scenario.on_timeout)
        return ending is not None and ending.kind == "failure" and fallback is not None and fallback.kind != "failure"

    def _polite_so_far(self, result: ReplyScore) -> bool:
        """No forbidden phrase and at least some courtesy: 嗯 and bare commands are not politeness."""
        turns = self.state.turns
        clean = not result.forbidden and not any(t["forbidden"] for t in turns)
        return clean and bool(result.polite or any(t["polite"] for t in turns))

    def _succeeds(self, target: str) -> bool:
        ending = self.scenario.endings.get(target)
        return ending is not None and ending.kind == "success"

    def _choose(self, node: Node, ctx: Context) -> tuple[Branch | None, str]:
        for prefix, branches in (("always", self.scenario.always), ("branches", node.branches)):
            for index, branch in enumerate(branches):
                if holds(branch.when, ctx):
                    return branch, f"{prefix}[{index + 1}]"
        return None, ""

    def _choose_fallback(self, node: Node, ctx: Context) -> tuple[Branch, str]:
        missed = replace(ctx, misses=ctx.misses + 1)
        for index, branch in enumerate(node.fallback):
            if holds(branch.when, missed):
                return branch, f"fallback[{index + 1}]"
        return Branch(Condition(), None), "fallback"

    def _record(self, node: Node, text: str, result: ReplyScore, reading: Reading, ids: frozenset, vague: dict,
                behind: dict, mood_before: int, mood_after: int, label: str, because: str, target: str) -> dict:
        u, turn = self.understanding, len(self.state.turns) + 1
        key_points = []
        for ref in dict((r.id, r) for r in node.key_points).values():
            earned = self.state.done.get(ref.id)
            status = ("done" if earned == turn else "earlier" if earned else "vague" if ref.id in vague else "missed")
            reason = u.vague_reason(ref.id, behind.get(ref.id, "")) if status == "vague" else u.reasons.get(ref.id, "")
            key_points.append({"id": ref.id, "name": u.names.get(ref.id, ref.id), "weight": ref.weight,
                               "hit": earned is not None, "status": status, "turn": earned,
                               "words": vague.get(ref.id, ""), "reason": reason})
        return {
            "index": len(self.state.turns) + 1,
            "node": node.id,
            "customer": self.state.line,
            "reply": text,
            "forbidden": [h.contract_json() | {"severity": h.severity, "category": h.category, "reason": h.reason,
                                               "suggestion": h.suggestion} for h in result.distinct_forbidden],
            "polite": result.polite,
            "understood": sorted(ids),
            "vague": dict(sorted(vague.items())),
            "procedure": list(reading.procedure),
            "slots": dict(reading.slots),
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
        known = self._known()
        if target == EXAM_FAILED.id or target in self.scenario.endings:
            state.ending = target
            say = find_ending(self.scenario, target).say
            state.line = choose_line(say, len(state.turns) + 1, known, state.slots) if say else ""
            return
        visits = state.visits.get(target, 0) + 1
        state.visits[target] = visits
        if target != state.node:
            state.misses[target] = 0
        state.node = target
        lines = branch.say or self.scenario.nodes[target].say
        state.line = choose_line(lines, visits, known, state.slots)
