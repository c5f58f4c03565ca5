"""``trainer list`` and ``trainer play``: the library and a session without the full TUI."""

from __future__ import annotations

from pathlib import Path

import click

from trainer.cli import main
from trainer.cli.common import echo_json, fail, read_lines
from trainer.dialogue.catalog import Catalog, load_catalog
from trainer.dialogue.engine import MODES, Session
from trainer.dialogue.playback import final_score, play_replies
from trainer.located.problems import ContentError

_scenarios_option = click.option("--scenarios", type=click.Path(file_okay=False), help="Use another scenario folder.")
_rubrics_option = click.option("--rubrics", type=click.Path(file_okay=False), help="Use another rubric folder.")


def catalog_or_fail(scenarios: str | None, rubrics: str | None, quiet: bool = False) -> Catalog:
    try:
        catalog = load_catalog(Path(scenarios) if scenarios else None, Path(rubrics) if rubrics else None)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail("the rubrics cannot be used", 1)
    if not quiet:
        for problem in catalog.library.problems:
            click.echo(str(problem), err=True)
    return catalog


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_scenarios_option
@_rubrics_option
def list_(as_json: bool, scenarios: str | None, rubrics: str | None) -> None:
    """列出情景 / List the scenarios with role, difficulty and title."""
    catalog = catalog_or_fail(scenarios, rubrics)
    rows = sorted(catalog.library.scenarios.values(), key=lambda s: (s.role, s.difficulty, s.id))
    if as_json:
        echo_json([{"id": s.id, "title": s.title, "role": s.role, "difficulty": s.difficulty,
                    "minutes": s.minutes, "summary": s.summary} for s in rows])
        return
    for s in rows:
        click.echo(f"{s.id:32} {s.role:6} {s.difficulty:4} {s.title}")


def _interactive(session: Session) -> None:
    scenario = session.scenario
    customer = scenario.customer
    click.secho(f"【{scenario.title}】 你扮演: {scenario.role}", bold=True)
    click.echo(f"客户: {customer.name} {customer.temperament}  {customer.description}")
    click.echo("(输入回复后回车; Ctrl-D 结束)\n")
    while not session.finished:
        click.secho(f"{customer.name}: {session.state.line}", fg="cyan")
        try:
            text = input("你> ")
        except EOFError:
            click.echo()
            break
        turn = session.reply(text)
        for hit in turn["forbidden"]:
            click.secho(f"  ✗ 忌语「{hit['match']}」: {hit['reason']}  建议: {hit['suggestion']}", fg="red")
        click.echo(f"  情绪 {turn['mood_before']} → {turn['mood']}")
    if session.finished:
        if session.state.line:
            click.secho(f"{customer.name}: {session.state.line}", fg="cyan")
        ending = session.ending
        click.secho(f"\n结局: {ending.title} ({ending.kind})", bold=True)
        click.echo(ending.debrief)
    score = final_score(session)
    click.secho(f"\n得分: {score.total}", bold=True)
    for dim in score.dimensions:
        click.echo(f"  {dim.label}: {dim.points:g}/{dim.max:g}")
        for item in dim.items:
            click.echo(f"    {item.points:+g} {item.reason}")


@main.command()
@click.argument("scenario_id")
@click.option("--replies", help="Read the trainee's replies from a file (- for stdin), one per line.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--mode", type=click.Choice(MODES), default="practice", show_default=True)
@_scenarios_option
@_rubrics_option
def play(scenario_id: str, replies: str | None, as_json: bool, mode: str, scenarios: str | None, rubrics: str | None) -> None:
    """练习一个情景 / Play a scenario: interactively, or from a replies file."""
    catalog = catalog_or_fail(scenarios, rubrics, quiet=as_json)
    scenario = catalog.library.get(scenario_id)
    if scenario is None:
        fail(f"unknown scenario '{scenario_id}' (see 'trainer list')", 1)
    if replies is None:
        if as_json:
            fail("--json needs --replies FILE")
        _interactive(Session(scenario, catalog.scorer, mode))
        return
    result = play_replies(scenario, catalog.scorer, read_lines(replies), mode)
    if as_json:
        echo_json(result)
        return
    for turn in result["turns"]:
        click.echo(f"客户: {turn['customer']}\n你:   {turn['reply']}")
    click.echo(f"结局: {result['ending']}  得分: {result['score']}")



