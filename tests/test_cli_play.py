"""``trainer play`` at a real terminal (a pty, for readline) and from files (issues 11 and 13).

Before: arrow keys inserted ``^[[D`` into the reply, a blank Enter spent a turn, Ctrl-D printed a
score for nothing, exam mode coached, endings printed as Python values, and nothing was recorded.
"""

import json
import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from trainer.cli.group import main
from trainer.store import open_store

PROMPT = "你> ".encode()
LEFT, BACKSPACE, EOF = b"\x1b[D", b"\x7f", b"\x04"


def pty_play(home, *args: str, keys: list[bytes], timeout: float = 90) -> str:
    """Run ``trainer play`` on a pseudo-terminal; each key string is typed after the next prompt."""
    master, slave = pty.openpty()
    env = dict(os.environ, TRAINER_HOME=str(home), TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    proc = subprocess.Popen([sys.executable, "-m", "trainer", "play", *args], stdin=slave, stdout=slave,
                            stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out, deadline = b"", time.monotonic() + timeout

    def read_more() -> bool:
        nonlocal out
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise TimeoutError(out.decode(errors="replace"))
        try:
            chunk = os.read(master, 65536)
        except OSError:         # EIO: the child closed the terminal
            return False
        out += chunk
        return bool(chunk)

    try:
        for count, key in enumerate(keys, 1):
            while out.count(PROMPT) < count:
                if not read_more():
                    break
            os.write(master, key)
        while read_more():
            pass
        proc.wait(timeout=30)
    finally:
        proc.kill()
        os.close(master)
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", out.decode("utf-8", errors="replace"))


def test_the_prompt_edits_the_line_like_a_shell(tmp_path):
    """Left twice then typing inserts before 规定: the program gets 这是规定, a forbidden phrase."""
    out = pty_play(tmp_path, "one-yuan-loop", "--no-record", keys=["规定".encode() + LEFT + LEFT + "这是".encode() + b"\r",
                                                                    "您好世".encode() + BACKSPACE + b"\r", EOF])
    assert "忌语「这是规定」" in out
    assert "^[[D" not in out


def test_blank_enter_spends_no_turn_and_ctrl_d_with_no_reply_prints_no_score(tmp_path):
    out = pty_play(tmp_path, "one-yuan-loop", keys=[b"\r", b"   \r", EOF])
    assert "请输入回答" in out
    assert "没有作答,本次不计分" in out
    assert "得分" not in out


def test_exam_mode_does_not_coach_and_the_ending_is_chinese(tmp_path):
    out = pty_play(tmp_path, "one-yuan-loop", "--mode", "exam", "--no-record",
                   keys=["这是规定\r".encode(), "爱上哪告就上哪告去\r".encode(), EOF])
    live = out.split("结局:")[0]
    assert not re.search(r"情绪 \d+ → \d+", live)
    assert "忌语「" not in live and "建议说法" not in live
    assert "结局: 考核未通过: 出现严重服务忌语(失败)" in out
    assert "(failure)" not in out


def run(args: list[str], **kw):
    return CliRunner().invoke(main, args, **kw)


def test_replies_file_prints_the_ending_in_chinese(tmp_path):
    unfinished = run(["play", "one-yuan-loop", "--replies", "-", "--no-record"], input="您好\n")
    assert unfinished.exit_code == 0
    assert "结局: 未到结局" in unfinished.output and "None" not in unfinished.output
    ended = run(["play", "one-yuan-loop", "--replies", "-", "--no-record", "--mode", "exam"], input="爱上哪告就上哪告去\n")
    assert "结局: 考核未通过: 出现严重服务忌语(失败)  得分: " in ended.output
    assert "{'id'" not in ended.output


def test_play_is_recorded_for_the_named_then_the_remembered_trainee(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path))
    replies = "您好,请问您要办理什么业务?\n"
    named = run(["play", "one-yuan-loop", "--replies", "-", "--json", "--trainee", "张小明", "--staff-no", "A1024"], input=replies)
    remembered = run(["play", "one-yuan-loop", "--replies", "-", "--json"], input=replies)
    skipped = run(["play", "one-yuan-loop", "--replies", "-", "--json", "--no-record"], input=replies)
    assert named.exit_code == remembered.exit_code == skipped.exit_code == 0
    assert json.loads(named.stdout) == json.loads(remembered.stdout) == json.loads(skipped.stdout)   # same input, same output
    with open_store() as store:
        (trainee,) = store.list_trainees()
        sessions = store.list_sessions(trainee.id)
        assert (trainee.name, trainee.staff_no, len(sessions)) == ("张小明", "A1024", 2)
        turns = store.get_session(sessions[0].id).turns
        assert [t.reply for t in turns] == ["您好,请问您要办理什么业务?"]


def test_without_a_trainee_the_practice_is_played_and_not_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path))
    result = run(["play", "one-yuan-loop", "--replies", "-", "--json"], input="您好\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scenario"] == "one-yuan-loop"
    assert "--trainee" in result.stderr


def test_list_columns_line_up_by_display_width():
    """Roles are 2 to 5 CJK characters: padding by characters put the difficulty at different columns."""
    from trainer.cli.output import width

    lines = run(["list"]).stdout.splitlines()
    starts = {width(line[:min(line.index(level) for level in ("初级", "中级", "高级") if level in line)]) for line in lines}
    assert len(lines) > 10 and len(starts) == 1
