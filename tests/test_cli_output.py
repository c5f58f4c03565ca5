"""What the CLI prints when replies, files, terminals and disks are hostile (issues 11 and 13).

Before: OSC 0 / OSC 52 / clear-screen in a reply reached the terminal raw, a GBK console crashed on
an emoji, ``/dev/full`` gave a 29-line traceback, ``TRAINER_HOME`` naming a file a traceback, and
usage errors, "Aborted!" and help were English only.
"""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from trainer.cli.group import main

HOSTILE = "您好\x1b]0;pwned\x07这是规定\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b2J"
RAW = ("\x1b]", "\x07", "\x1b[2J", "\x9b")


def trainer(*args: str, stdin: bytes = b"", env: dict | None = None, stdout=subprocess.PIPE):
    return subprocess.run([sys.executable, "-m", "trainer", *args], input=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          env=dict(os.environ, **(env or {})), timeout=120)


@pytest.mark.parametrize("args, stdin", [
    (["score", HOSTILE], ""),
    (["score", "-f", "-"], HOSTILE + "\n"),
    (["play", "one-yuan-loop", "--no-record", "--replies", "-"], HOSTILE + "\n"),
], ids=["score", "score-file", "play-replies"])
def test_human_output_shows_control_sequences_instead_of_sending_them(args, stdin):
    result = CliRunner().invoke(main, args, input=stdin)
    assert result.exit_code == 0
    assert not any(raw in result.output for raw in RAW)
    assert "\\x1b]0;pwned\\x07" in result.output


def test_json_output_escapes_c0_and_c1_controls():
    proc = trainer("score", "--json", "-", stdin=(HOSTILE + "\n").encode())
    line = proc.stdout.decode()
    assert not any(raw in line for raw in RAW)
    assert "\\u001b]0;pwned" in line and "\\u009b" in line
    assert json.loads(line)["text"] == HOSTILE


def test_a_gbk_console_gets_an_escape_for_what_it_cannot_show():
    proc = trainer("score", "您好😀", env={"PYTHONIOENCODING": "gbk"})
    assert proc.returncode == 0, proc.stderr.decode("gbk", errors="replace")
    assert proc.stdout.decode("gbk").startswith("您好\\U0001f600")


def test_a_full_disk_is_one_line_on_stderr():
    with open("/dev/full", "w") as full:
        proc = trainer("list", stdout=full)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip().splitlines() == ["trainer: 无法写出结果 / cannot write the output: No space left on device"]


def test_trainer_home_naming_a_file_is_one_clear_line(tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    proc = trainer("report", env={"TRAINER_HOME": str(home)})
    assert proc.returncode == 1
    (line,) = proc.stderr.decode().strip().splitlines()
    assert "不是文件夹" in line and "TRAINER_HOME" in line


@pytest.mark.parametrize("args, chinese", [
    (["play"], "缺少参数 SCENARIO_ID"),
    (["score", "--nope"], "没有这个选项 --nope"),
    (["pla"], "没有这个命令 pla"),
    (["play", "no-such-scenario", "--no-record", "--replies", "-"], "没有这个情景 'no-such-scenario'"),
])
def test_errors_are_in_chinese_with_the_english_beside(args, chinese):
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code != 0
    (line,) = result.stderr.strip().splitlines()         # BRIEF §7: a one-line message
    assert chinese in line and " / " in line


def test_an_ascii_terminal_plays_without_a_traceback():
    """A non-UTF-8 terminal: the prompt and lines it cannot show become escapes; what it types is read."""
    proc = trainer("play", "one-yuan-loop", "--no-record", stdin="您好\n".encode(), env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr
    assert "\\u4f60> ".encode() in proc.stdout          # 你>


def test_help_and_abort_are_in_chinese():
    import click

    from trainer.cli.console import Group

    help_text = CliRunner().invoke(main, ["play", "-h"]).output
    assert "用法 / Usage:" in help_text and "选项 / Options:" in help_text and "显示帮助并退出" in help_text
    assert "不记入练习记录" in help_text

    @click.group(cls=Group)
    def group():
        """A command group built like ``trainer``."""

    @group.command()
    def interrupted():
        raise click.Abort()

    aborted = CliRunner().invoke(group, ["interrupted"])
    assert (aborted.exit_code, aborted.stderr) == (1, "已中止 / Aborted!\n")


def test_every_option_is_explained_in_chinese():
    import re

    import click

    untranslated = [f"{name} {opt.opts[0]}" for name, command in main.commands.items() if name not in ("serve", "bench")
                    for opt in command.params if isinstance(opt, click.Option) and not re.search(r"[\u4e00-\u9fff]", opt.help or "")]
    assert untranslated == []
