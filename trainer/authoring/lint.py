"""``trainer lint``: every problem in scenario files, as ``file:line:col: severity: message``.

The loader already refuses what cannot be played (bad YAML, wrong fields, branches to nowhere,
unknown key point ids) and locates each mistake. Lint runs the same loader, so the two can never
disagree about what is valid, then adds what a loader has no reason to refuse but an author wants
to hear about: content no session can reach, nodes with no way out, branches an earlier branch
always beats, unused variables and key points, unknown forbidden-phrase ids, fields the loader
would silently ignore, and the scenario's test file. Messages are in Chinese and English.

Errors mean the file cannot be used (or a session can get stuck); warnings mean dead or
suspicious content. ``trainer lint`` exits non-zero when there is any error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from trainer import paths
from trainer.authoring.lint_checks import scenario_problems, test_file_problems, unknown_fields
from trainer.located.problems import ERROR, WARNING, ContentError, Problem
from trainer.scoring.rubric import Rubrics, load_rubrics
from trainer.dialogue.scenario import Scenario
from trainer.dialogue.scenario_loader import TEST_SUFFIX, build_scenario, scenario_files
from trainer.dialogue.understanding import rubric_ids
from trainer.located.values import LocatedDict
from trainer.located.yamlsource import load_yaml_file


@dataclass
class LintContext:
    """What every file is checked against: the rubric ids (``None`` when the rubrics are broken)."""

    known_ids: set[str] | None = None
    forbidden_ids: set[str] | None = None
    check_tests: bool = True


@dataclass
class LintReport:
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        e, w, f = len(self.errors), len(self.warnings), len(self.files)
        return f"{e} 个错误, {w} 个警告, 共 {f} 个文件 / {e} error(s), {w} warning(s) in {f} file(s)"

    def to_json(self) -> dict:
        return {"files": self.files, "errors": len(self.errors), "warnings": len(self.warnings),
                "problems": [p.to_json() for p in self.problems]}


def context_from_rubrics(rubrics: Rubrics | None) -> LintContext:
    if rubrics is None:
        return LintContext()
    return LintContext(rubric_ids(rubrics), rubrics.forbidden_ids())


def load_context(rubrics_dir: Path | None = None) -> tuple[LintContext, list[Problem]]:
    """The rubrics' ids, or an empty context plus the rubric problems when they cannot be loaded."""
    try:
        rubrics = load_rubrics(rubrics_dir or paths.rubrics_dir())
    except ContentError as exc:
        return LintContext(), [bilingual(p) for p in exc.problems]
    return context_from_rubrics(rubrics), []


# --------------------------------------------------------------------------------- bilingual text

_ZH = [
    (r"invalid YAML: .*duplicate key '?([^']*)'?", "重复的键 '{0}':同一层里一个 id 只能出现一次"),
    (r"invalid YAML", "YAML 格式错误(检查缩进、冒号和引号)"),
    (r"missing '([^']+)'", "缺少必填字段 '{0}'"),
    (r"branch goes to '([^']+)', which is neither", "分支指向 '{0}',但它既不是节点也不是结局"),
    (r"condition names unknown key point '([^']+)'", "条件里的要点 '{0}' 不存在(不是本情景的 key_points,也不是规则库的技巧或礼貌用语)"),
    (r"unknown key point '([^']+)'", "要点 '{0}' 不存在(不是本情景的 key_points,也不是规则库的技巧或礼貌用语)"),
    (r"variable '([^']+)' is not declared", "变量 '{0}' 没有在 variables 里声明"),
    (r"start node '([^']+)' does not exist", "起始节点 '{0}' 不存在"),
    (r"'(on_timeout|on_rage)' names ending '([^']+)'", "'{0}' 指向的结局 '{1}' 不存在"),
    (r"unknown condition '([^']+)'", "未知的条件 '{0}'"),
    (r"unknown field '([^']+)'", "未知字段 '{0}'"),
    (r"duplicate scenario id '([^']+)'", "情景 id '{0}' 重复"),
    (r"duplicate id '([^']+)'", "id '{0}' 重复"),
    (r"'([^']+)' must be between", "字段 '{0}' 超出允许范围"),
    (r"'([^']+)' is .*; expected one of", "字段 '{0}' 的取值不在允许的选项里"),
    (r"'([^']+)' must be", "字段 '{0}' 的类型不对"),
    (r"must be a mapping", "这里应当是 键: 值 的映射"),
    (r"must be non-empty text", "这里应当是非空文字"),
    (r"needs forms, keywords or examples", "要点需要 forms、keywords 或 examples 之一才能被识别"),
    (r"expands to more than", "模板展开后的说法太多,请拆成几条"),
    (r"not UTF-8", "文件不是 UTF-8 编码"),
    (r"file is \d+ bytes", "文件太大"),
    (r"cannot read", "无法读取文件"),
]
_ZH_BY_CODE = {"template": "模板写法有误", "type": "类型不对", "range": "超出范围", "choice": "取值不在选项里",
               "reference": "引用的内容不存在", "missing": "缺少内容", "field": "字段有误", "duplicate": "重复"}
