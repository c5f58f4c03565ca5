"""Authoring commands for trainers: schema, lint, graph, preview, new, test and explore.

``trainer lint`` finds mistakes with file and line, ``trainer graph`` draws the map, ``trainer preview``
plays a file in the TUI while it is being edited, ``trainer new`` starts a scenario from a scaffold,
``trainer test`` runs the scenario's test file and reports coverage, and ``trainer explore`` plays
many random paths to find what is never visited.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trainer import paths
from trainer.cli.group import main
from trainer.cli.common import echo_json, fail
from trainer.cli.console import echo, secho
from trainer.cli.output import shown
from trainer.cli.play import catalog_or_fail
from trainer.located.problems import ContentError
from trainer.authoring.scenario_tests import coverage, load_test_file, run_tests, test_file_for


@main.command("test")
@click.argument("scenario_ids", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print JSON.")
@click.option("--scenarios", type=click.Path(file_okay=False), help="使用另一个情景文件夹 / Use another scenario folder.")
@click.option("-v", "--verbose", is_flag=True, help="也显示通过的检查 / Show passing checks too.")
def test_(scenario_ids: tuple[str, ...], as_json: bool, scenarios: str | None, verbose: bool) -> None:
    """运行情景测试 / Run the scenario test files and report branch and node coverage."""
    catalog = catalog_or_fail(scenarios, None)
    failed, out = False, []
    for scenario in _chosen(catalog.library, scenario_ids):
        ident = scenario.id
        path = test_file_for(scenario)
        if not path.exists():
            out.append({"scenario": ident, "missing": str(path)})
            failed = True
            continue
        try:
            tests = load_test_file(path)
        except ContentError as exc:
            out.append({"scenario": ident, "problems": [str(p) for p in exc.problems]})
            failed = True
            continue
        report = run_tests(scenario, catalog.scorer, tests)
        failed |= not report.passed
        out.append({"scenario": ident, "file": str(path), "passed": report.passed, "coverage": coverage(scenario, report),
                    "outcomes": [vars(o) for o in report.outcomes]})
    _finish(out, as_json, lambda item: _print(item, verbose), failed)


def _chosen(library, scenario_ids: tuple[str, ...]) -> list:
    """The named scenarios (all of them when none is named); an unknown id is a usage error."""
    unknown = [i for i in scenario_ids if i not in library.scenarios]
    if unknown:
        fail(f"没有这些情景 / unknown scenario(s): {', '.join(unknown)} (见 / see 'trainer list')", 1)
    return [library.scenarios[i] for i in scenario_ids or sorted(library.scenarios)]


def _finish(out: list[dict], as_json: bool, show, failed: bool) -> None:
    """One JSON document for tools, or a readable line per scenario; the exit code says it all."""
    if as_json:
        echo_json(out)
    else:
        for item in out:
            show(item)
    sys.exit(1 if failed else 0)


def _print(item: dict, verbose: bool) -> None:
    if "missing" in item:
        secho(f"{item['scenario']}: no test file ({item['missing']})", fg="red")
        return
    if "problems" in item:
        secho(f"{item['scenario']}:", fg="red")
        for problem in item["problems"]:
            echo(f"  {problem}")
        return
    cov = item["coverage"]
    mark = click.style("PASS", fg="green") if item["passed"] else click.style("FAIL", fg="red")
    click.echo(f"{mark} {shown(item['scenario'])}  nodes {cov['nodes'][0]}/{cov['nodes'][1]}  "
               f"branches {cov['branches'][0]}/{cov['branches'][1]}  endings {cov['endings'][0]}/{cov['endings'][1]}")
    for outcome in item["outcomes"]:
        if verbose or not outcome["passed"]:
            sign = "✓" if outcome["passed"] else "✗"
            echo(f"  {sign} {item['file']}:{outcome['line']}: {outcome['name']}: {outcome['message']}")
    if cov["unvisited_nodes"] or cov["unreached_endings"]:
        echo(f"  unvisited nodes: {', '.join(cov['unvisited_nodes']) or '-'}; "
                   f"unreached endings: {', '.join(cov['unreached_endings']) or '-'}")



# ------------------------------------------------------------------------------ schema, lint, graph

def _display(path: Path) -> str:
    """Paths under the working directory are shown relative to it, as editors and CI expect."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@main.command()
@click.option("--write", is_flag=True, help="写入 scenarios/scenario.schema.json 而不是打印 / Write it to scenarios/scenario.schema.json instead of printing it.")
@click.option("--check", is_flag=True, help="随附的模式与生成的不同时退出码为 1 / Exit 1 when the shipped schema differs from the generated one.")
def schema(write: bool, check: bool) -> None:
    """生成情景文件的 JSON Schema / Print the JSON Schema of scenario files (for YAML editors)."""
    from trainer.authoring.schema import schema_text

    text, target = schema_text(), paths.schema_path()
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            fail(f"{_display(target)} is out of date; run 'trainer schema --write'", 1)
        echo(f"{_display(target)} is up to date")
        return
    if write:
        target.write_text(text, encoding="utf-8")
        echo(f"wrote {_display(target)}", err=True)
        return
    echo(text, nl=False)


