"""``trainer score``: the reply scorer from the command line (BRIEF §7 contract with --json)."""

from __future__ import annotations

import click

from trainer.cli import main
from trainer.cli.common import echo_json, fail, read_lines, scorer_or_fail
from trainer.cli.console import shown
from trainer.scoring.scorer import ReplyScore
from trainer.scoring.severity import severity_label

_CATEGORY_NAMES = {"greeting": "问候语", "request": "请求语", "thanks": "感谢语", "apology": "抱歉语", "farewell": "道别语"}


def _highlight(result: ReplyScore) -> str:
    text, out, pos = result.text, [], 0
    for hit in sorted(result.forbidden, key=lambda h: h.start):
        if hit.start < pos:
            continue
        out.append(shown(text[pos:hit.start]))
        out.append(click.style(shown(text[hit.start:hit.end]), fg="red", bold=True, underline=True))
        pos = hit.end
    out.append(shown(text[pos:]))
    return "".join(out)


def _verdict(result: ReplyScore) -> None:
    click.echo(_highlight(result))
    if result.forbidden:
        for hit in result.forbidden:
            level = severity_label(hit.severity)
            click.secho(shown(f"  ✗ 服务忌语「{hit.match}」({hit.category}, {level}) ≈ {hit.phrase}"), fg="red")
            click.echo(shown(f"    原因: {hit.reason}"))
            click.echo(shown(f"    建议说法: {hit.suggestion}"))
    else:
        click.secho("  ✓ 未发现服务忌语", fg="green")
    polite = "、".join(_CATEGORY_NAMES[key] for key in result.polite) or "无"
    click.echo(f"  礼貌用语: {polite}")
    if result.techniques:
        click.echo(shown(f"  服务技巧: {'、'.join(h.category for h in result.techniques)}"))


@main.command()
@click.argument("reply", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="REPLY 是文件(- 为标准输入),每行一句,逐行输出 JSON / REPLY is a file (- for stdin), one reply per line; print JSON lines.")
@click.option("-f", "--file", "file_", help="逐行评分一个文件(- 为标准输入) / Score every line of a file (- for stdin), readable output.")
@click.option("--rubrics", type=click.Path(file_okay=False), help="使用另一个规则文件夹 / Use another rubric folder.")
def score(reply: str | None, as_json: bool, file_: str | None, rubrics: str | None) -> None:
    """评分一句回复 / Score a reply against the forbidden-phrase and polite-expression rubrics."""
    if as_json:
        source = file_ or reply
        if source is None:
            fail("score --json 需要一个文件(或 - 表示标准输入) / score --json needs a FILE (or - for stdin)")
        scorer = scorer_or_fail(rubrics)
        for line in read_lines(source):
            echo_json(scorer.score(line, techniques=True).to_json())
        return
    if reply is None and file_ is None:
        fail("请给出要评分的回复,或 -f 文件 / give a reply to score, or -f FILE")
    scorer = scorer_or_fail(rubrics)
    for line in read_lines(file_) if file_ else [reply]:
        _verdict(scorer.score(line, techniques=True))
