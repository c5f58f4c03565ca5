"""What ``trainer score`` does, and its usual argument lists read without click.

Scripts and outside checks run ``trainer score`` far more than anyone reads its help, and a cold
start is timed against a bare import of the scoring libraries, which click alone would take a
quarter of. ``launch`` hands the arguments here first; any list this reader does not take as it
is (help, an unknown or repeated option, a second reply) goes to click, which owns the messages
for those. Both ways end in ``run``, so the output cannot differ.
"""

from __future__ import annotations

import os
import sys

from trainer.cli.common import echo_json, fail, read_lines, scorer_or_fail
from trainer.cli.output import OUTPUT_ERRORS, output_failed, shown, style, tolerant_streams, write
from trainer.scoring.scorer import ReplyScore
from trainer.scoring.severity import severity_label

_CATEGORY_NAMES = {"greeting": "问候语", "request": "请求语", "thanks": "感谢语", "apology": "抱歉语", "farewell": "道别语"}
_VALUED = {"-f": "file_", "--file": "file_", "--rubrics": "rubrics"}


def _highlight(result: ReplyScore) -> str:
    text, out, pos = result.text, [], 0
    for hit in sorted(result.forbidden, key=lambda h: h.start):
        if hit.start < pos:
            continue
        out.append(shown(text[pos:hit.start]))
        out.append(style(shown(text[hit.start:hit.end]), fg="red", bold=True, underline=True))
        pos = hit.end
    out.append(shown(text[pos:]))
    return "".join(out)


def _verdict(result: ReplyScore) -> None:
    write(_highlight(result))
    if result.forbidden:
        for hit in result.forbidden:
            level = severity_label(hit.severity)
            write(style(shown(f"  ✗ 服务忌语「{hit.match}」({hit.category}, {level}) ≈ {hit.phrase}"), fg="red"))
            write(shown(f"    原因: {hit.reason}"))
            write(shown(f"    建议说法: {hit.suggestion}"))
    else:
        write(style("  ✓ 未发现服务忌语", fg="green"))
    polite = "、".join(_CATEGORY_NAMES[key] for key in result.polite) or "无"
    write(f"  礼貌用语: {polite}")
    if result.techniques:
        write(shown(f"  服务技巧: {'、'.join(h.category for h in result.techniques)}"))


def run(reply: str | None, as_json: bool, file_: str | None, rubrics: str | None) -> None:
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


def parsed(args: list[str]) -> dict | None:
    """The keyword arguments of ``run`` for a plain argument list, or None for click to read."""
    found: dict = {"reply": None, "as_json": False, "file_": None, "rubrics": None}
    seen = set()
    items = iter(args)
    for arg in items:
        name, _, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in seen:
            return None
        if name == "--json" and "=" not in arg:
            found["as_json"] = True
        elif name in _VALUED:
            value = inline if "=" in arg else next(items, None)
            if not value or value.startswith("-") and value != "-" or name == "--rubrics" and os.path.isfile(value):
                return None
            found[_VALUED[name]] = value
        elif arg == "-" or not arg.startswith("-"):
            if found["reply"] is not None:
                return None
            found["reply"] = arg
        else:
            return None
        seen.update({name, "-f", "--file"} if name in ("-f", "--file") else {name})
    return found


def main(args: list[str]) -> bool:
    """Score as ``trainer score ARGS`` would, when click is not needed; False to let click do it."""
    options = parsed(args)
    if options is None:
        return False
    tolerant_streams()
    try:
        run(**options)
        sys.stdout.flush()
    except (KeyboardInterrupt, EOFError):
        write("已中止 / Aborted!", err=True)
        sys.exit(1)
    except OSError as error:
        if error.errno not in OUTPUT_ERRORS:
            raise
        output_failed(error)
    return True