@main.command()
@click.argument("targets", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="以一个 JSON 对象输出全部问题 / Print one JSON object with every problem.")
@click.option("--rubrics", type=click.Path(file_okay=False), help="使用另一个规则文件夹 / Use another rubric folder.")
@click.option("--bench", type=click.IntRange(1, 100_000), metavar="N",
              help="性能测试:生成 N 个情景文件并检查,打印用时和内存 / Benchmark: generate N scenario files, lint them, print time and memory.")
def lint(targets: tuple[str, ...], as_json: bool, rubrics: str | None, bench: int | None) -> None:
    """检查情景文件 / Check scenario files (paths, folders or ids; default: the whole library).

    Prints file:line:col: severity: message for every problem; exits 1 when there is an error.
    """
    if bench:
        from trainer.bench.lint import lint_benchmark

        lint_benchmark(bench)
        return
    from trainer.authoring.lint import lint_paths

    items = [_lint_target(t) for t in targets] or [Path(_display(paths.scenarios_dir()))]
    report = lint_paths(items, rubrics_dir=Path(rubrics) if rubrics else None)
    if as_json:
        echo_json(report.to_json())
    else:
        colours = {"error": "red", "warning": "yellow"}
        for problem in report.problems:
            where = f"{problem.file}:{problem.line}:{problem.col}:"
            click.echo(f"{shown(where)} {click.style(problem.severity, fg=colours.get(problem.severity))}: {shown(problem.message)}")
        echo(report.summary(), err=True)
    sys.exit(0 if report.ok else 1)


def _lint_target(target: str) -> Path:
    """A path as given; a bare scenario id stands for ``<scenario folder>/<id>.yaml``."""
    path = Path(target)
    if not path.exists() and "/" not in target and not target.endswith(".yaml"):
        candidate = paths.scenarios_dir() / f"{target}.yaml"
        if candidate.is_file():
            return Path(_display(candidate))
    return path


def _one_scenario(ident: str, scenarios: str | None):
    """A scenario by id from the library, or straight from a ``.yaml`` path; exits on failure."""
    from trainer.dialogue.scenario_loader import load_scenario_file

    candidate = Path(ident)
    if ident.endswith(".yaml") and candidate.is_file():
        try:
            return load_scenario_file(candidate)
        except ContentError as exc:
            for problem in exc.problems:
                echo(str(problem), err=True)
            fail(f"{ident} 无法载入,请运行 / does not load; run 'trainer lint {ident}'", 1)
    beside = (Path(scenarios) if scenarios else paths.scenarios_dir()) / f"{ident}.yaml"
    if "/" not in ident and beside.is_file():
        try:
            scenario = load_scenario_file(beside)       # the quick way: no rubrics needed to draw a map
            if scenario.id == ident:
                return scenario
        except ContentError:
            pass
    catalog = catalog_or_fail(scenarios, None, quiet=True)
    scenario = catalog.library.get(ident)
    if scenario is None:
        fail(f"没有这个情景 '{ident}' / unknown scenario (见 'trainer list';载入失败的文件见 'trainer lint')", 1)
    return scenario


@main.command()
@click.argument("scenario_id")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "json"]), default="mermaid", show_default=True,
              help="输出格式 / Output format.")
@click.option("--scenarios", type=click.Path(file_okay=False), help="使用另一个情景文件夹 / Use another scenario folder.")
def graph(scenario_id: str, fmt: str, scenarios: str | None) -> None:
    """画出情景图 / Print the scenario as a graph (Mermaid, Graphviz DOT or JSON); ID or a .yaml path."""
    from trainer.authoring.graph import RENDERERS, scenario_graph

    data = scenario_graph(_one_scenario(scenario_id, scenarios))
    if fmt == "json":
        echo_json(data.to_json())
    else:
        echo(RENDERERS[fmt](data), nl=False)


@main.command()
@click.argument("target")
def preview(target: str) -> None:
    """在终端界面里试玩正在编辑的情景 / Play a scenario file in the TUI while editing it.

    TARGET is a .yaml path or a scenario id. Each save reloads the file and replays the conversation
    to the same point; lint problems show in a panel. Nothing is written to the practice records.
    """
    path = _lint_target(target)
    if not path.is_file():
        fail(f"没有这个情景文件 / no such scenario file: {target}", 1)
    from trainer.tui.factory import run_app

    run_app(preview=path)


