"""Authoring commands for trainers: ``trainer test`` runs the scenario test files."""

from __future__ import annotations

import sys

import click

from trainer.cli import main
from trainer.cli.common import echo_json, fail
from trainer.cli.play import catalog_or_fail
from trainer.core.problems import ContentError
from trainer.core.scenario_tests import coverage, load_test_file, run_tests, test_file_for


@main.command("test")
@click.argument("scenario_ids", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--scenarios", type=click.Path(file_okay=False), help="Use another scenario folder.")
@click.option("-v", "--verbose", is_flag=True, help="Show passing checks too.")
def test_(scenario_ids: tuple[str, ...], as_json: bool, scenarios: str | None, verbose: bool) -> None:
    """运行情景测试 / Run the scenario test files and report branch and node coverage."""
    catalog = catalog_or_fail(scenarios, None)
    library = catalog.library
    unknown = [i for i in scenario_ids if i not in library.scenarios]
    if unknown:
        fail(f"unknown scenario(s): {', '.join(unknown)}", 1)
    failed, out = False, []
    for ident in scenario_ids or sorted(library.scenarios):
        scenario = library.scenarios[ident]
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
    if as_json:
        echo_json(out)
    else:
        for item in out:
            _print(item, verbose)
    sys.exit(1 if failed else 0)


def _print(item: dict, verbose: bool) -> None:
    if "missing" in item:
        click.secho(f"{item['scenario']}: no test file ({item['missing']})", fg="red")
        return
    if "problems" in item:
        click.secho(f"{item['scenario']}:", fg="red")
        for problem in item["problems"]:
            click.echo(f"  {problem}")
        return
    cov = item["coverage"]
    mark = click.style("PASS", fg="green") if item["passed"] else click.style("FAIL", fg="red")
    click.echo(f"{mark} {item['scenario']}  nodes {cov['nodes'][0]}/{cov['nodes'][1]}  "
               f"branches {cov['branches'][0]}/{cov['branches'][1]}  endings {cov['endings'][0]}/{cov['endings'][1]}")
    for outcome in item["outcomes"]:
        if verbose or not outcome["passed"]:
            sign = "✓" if outcome["passed"] else "✗"
            click.echo(f"  {sign} {item['file']}:{outcome['line']}: {outcome['name']}: {outcome['message']}")
    if cov["unvisited_nodes"] or cov["unreached_endings"]:
        click.echo(f"  unvisited nodes: {', '.join(cov['unvisited_nodes']) or '-'}; "
                   f"unreached endings: {', '.join(cov['unreached_endings']) or '-'}")

