"""``trainer list`` and ``trainer play``: the library and a session without the full TUI.

Practice in the terminal counts like practice in the app: it is recorded for the trainee named on
the command line (or the one the app remembers) through the same ``RecordedSession``, unless
``--no-record`` says otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trainer.cli.group import main
from trainer.cli.common import echo_json, fail, read_lines
from trainer.cli.console import echo, secho
from trainer.cli.output import pad, shown, width
from trainer.dialogue.catalog import Catalog, load_catalog
from trainer.dialogue.engine import EXAM, MODES, Session
from trainer.dialogue.playback import final_score, result_json
from trainer.dialogue.recording import WRITE_ERRORS, RecordedSession
from trainer.dialogue.scenario import Scenario
from trainer.located.problems import ContentError
from trainer.scoring.scorer import Scorer
from trainer.store import open_store
from trainer.tui.labels import KIND_NAMES, MODE_NAMES, signed

_scenarios_option = click.option("--scenarios", type=click.Path(file_okay=False),
                                 help="使用另一个情景文件夹 / Use another scenario folder.")
_rubrics_option = click.option("--rubrics", type=click.Path(file_okay=False), help="使用另一个规则文件夹 / Use another rubric folder.")


def catalog_or_fail(scenarios: str | None, rubrics: str | None, quiet: bool = False) -> Catalog:
    try:
        catalog = load_catalog(Path(scenarios) if scenarios else None, Path(rubrics) if rubrics else None)
    except ContentError as exc:
        for problem in exc.problems:
            echo(problem, err=True)
        fail("规则库无法使用 / the rubrics cannot be used", 1)
    if not quiet:
        for problem in catalog.library.problems:
            echo(problem, err=True)
    return catalog


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print JSON.")
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
    cells = [[shown(s.id), shown(s.role), shown(s.difficulty), shown(s.title)] for s in rows]
    widths = [max((width(row[i]) for row in cells), default=0) for i in range(3)]
    for row in cells:
        click.echo("  ".join(pad(cell, w) for cell, w in zip(row, widths)) + "  " + row[3])


def _ending_line(session: Session) -> str:
    ending = session.ending
    if ending is None:
        return "结局: 未到结局(回复已用完) / no ending reached"
    return f"结局: {ending.title}({KIND_NAMES.get(ending.kind, ending.kind)})"


def _print_score(session: Session) -> None:
    score = final_score(session)
    click.secho(f"\n得分: {score.total}", bold=True)
    for dim in score.dimensions:
        echo(f"  {dim.label}: {dim.points:g}/{dim.max:g}")
        for item in dim.items:
            echo(f"    {signed(item.points)} {item.reason}")


def _coach(turn: dict) -> None:
    """Practice only: what was wrong, what to say instead, how the customer took it."""
    for hit in turn["forbidden"]:
        secho(f"  ✗ 忌语「{hit['match']}」: {hit['reason']}", fg="red")
        echo(f"    建议说法: {hit['suggestion']}")
    echo(f"  客户情绪 {turn['mood_before']} → {turn['mood']}")


def _read_reply() -> str | None:
    """One reply through readline (line editing, history, CJK widths); None when the trainee leaves."""
    while True:
        try:
            text = input("你> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return None
        if text.strip():
            return text
        echo("  (请输入回答后回车;Ctrl-D 结束 / type a reply, Ctrl-D to stop)")


def _send(session: Session, recorded: RecordedSession | None, text: str) -> dict | None:
    if recorded is None:
        return session.reply(text)
    try:
        return recorded.reply(text)
    except WRITE_ERRORS as exc:
        secho(f"  无法保存这句回答,本轮不计,请重试或加 --no-record / the reply could not be saved: {exc}", fg="red", err=True)
        return None


def _interactive(session: Session, recorded: RecordedSession | None) -> None:
    if sys.stdin.isatty():
        try:
            import readline  # noqa: F401  (input() then edits the line, keeps history, knows CJK widths)
        except ImportError:
            pass
    scenario, customer = session.scenario, session.scenario.customer
    click.secho(shown(f"【{scenario.title}】 你扮演: {scenario.role} · {MODE_NAMES[session.state.mode]}模式"), bold=True)
    echo(f"客户: {customer.name} {customer.temperament}  {customer.description}")
    if recorded is not None:
        trainee = recorded.store.get_trainee(recorded.store.get_session(recorded.record_id).trainee_id)
        echo(f"练习记录: {trainee.name}" + (f" ({trainee.staff_no})" if trainee.staff_no else "") + ";--no-record 不记录")
    echo("(输入回复后回车; ↑↓ 翻看已输入的回答; Ctrl-D 结束)\n")
    while not session.finished:
        secho(f"{customer.name}: {session.state.line}", fg="cyan")
        text = _read_reply()
        if text is None:
            break
        turn = _send(session, recorded, text)
        if turn is not None and session.state.mode != EXAM:
            _coach(turn)
    if session.finished:
        if session.state.line:
            secho(f"{customer.name}: {session.state.line}", fg="cyan")
        click.secho("\n" + shown(_ending_line(session)), bold=True)
        echo(session.ending.debrief)
        _print_score(session)
        return
    if not session.state.turns:
        if recorded is not None:
            recorded.abandon()
        echo("没有作答,本次不计分。/ No reply, no score.")
        return
    kept = ";已保存,可在应用开始页按 F3 继续" if recorded is not None else ""
    echo(f"练习未完成(已答 {len(session.state.turns)} 轮),不计最终得分{kept}。")


def _recorder(scenario: Scenario, scorer: Scorer, mode: str, trainee: str | None, staff_no: str | None,
              record: bool) -> RecordedSession | None:
    """A recorded session for the named (or remembered) trainee; None, with a note on stderr, when it cannot be."""
    if not record:
        return None
    try:
        store = open_store()
        if trainee:
            person = store.upsert_trainee(trainee, staff_no)
        else:
            person = next((t for t in store.list_trainees() if staff_no and t.staff_no == staff_no), None)
            person = person or (None if staff_no else store.last_trainee())
        if person is None:
            store.close()
            echo("trainer: 未记录本次练习:请用 --trainee 姓名 [--staff-no 工号] 指定学员 / not recorded: "
                 "name the trainee with --trainee", err=True)
            return None
        return RecordedSession.start(scenario, scorer, store, person.id, mode)
    except WRITE_ERRORS as exc:
        echo(f"trainer: 未记录本次练习 / not recorded: {exc}", err=True)
        return None


@main.command(epilog="练习会记入学员的练习记录(与应用相同),--no-record 不记录。/ "
                     "Practice is recorded for the trainee like in the app; --no-record opts out.")
@click.argument("scenario_id")
@click.option("--replies", metavar="FILE", help="从文件读取学员的回答(- 为标准输入),每行一句 / "
                                                "Read the trainee's replies from a file (- for stdin), one per line.")
@click.option("--json", "as_json", is_flag=True, help="结果输出为一个 JSON 对象 / Print the result as one JSON object.")
@click.option("--mode", type=click.Choice(MODES), default="practice", show_default=True,
              help="practice 练习(即时提示) / exam 考核(无提示) · practice shows live coaching, exam none.")
@click.option("--trainee", metavar="NAME", help="学员姓名(默认: 上次登录的学员) / Trainee name (default: the remembered one).")
@click.option("--staff-no", metavar="NO", help="学员工号 / Staff number of the trainee.")
@click.option("--no-record", is_flag=True, help="不记入练习记录 / Do not record this practice.")
@_scenarios_option
@_rubrics_option
def play(scenario_id: str, replies: str | None, as_json: bool, mode: str, trainee: str | None, staff_no: str | None,
         no_record: bool, scenarios: str | None, rubrics: str | None) -> None:
    """练习一个情景 / Play a scenario: interactively, or from a replies file."""
    catalog = catalog_or_fail(scenarios, rubrics, quiet=as_json)
    scenario = catalog.library.get(scenario_id)
    if scenario is None:
        fail(f"没有这个情景 '{scenario_id}',见 trainer list / unknown scenario (see 'trainer list')", 1)
    if replies is None and as_json:
        fail("--json 需要 --replies 文件 / --json needs --replies FILE")
    lines = read_lines(replies) if replies is not None else None
    recorded = _recorder(scenario, catalog.scorer, mode, trainee, staff_no, not no_record)
    session = recorded.session if recorded else Session(scenario, catalog.scorer, mode)
    try:
        if lines is None:
            _interactive(session, recorded)
            return
        for line in lines:
            if session.finished:
                break
            if recorded is None:
                session.reply(line)
            else:
                try:
                    recorded.reply(line)
                except WRITE_ERRORS as exc:
                    fail(f"无法保存练习记录 / the practice could not be saved: {exc}", 1)
    finally:
        if recorded is not None:
            recorded.store.close()
    result = result_json(session)
    if as_json:
        echo_json(result)
        return
    for turn in result["turns"]:
        echo(f"客户: {turn['customer']}\n你:   {turn['reply']}")
    echo(_ending_line(session) + (f"  得分: {result['score']}" if session.finished else ""))