# ------------------------------------------------------------------------------------ new, explore

@main.command("new")
@click.argument("scenario_id")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="写入的文件夹(默认: 情景文件夹) / Folder to write to (default: the scenario folder).")
@click.option("--force", is_flag=True, help="覆盖已有文件 / Overwrite existing files.")
def new(scenario_id: str, directory: str | None, force: bool) -> None:
    """新建情景 / Write a commented scaffold <ID>.yaml and <ID>.test.yaml that lint clean."""
    from trainer.authoring.lint import lint_paths
    from trainer.authoring.scaffold import write_scaffold

    folder = Path(directory) if directory else Path(_display(paths.scenarios_dir()))
    try:
        written = write_scaffold(scenario_id, folder, paths.schema_path(), force)
    except ValueError as exc:
        fail(str(exc))
    except FileExistsError as exc:
        fail(f"already exists: {exc} (use --force to overwrite)", 1)
    for path in written:
        echo(f"wrote {path}")
    report = lint_paths([written[0]])
    for problem in report.problems:
        echo(str(problem))
    echo(f"下一步 / next: edit {written[0]}, then trainer lint {written[0]} · trainer test {scenario_id} · "
               f"trainer explore {scenario_id}" + (f" (with --scenarios {folder})" if directory else ""))


@main.command()
@click.argument("scenario_ids", nargs=-1)
@click.option("--runs", default=200, show_default=True, type=click.IntRange(1, 100_000), help="每个情景随机试玩的次数 / Random playthroughs per scenario.")
@click.option("--seed", default=0, show_default=True, type=int, help="随机种子:相同种子得到相同报告 / Random seed: the same seed gives the same report.")
@click.option("--strict", is_flag=True, help="有结局从未出现时也算失败 / Also fail when an ending is never reached.")
@click.option("--only-samples", is_flag=True, help="不加入两句中性回答 / Do not add the two neutral replies (嗯。/ 好的,我知道了。) to the pool.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print JSON.")
@click.option("--scenarios", type=click.Path(file_okay=False), help="使用另一个情景文件夹 / Use another scenario folder.")
@click.option("-v", "--verbose", is_flag=True, help="显示访问次数和未走过的分支 / Show visit counts and untaken branches.")
def explore(scenario_ids: tuple[str, ...], runs: int, seed: int, strict: bool, only_samples: bool, as_json: bool,
            scenarios: str | None, verbose: bool) -> None:
    """随机试玩 / Play many seeded random paths from the sample replies; report what is never visited."""
    from trainer.authoring.explore import explore as run_explore, sample_replies

    catalog = catalog_or_fail(scenarios, None, quiet=as_json)
    failed, out = False, []
    for scenario in _chosen(catalog.library, scenario_ids):
        path = test_file_for(scenario)
        tests = None
        if path.exists():
            try:
                tests = load_test_file(path)
            except ContentError as exc:
                for problem in exc.problems:
                    echo(str(problem), err=True)
        report = run_explore(scenario, catalog.scorer, sample_replies(scenario, tests, not only_samples), runs, seed)
        failed |= not report.ok or (strict and bool(report.unreached_endings))
        out.append(report.to_json() | {"test_file": str(path) if tests else None})
    _finish(out, as_json, lambda item: _print_explore(item, verbose), failed)


def _print_explore(item: dict, verbose: bool) -> None:
    mark = click.style("OK  ", fg="green") if item["ok"] else click.style("GAPS", fg="red")
    visited = len(item["node_visits"])
    total = visited + len(item["unvisited_nodes"])
    endings = ", ".join(f"{k} {v}" for k, v in sorted(item["endings"].items(), key=lambda kv: -kv[1]))
    click.echo(f"{mark} {shown(item['scenario'])}  {item['runs']} runs (seed {item['seed']}, {item['replies']} sample replies, "
               f"{item['average_turns']} turns avg)  nodes {visited}/{total}  endings: {shown(endings) or '-'}")
    if not item["test_file"]:
        echo("  没有测试文件,只用了参考话术 / no test file: only the reference replies were used")
    if item["unvisited_nodes"]:
        secho(f"  从未到达的节点 / nodes never visited: {', '.join(item['unvisited_nodes'])}", fg="red")
    if item["unreached_endings"]:
        secho(f"  从未出现的结局 / endings never reached: {', '.join(item['unreached_endings'])}", fg="yellow")
    if item["unfinished"]:
        echo(f"  {item['unfinished']} run(s) did not reach an ending")
    if verbose:
        echo("  visits: " + ", ".join(f"{k} {v}" for k, v in item["node_visits"].items()))
        if item["untaken_branches"]:
            echo(f"  branches never taken: {', '.join(item['untaken_branches'])}")