_COMPILED = [(re.compile(pattern), text) for pattern, text in _ZH]


def bilingual(problem: Problem) -> Problem:
    """Put a Chinese reading in front of a loader message (which is English): ``中文 / English``."""
    if " / " in problem.message:
        return problem
    for pattern, text in _COMPILED:
        match = pattern.search(problem.message)
        if match:
            zh = text.format(*match.groups())
            break
    else:
        zh = _ZH_BY_CODE.get(problem.code, "问题")
    return Problem(problem.file, problem.line, problem.col, problem.severity, f"{zh} / {problem.message}", problem.code)


# ------------------------------------------------------------------------------------------- files

def lint_file(path: Path, context: LintContext) -> tuple[list[Problem], Scenario | None]:
    """All problems of one scenario file (and its test file), and the scenario when it loads."""
    name = str(path)
    try:
        doc = load_yaml_file(path)
    except ContentError as exc:
        return [bilingual(p) for p in exc.problems], None
    problems = _modeline(path)
    if isinstance(doc, LocatedDict):
        problems += unknown_fields(doc, name)
    try:
        scenario = build_scenario(doc, name, None if context.known_ids is None else set(context.known_ids))
    except ContentError as exc:
        problems += [bilingual(p) for p in exc.problems]
        if context.known_ids is None or any(p.code != "reference" for p in exc.problems):
            return problems, None
        try:    # perhaps only unknown key point ids: then the graph is sound and its checks can still run
            problems += scenario_problems(build_scenario(doc, name, None), doc, context.forbidden_ids)
        except ContentError:
            pass
        return problems, None
    problems += scenario_problems(scenario, doc, context.forbidden_ids)
    stem = path.name.removesuffix(".yaml")
    if scenario.id != stem:
        problems.append(Problem(name, *doc.where("id"), WARNING,
                                f"情景 id '{scenario.id}' 与文件名 '{path.name}' 不一致 / "
                                f"scenario id '{scenario.id}' differs from the file name '{path.name}'", "id-mismatch"))
    if context.check_tests:
        problems += test_file_problems(scenario)
    return problems, scenario


def _modeline(path: Path) -> list[Problem]:
    """Every scenario names the schema so editors can complete and check it as the author types."""
    try:
        with path.open(encoding="utf-8") as handle:
            head = [handle.readline() for _ in range(5)]
    except (OSError, UnicodeDecodeError):
        return []
    for number, line in enumerate(head, 1):
        match = re.match(r"\s*#\s*yaml-language-server:\s*\$schema=(\S+)", line)
        if match:
            target = match.group(1)
            if "://" not in target and not (path.parent / target).is_file():
                return [Problem(str(path), number, match.start(1) + 1, WARNING,
                                f"模式行指向的 '{target}' 不存在 / the modeline's schema '{target}' does not exist", "modeline")]
            return []
    return [Problem(str(path), 1, 1, WARNING,
                    "缺少模式行,编辑器无法提示字段;第一行请写 # yaml-language-server: $schema=scenario.schema.json / "
                    "no yaml-language-server modeline: editors cannot complete or check this file", "modeline")]


def expand_paths(items: Iterable[Path | str]) -> list[Path]:
    """Folders become their scenario files; a ``.test.yaml`` stands for the scenario beside it."""
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            out.extend(scenario_files(path))
        elif path.name.endswith(TEST_SUFFIX):
            out.append(path.with_name(path.name.removesuffix(TEST_SUFFIX) + ".yaml"))
        else:
            out.append(path)
    seen, unique = set(), []
    for path in out:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def lint_paths(items: Iterable[Path | str], context: LintContext | None = None,
               rubrics_dir: Path | None = None) -> LintReport:
    """Lint files and folders of scenarios; duplicate scenario ids across files are errors too."""
    report = LintReport()
    if context is None:
        context, rubric_problems = load_context(rubrics_dir)
        report.problems.extend(rubric_problems)
    first: dict[str, str] = {}
    for path in expand_paths(items):
        report.files.append(str(path))
        if not path.is_file():
            report.problems.append(Problem(str(path), 1, 1, ERROR, f"文件不存在 / no such file: {path}", "io"))
            continue
        problems, scenario = lint_file(path, context)
        report.problems.extend(problems)
        if scenario is None:
            continue
        if scenario.id in first:
            line = _id_line(path)
            report.problems.append(Problem(str(path), line, 1, ERROR,
                                           f"情景 id '{scenario.id}' 重复(另见 {first[scenario.id]}) / "
                                           f"duplicate scenario id '{scenario.id}' (also in {first[scenario.id]})", "duplicate"))
            continue
        first[scenario.id] = str(path)
        report.scenarios[scenario.id] = scenario
    report.problems.sort(key=lambda p: (p.file, p.line, p.col, p.severity, p.message))
    return report


def _id_line(path: Path) -> int:
    try:
        doc = load_yaml_file(path)
        return doc.where("id")[0] if isinstance(doc, LocatedDict) else 1
    except ContentError:
        return 1
