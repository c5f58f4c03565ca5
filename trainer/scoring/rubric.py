"""The rubrics a reply is judged against, loaded from ``rubrics/*.yaml``.

Five kinds of file: forbidden service phrases (服务忌语), the five polite expressions
(礼貌服务"五语"), generic service techniques that scenarios reuse as key points, the procedure a
程序型 reply hides behind (按流程处理, 请您耐心等待), and labelled example replies that the
statistical second opinion learns from.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from trainer.scoring.fields import FieldReader
from trainer.located.problems import ERROR, ContentError, Problem
from trainer.language.templates import Wordings
from trainer.located.values import LocatedDict

POLITE_KEYS = ("greeting", "request", "thanks", "apology", "farewell")
SEVERITIES = ("critical", "major")

Forms = tuple[tuple[str, Wordings], ...]


class ForbiddenPhrase(NamedTuple):
    id: str
    phrase: str
    category: str
    severity: str
    reason: str
    suggestion: str
    source: str
    forms: Forms
    allow: Forms = ()
    alone: bool = False  # a bare reply (我不知道, 自己找) counts only when it is its whole clause
    way_out: bool = False  # proper when what can be done instead follows (办不了,我带您去隔壁网点办)


class PoliteCategory(NamedTuple):
    id: str
    name: str
    reason: str
    source: str
    forms: Forms
    not_forms: Forms = ()
    courtesy: bool = False     # said, whatever procedure stands beside it (see ``Procedure``)


class Technique(NamedTuple):
    id: str
    name: str
    reason: str
    source: str
    forms: Forms
    examples: tuple[str, ...] = ()
    not_forms: Forms = ()
    vague: Forms = ()          # stand-ins that commit to nothing (尽快, 会有人联系您)
    hedges: Forms = ()         # words that take a concrete form back (一般, 具体以…为准)
    vague_reason: str = ""
    press: tuple[str, ...] = ()  # what a customer says to press for the specifics
    remember: bool = False     # a commitment: once made it holds for the rest of the conversation
    courtesy: bool = False     # a feeling, a question or a courtesy, which procedure beside it cannot hollow out


class ProcedureMarker(NamedTuple):
    """One way of answering with the procedure itself (按流程处理, 反馈给相关部门, 以公告为准)."""

    id: str
    name: str
    reason: str
    source: str
    forms: Forms
    press: tuple[str, ...] = ()
    not_forms: Forms = ()      # look-alikes that are no stand-in for an action (耐心等待叫号: a queue)
    explained: Forms = ()      # words that make the procedure an explanation wherever they are in the reply


class Example(NamedTuple):
    """One labelled reply; ``suggestion`` is the proper wording when the line comes with one."""

    text: str
    forbidden: bool
    situation: str
    source: str
    suggestion: str = ""


class Rubrics:
    """Filled file by file as the folder is read."""

    __slots__ = ("forbidden", "polite", "techniques", "procedure", "examples", "files")

    def __init__(self, forbidden: list[ForbiddenPhrase] | None = None, polite: list[PoliteCategory] | None = None,
                 techniques: list[Technique] | None = None, examples: list[Example] | None = None,
                 files: list[str] | None = None, procedure: list[ProcedureMarker] | None = None):
        self.forbidden = forbidden or []
        self.polite = polite or []
        self.techniques = techniques or []
        self.procedure = procedure or []
        self.examples = examples or []
        self.files = files or []

    def forbidden_ids(self) -> set[str]:
        return {p.id for p in self.forbidden}


def _read_forbidden(reader: FieldReader, doc: LocatedDict, seen: dict) -> list[ForbiddenPhrase]:
    out = []
    for index, entry in reader.mappings(doc, "phrases", "forbidden rubric"):
        what = f"forbidden phrase '{entry.get('id', index + 1)}'"
        out.append(ForbiddenPhrase(
            id=reader.unique_id(entry, seen, what),
            phrase=reader.text(entry, "phrase", what),
            category=reader.text(entry, "category", what),
            severity=reader.choice(entry, "severity", what, SEVERITIES),
            reason=reader.text(entry, "reason", what),
            suggestion=reader.text(entry, "suggestion", what),
            source=reader.text(entry, "source", what),
            forms=reader.templates(entry, "forms", what),
            allow=reader.templates(entry, "allow", what, required=False),
            alone=entry.get("alone") is True,
            way_out=entry.get("way_out") is True,
        ))
    return out


def _read_polite(reader: FieldReader, doc: LocatedDict, seen: dict) -> list[PoliteCategory]:
    out = []
    for index, entry in reader.mappings(doc, "categories", "polite rubric"):
        what = f"polite category '{entry.get('id', index + 1)}'"
        ident = reader.unique_id(entry, seen, what)
        if ident and ident not in POLITE_KEYS:
            reader.error(entry.where("id"), f"{what}: id must be one of {', '.join(POLITE_KEYS)}", "choice")
        out.append(PoliteCategory(
            id=ident,
            name=reader.text(entry, "name", what),
            reason=reader.text(entry, "reason", what),
            source=reader.text(entry, "source", what),
            forms=reader.templates(entry, "forms", what),
            not_forms=reader.templates(entry, "not", what, required=False),
            courtesy=entry.get("courtesy") is True,
        ))
    return out


def _read_techniques(reader: FieldReader, doc: LocatedDict, seen: dict) -> list[Technique]:
    out = []
    for index, entry in reader.mappings(doc, "techniques", "techniques rubric"):
        what = f"technique '{entry.get('id', index + 1)}'"
        examples = reader.items(entry, "examples", what, required=False)
        out.append(Technique(
            id=reader.unique_id(entry, seen, what),
            name=reader.text(entry, "name", what),
            reason=reader.text(entry, "reason", what),
            source=reader.text(entry, "source", what),
            forms=reader.templates(entry, "forms", what),
            examples=tuple(str(e) for e in examples if isinstance(e, str) and e.strip()),
            not_forms=reader.templates(entry, "not", what, required=False),
            vague=reader.templates(entry, "vague", what, required=False),
            hedges=reader.templates(entry, "hedges", what, required=False),
            vague_reason=reader.text(entry, "vague_reason", what, required=False),
            press=tuple(str(p) for p in reader.items(entry, "press", what, required=False) if isinstance(p, str)),
            remember=entry.get("remember") is True,
            courtesy=entry.get("courtesy") is True,
        ))
    return out


def _read_procedure(reader: FieldReader, doc: LocatedDict, seen: dict) -> list[ProcedureMarker]:
    out = []
    for index, entry in reader.mappings(doc, "markers", "procedure rubric"):
        what = f"procedure marker '{entry.get('id', index + 1)}'"
        out.append(ProcedureMarker(
            id=reader.unique_id(entry, seen, what),
            name=reader.text(entry, "name", what),
            reason=reader.text(entry, "reason", what),
            source=reader.text(entry, "source", what),
            forms=reader.templates(entry, "forms", what),
            press=tuple(str(p) for p in reader.items(entry, "press", what, required=False) if isinstance(p, str)),
            not_forms=reader.templates(entry, "not", what, required=False),
            explained=reader.templates(entry, "explained", what, required=False),
        ))
    return out


def _read_examples(reader: FieldReader, doc: LocatedDict, seen: dict) -> list[Example]:
    out = []
    for index, group in reader.mappings(doc, "situations", "examples file"):
        what = f"example situation '{group.get('situation', index + 1)}'"
        situation = reader.text(group, "situation", what)
        source = reader.text(group, "source", what)
        for key, forbidden in (("forbidden", True), ("clean", False)):
            lines = reader.items(group, key, what, required=False)
            for number, line in enumerate(lines):
                if not isinstance(line, str) or not line.strip():
                    reader.error(lines.where(number), f"{what}: {key}[{number + 1}] must be a line of text", "type")
                    continue
                out.append(Example(line.strip(), forbidden, situation, source))
    return out


_READERS = {"forbidden": _read_forbidden, "polite": _read_polite, "techniques": _read_techniques,
            "procedure": _read_procedure, "examples": _read_examples}


def load_rubrics(directory: Path) -> Rubrics:
    """Load every ``*.yaml`` in a folder; any problem in any file refuses the whole set.

    A scorer working from half a rubric would silently pass forbidden phrases, so unlike
    scenarios (where one broken file is skipped) rubric problems are fatal and all reported.
    The YAML loader is imported here: a process whose rubric comes from the cache never needs it.
    """
    from trainer.located.yamlsource import load_yaml_file

    rubrics = Rubrics()
    problems: list[Problem] = []
    seen: dict[str, dict] = {kind: {} for kind in _READERS}
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not paths:
        raise ContentError([Problem(str(directory), 1, 1, ERROR, "no rubric files (*.yaml) found", "missing")])
    for path in paths:
        try:
            doc = load_yaml_file(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        reader = FieldReader(str(path))
        doc = reader.mapping(doc, (1, 1), "rubric file")
        kind = reader.choice(doc, "kind", "rubric file", tuple(_READERS))
        if kind in _READERS and not reader.problems:
            getattr(rubrics, kind).extend(_READERS[kind](reader, doc, seen[kind]))
            rubrics.files.append(str(path))
        problems.extend(reader.problems)
    if problems:
        raise ContentError(problems)
    return rubrics
