"""程序型服务: a commitment hidden behind procedure is at most half done.

The course's 程序型服务 answers every request with the procedure itself: 我们会按流程处理, 您的意见我们
会反馈给相关部门, 请您耐心等待, 具体以网点公告为准, 会有工作人员联系您. Each sounds like a commitment
and names no action, person or time, so whatever key point a rubric phrase finds beside it (我们会…处理
for reassure, 核实 for investigate, 按提示操作 for teach-steps) was said only vaguely, whichever
scenario or technique defines that point. A concept's own vague markers (尽快, 一般) stay its own;
these markers, from ``rubrics/procedure.yaml``, apply to every concept alike.

Procedure is the answer only when the reply commits to nothing concrete: 按规定需要审核,三个工作日内
我亲自给您回电 explains a rule and then commits (a graded concept done, in words that are not
themselves the procedure), and keeps every point it earns. What procedure cannot hollow out is a
courtesy, a feeling or a question (您好, 对不起, 理解您的心情, 请问): concepts marked ``courtesy``, and
any point found in the same words as one of them, are still said.
"""

from __future__ import annotations

from typing import Iterable

from trainer.language.matcher import PhraseIndex, RawHit, best_per_key, overlaps
from trainer.language.text import CLAUSE_BREAKS, clause_bounds
from trainer.scoring.concepts import DONE, VAGUE, Grade, affirmed_stand_ins
from trainer.scoring.rubric import PoliteCategory, ProcedureMarker


SENTENCE_END = "。"
_TRAILING = ",。!?;:就吧呢啊"  # the end a form asks for (按流程办理就可以了), not what is shown


def _within(text: str, hit: RawHit) -> RawHit:
    """A hit on the reply with its end added, back on the reply, its wording without the end."""
    end = min(hit.end, len(text))
    while end > hit.start + 1 and text[end - 1] in _TRAILING:
        end -= 1
    return hit._replace(end=end, wording=text[hit.start:end])


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _clauses(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The clause of a span with the clause before and after it, inside its sentence."""
    start, end = clause_bounds(text, span[0], span[1], CLAUSE_BREAKS)
    first, last = clause_bounds(text, span[0], span[1])
    if start > first:
        start = clause_bounds(text, start - 1, start - 1, CLAUSE_BREAKS)[0]
    if end < last:
        end = clause_bounds(text, end + 1, end + 1, CLAUSE_BREAKS)[1]
    return start, end


def _near(text: str, span: tuple[int, int], marker: tuple[int, int]) -> bool:
    """我们会进行核实,如果属实会按规定处理: the procedure qualifies the clauses next to it, not the
    whole of a long sentence (以系统为准,…,按规定重新填一张单子试试 still offers a way)."""
    return _overlaps(_clauses(text, span), marker)


class Procedure:
    """Built once per rubric set: ``stated`` finds what a reply hides behind, ``settle`` re-reads
    its grades with it."""

    def __init__(self, markers: Iterable[ProcedureMarker], polite: Iterable[PoliteCategory]):
        self.markers = {m.id: m for m in markers}
        self._index = PhraseIndex((m.id, [v for _, vs in m.forms for v in vs]) for m in self.markers.values())
        self._lookalikes = PhraseIndex((m.id, [v for _, vs in m.not_forms for v in vs])
                                       for m in self.markers.values() if m.not_forms)
        self._explained = PhraseIndex((m.id, [v for _, vs in m.explained for v in vs])
                                      for m in self.markers.values() if m.explained)
        self._courtesy = PhraseIndex((c.id, [v for _, vs in c.forms for v in vs]) for c in polite if c.courtesy)

    def reason(self, marker: str) -> str:
        return self.markers[marker].reason if marker in self.markers else ""

    def press(self, marker: str) -> tuple[str, ...]:
        return self.markers[marker].press if marker in self.markers else ()

    def found(self, text: str) -> list[RawHit]:
        """The procedure a normalised reply states, not negated and not asked about, longest first
        where wordings overlap (请您耐心等待, not 请您耐心等), and not explained by what it is for."""
        ended = text + SENTENCE_END
        found = best_per_key(self._index.exact(ended))
        lookalikes = self._lookalikes.exact(ended) if found else []
        explained = {h.key for h in affirmed_stand_ins(text, self._explained.exact(text))} if found else set()
        found = [_within(text, h) for h in found if h.start < len(text) and h.key not in explained
                 and not any(n.key == h.key and overlaps(n, h) for n in lookalikes)]
        return affirmed_stand_ins(text, found)

    def stated(self, text: str, grades: dict[str, Grade], graded: set[str], kept: frozenset = frozenset()) -> list[RawHit]:
        """The procedure a reply answers with: its markers when it commits to nothing concrete.

        ``graded`` are the commitments (concepts with vague markers of their own: a time, a person,
        an action), done concretely when in words that are not themselves the procedure;
        ``kept`` concepts read as their forms say (a scenario's signals for its branches), and
        procedure one of them reads whole in its own words is that signal's (以屏幕提示为准 is a
        scenario's 让客户自己看提示, already answered by its branches)."""
        said = [span for ident in kept if ident in grades for span in grades[ident].where]
        markers = [m for m in self.found(text) if not any(s[0] <= m.start and m.end <= s[1] for s in said)]
        return [] if self._commits(grades, graded, markers) else markers

    def settle(self, text: str, grades: dict[str, Grade], markers: list[RawHit], courteous: set[str],
               kept: frozenset = frozenset()) -> dict[str, Grade]:
        """``grades`` with every point behind the ``stated`` procedure made vague.

        ``courteous`` are the courtesies, which procedure never takes back, nor anything said in
        their words; ``kept`` the concepts read as their forms say (signals that earn no points:
        找借口 said behind procedure is still said)."""
        if not markers:
            return grades
        spared = [span for ident in courteous if ident in grades for span in grades[ident].where]
        spared += [(h.start, h.end) for h in self._courtesy.exact(text)]
        settled = dict(grades)
        for ident, grade in grades.items():
            if grade.verdict != DONE or ident in courteous or ident in kept:
                continue
            behind = self._behind(text, grade, markers, spared)
            if behind is not None:
                settled[ident] = Grade(VAGUE, behind.wording, marker=behind.key)
        return settled

    @staticmethod
    def _commits(grades: dict[str, Grade], graded: set[str], markers: list[RawHit]) -> bool:
        """A commitment done in words of its own: 按流程帮您处理 is the procedure, not a solution."""
        return bool(markers) and any(grades[ident].verdict == DONE and any(
            not any(_overlaps(span, (m.start, m.end)) for m in markers) for span in grades[ident].where)
            for ident in graded if ident in grades)

    @staticmethod
    def _behind(text: str, grade: Grade, markers: list[RawHit], spared: list[tuple[int, int]]) -> RawHit | None:
        """The procedure that takes a point back, or None: one beside every form that found it (in
        its clause or the clause either side), or beside every place one of its keyword groups
        stands (耐心 in 请您耐心等待 is no 耐心清点); a point found by a model sentence has no place,
        so any procedure in the reply takes it back, as a concept's own hedges do."""
        def beside(span: tuple[int, int]) -> RawHit | None:
            if any(_overlaps(span, s) for s in spared):
                return None
            return next((m for m in markers if _near(text, span, (m.start, m.end))), None)

        if grade.where:
            found = [beside(span) for span in grade.where]
            return found[0] if all(found) else None
        for group in grade.keywords:
            found = [beside(span) for span in group]
            if all(found):
                return found[0]
        return None if grade.keywords else markers[0]
