"""The final 0-100 score of a session, with a reason for every point won or lost.

Four dimensions, each with a fixed maximum so a trainee can see where the points went:
key points (50), polite expressions where they belong (15), no forbidden phrases (20) and the
outcome (15). Polite expressions earn credit by position and need — greeting in the first
reply, goodbye in the last, an apology where the customer has a grievance, 请/谢谢 once — so
stuffing 您好请谢谢对不起再见 into every reply earns nothing more and is called out.

A reply that answers with the procedure itself and commits to nothing (按流程处理, 请您耐心等待,
会有工作人员联系您: the course's 程序型服务) costs PROCEDURE_COST besides the half credit of any
point it made vague: each such answer leaves the customer waiting on nobody in particular, even
where no key point was at stake, and a polite trainee who gives nothing else should not score
like one who served the customer. A reply that also commits concretely is never charged.

Whoever ends the conversation: at a success or partial ending the customer speaks the last line
("好,那我就等你的电话。谢谢你") and the trainee gets no reply to it, yet that reply is where a bank
teller thanks the customer and says goodbye (去有送声). A trainer watching the role-play does not
mark down courtesies the customer hung up on, so see ``_closed_by_customer``: a 感谢语 or 道别语 the
trainee had no turn left to say is left out of the score, neither won nor lost, and the score's
reasons say so. A trainee who had the turns (kept at the close for more than one reply, used up every
turn the scenario allows, or was asked for thanks earlier in the conversation) and never thanked
or said goodbye still loses the points.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KEY_POINTS_MAX, POLITE_MAX, FORBIDDEN_MAX, OUTCOME_MAX = 50, 15, 20, 15
# minor: the statistical second opinion's flag, a likely fault rather than a listed one.
FORBIDDEN_COST = {"critical": 20, "major": 10, "minor": 5}
OUTCOME_POINTS = {"success": 15, "partial": 7, "failure": 0}
FAILURE_CAP = 40
PARTIAL_CAP = 74  # a customer only partly served is not a success, however many points were ticked
HINT_COST = 3
PROCEDURE_COST = 3
PROCEDURE_MAX_COST = 15  # five procedural answers: past that the customer has long stopped listening
STUFFING_COST = 3
STUFFING_MIN_CATEGORIES = 4
POLITE_WEIGHTS = {"greeting": 3.0, "farewell": 3.0, "apology": 4.0, "request": 2.5, "thanks": 2.5}
VERDICT_SHARE = {"done": 1.0, "vague": 0.5, "missed": 0.0}  # vague is half done: the customer is left unsure
CLOSING_COURTESIES = ("thanks", "farewell")
POLITE_NAMES = {"greeting": "问候语", "request": "请求语", "thanks": "感谢语", "apology": "抱歉语", "farewell": "道别语"}


@dataclass
class Item:
    points: float
    reason: str
    turn: int | None = None


@dataclass
class Dimension:
    id: str
    label: str
    max: float
    points: float = 0.0
    items: list[Item] = field(default_factory=list)


@dataclass
class SessionScore:
    total: int
    dimensions: list[Dimension]
    adjustments: list[Item]

    def to_json(self) -> dict:
        return {"total": self.total, "dimensions": [asdict(d) for d in self.dimensions],
                "adjustments": [asdict(a) for a in self.adjustments]}


def _verdicts(turns: list[dict]) -> dict[str, dict]:
    """One verdict per key point per conversation: done beats vague beats missed, and it names
    the turn that earned it; the weight is the most any node visited gave the point."""
    rank = {"done": 2, "earlier": 2, "vague": 1, "missed": 0}
    best: dict[str, dict] = {}
    for turn in turns:
        for kp in turn["key_points"]:
            status = kp.get("status") or ("done" if kp["hit"] else "missed")
            seen = best.get(kp["id"])
            weight = max(kp["weight"], seen["weight"]) if seen else kp["weight"]
            if seen is None or rank[status] > rank[seen["status"]]:
                earned = kp.get("turn") or turn["index"] if status in ("done", "earlier") else turn["index"]
                best[kp["id"]] = kp | {"status": "done" if rank[status] == 2 else status, "turn": earned}
            best[kp["id"]]["weight"] = weight
    return best


def _whole_points(shares: list[float], total: int) -> list[int]:
    """Shares rounded to whole points that still add up to the rounded total (largest remainder)."""
    floors = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[:max(0, total - sum(floors))]:
        floors[i] += 1
    return floors


def _closed_by_customer(turns: list[dict], ending_kind: str | None) -> bool:
    """The customer closed the conversation on the trainee's first reply at the node where it ended:
    the business was settled and the customer said goodbye before the trainee had another turn.
    Not when the turn limit ended it (the trainee was given every turn the scenario allows), nor
    when the customer walked off unserved for want of an answer (the engine's "/polite" ending)."""
    if ending_kind not in ("success", "partial") or not turns:
        return False
    branch = turns[-1].get("branch", "")
    if branch == "timeout" or branch.endswith("/polite"):
        return False
    return len(turns) == 1 or turns[-2]["node"] != turns[-1]["node"]


def _no_chance(turns: list[dict], ending_kind: str | None) -> set[str]:
    """The closing courtesies not charged when missing: the customer closed the conversation and no
    node before the last one had asked for them (a thanks asked for mid-conversation had its turn)."""
    if not _closed_by_customer(turns, ending_kind):
        return set()
    asked_before = {kp["id"] for turn in turns[:-1] for kp in turn["key_points"]}
    return {key for key in CLOSING_COURTESIES if key not in asked_before}


NO_CHANCE = "客户在你回应之前就结束了对话,来不及说的「{}」不扣分也不加分"


def _key_points(turns: list[dict], no_chance: set[str] = frozenset()) -> Dimension:
    dim = Dimension("key_points", "要点", KEY_POINTS_MAX)
    verdicts, uncharged = [], []
    for kp in _verdicts(turns).values():
        (uncharged if kp["id"] in no_chance and kp["status"] == "missed" else verdicts).append(kp)
    dim.items = [Item(0, NO_CHANCE.format(kp["name"]), kp["turn"]) for kp in uncharged]
    total = sum(kp["weight"] for kp in verdicts)
    if not total:
        dim.points = KEY_POINTS_MAX if turns else 0.0
        return dim
    full = [KEY_POINTS_MAX * kp["weight"] / total for kp in verdicts]
    earned = [share * VERDICT_SHARE[kp["status"]] for share, kp in zip(full, verdicts)]
    points = _whole_points(earned, round(sum(earned)))
    lost = _whole_points([f - e for f, e in zip(full, earned)], KEY_POINTS_MAX - sum(points))
    dim.points = float(sum(points))
    for kp, won, gone in zip(verdicts, points, lost):
        why = f": {kp['reason']}" if kp["reason"] else ""
        if kp["status"] == "done":
            dim.items.append(Item(won, f"做到了「{kp['name']}」", kp["turn"]))
        elif kp["status"] == "vague":
            dim.items.append(Item(won, f"「{kp['name']}」只做到一半(满分 {won + gone}): 「{kp.get('words', '')}」"
                                       f"不够具体{why}", kp["turn"]))
        else:
            dim.items.append(Item(-gone, f"没有做到「{kp['name']}」{why}", kp["turn"]))
    return dim


def _polite(turns: list[dict], ending_kind: str | None, no_chance: set[str] = frozenset()) -> Dimension:
    dim = Dimension("polite", "礼貌用语", POLITE_MAX)
    if not turns:
        return dim
    grievance_turns = [t for t in turns if t["grievance"]]
    needed = {"greeting": [turns[0]], "request": turns, "thanks": turns}
    if grievance_turns:
        needed["apology"] = grievance_turns
    if ending_kind in ("success", "partial"):
        needed["farewell"] = turns[-2:]  # an ending on the customer's line leaves no turn after the goodbye
    for key in [k for k in needed if k in no_chance and not any(k in t["polite"] for t in needed[k])]:
        del needed[key]
        dim.items.append(Item(0, NO_CHANCE.format(POLITE_NAMES[key]), turns[-1]["index"]))
    weight_sum = sum(POLITE_WEIGHTS[k] for k in needed)
    where = {"greeting": "开场第一句", "farewell": "结束时", "apology": "客户有委屈时", "request": "对话中", "thanks": "对话中"}
    shares = _whole_points([POLITE_MAX * POLITE_WEIGHTS[k] / weight_sum for k in needed], POLITE_MAX)
    for key, share in zip(needed, shares):
        scope = needed[key]
        used = next((t for t in scope if key in t["polite"]), None)
        if used:
            dim.points += share
            dim.items.append(Item(share, f"{where[key]}用了{POLITE_NAMES[key]}", used["index"]))
        else:
            dim.items.append(Item(-share, f"{where[key]}缺少{POLITE_NAMES[key]}", scope[0]["index"]))
    for turn in turns:
        if len(turn["polite"]) >= STUFFING_MIN_CATEGORIES:
            dim.points -= STUFFING_COST
            dim.items.append(Item(-STUFFING_COST, "一句话里堆砌多种礼貌用语,显得机械,不加分反扣分", turn["index"]))
        if "farewell" in turn["polite"] and turn is not turns[-1]:
            dim.items.append(Item(0, "对话还没结束就说道别语,客户会觉得在赶他走", turn["index"]))
    dim.points = max(0.0, dim.points)
    return dim


def _forbidden(turns: list[dict]) -> Dimension:
    dim = Dimension("forbidden", "服务忌语", FORBIDDEN_MAX, FORBIDDEN_MAX)
    for turn in turns:
        for hit in turn["forbidden"]:
            cost = FORBIDDEN_COST.get(hit["severity"], 10)
            dim.points -= cost
            dim.items.append(Item(-cost, f"说了服务忌语「{hit['match']}」: {hit['reason']}", turn["index"]))
    if not dim.items and turns:
        dim.items.append(Item(FORBIDDEN_MAX, "全程没有服务忌语"))
    dim.points = max(0.0, dim.points)
    return dim


def _outcome(ending: dict | None) -> Dimension:
    dim = Dimension("outcome", "结果", OUTCOME_MAX)
    if ending is None:
        dim.items.append(Item(0, "对话没有走到结局"))
        return dim
    dim.points = OUTCOME_POINTS[ending["kind"]]
    dim.items.append(Item(dim.points, f"结局: {ending['title']}"))
    return dim


def _procedural(turns: list[dict]) -> list[Item]:
    """One charge per reply that answered with procedure alone, up to PROCEDURE_MAX_COST."""
    items = []
    for turn in turns:
        words = turn.get("procedure") or ()
        if words and PROCEDURE_COST * (len(items) + 1) <= PROCEDURE_MAX_COST:
            said = "」「".join(dict.fromkeys(words))
            items.append(Item(-PROCEDURE_COST, f"用程序代替了答复:「{said}」没有说现在做什么、谁来做、什么时候有结果"
                                               "(程序型服务),客户只能干等", turn["index"]))
    return items


def score_session(turns: list[dict], ending: dict | None, hints: int = 0) -> SessionScore:
    """``ending`` is ``{"id", "kind", "title"}`` or None while the session is unfinished."""
    kind = ending["kind"] if ending else None
    no_chance = _no_chance(turns, kind)
    dims = [_key_points(turns, no_chance), _polite(turns, kind, no_chance), _forbidden(turns), _outcome(ending)]
    raw = sum(d.points for d in dims)
    adjustments = []
    if hints:
        adjustments.append(Item(-HINT_COST * hints, f"查看参考话术 {hints} 次"))
        raw -= HINT_COST * hints
    procedural = _procedural(turns)
    adjustments += procedural
    raw += sum(item.points for item in procedural)
    if kind == "failure" and raw > FAILURE_CAP:
        adjustments.append(Item(FAILURE_CAP - raw, f"客户流失或投诉,成绩封顶 {FAILURE_CAP} 分"))
        raw = FAILURE_CAP
    if kind == "partial" and raw > PARTIAL_CAP:
        adjustments.append(Item(PARTIAL_CAP - raw, f"客户没有完全满意地离开,成绩封顶 {PARTIAL_CAP} 分"))
        raw = PARTIAL_CAP
    if kind == "partial" and raw < FAILURE_CAP:
        adjustments.append(Item(FAILURE_CAP - raw, f"客户没有流失也没有投诉,成绩不低于 {FAILURE_CAP} 分"))
        raw = FAILURE_CAP
    for dim in dims:
        dim.points = round(dim.points, 1)
    return SessionScore(max(0, min(100, round(raw))), dims, adjustments)
