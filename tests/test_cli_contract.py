"""The command-line contracts of BRIEF §7, which outside checks rely on, run as real processes."""

import json
import subprocess
import sys

import pytest

ODD_LINES = ["", "这是规定", "😀🙏", "\x01\x02\x7f控制字符", "a\u2028b\u2029c\x0b\x0c\x1c", "好" * 100_000, "  ", "這是規定\r"]


def run(*args, stdin: bytes = b""):
    return subprocess.run([sys.executable, "-m", "trainer", *args], input=stdin, capture_output=True, timeout=120)


def test_score_json_one_object_per_input_line():
    data = "\n".join(ODD_LINES).encode("utf-8") + b"\n"
    proc = run("score", "--json", "-", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8").split("\n")
    assert out[-1] == ""
    objects = [json.loads(line) for line in out[:-1]]
    assert len(objects) == len(ODD_LINES)
    for obj, line in zip(objects, ODD_LINES):
        assert obj["text"] == line.removesuffix("\r")
        assert set(obj) >= {"text", "forbidden", "polite"}
        for hit in obj["forbidden"]:
            assert set(hit) >= {"id", "phrase", "match", "start", "end"}
            assert obj["text"][hit["start"]:hit["end"]] == hit["match"]
    assert [h["id"] for h in objects[1]["forbidden"]] == [h["id"] for h in objects[7]["forbidden"]] != []


def test_score_json_reads_a_file_and_invalid_utf8(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("您好,请问办理什么业务?\n".encode() + b"\xff\xfe bad\n")
    proc = run("score", "--json", str(path))
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["polite"] == ["greeting", "request"]


@pytest.mark.parametrize("args", [["score", "--json", "/no/such/file"], ["score", "--nope"], ["play"], ["play", "no-such-scenario", "--replies", "-", "--json"]])
def test_bad_command_lines_fail_with_one_line(args):
    proc = run(*args)
    assert proc.returncode != 0
    assert proc.stderr.decode().strip()


def test_unknown_scenario_message_is_one_line():
    proc = run("play", "no-such-scenario", "--replies", "-", "--json")
    assert proc.returncode == 1
    assert proc.stderr.decode().strip().count("\n") == 0


def test_play_json_contract_and_determinism():
    replies = "\n".join(ODD_LINES[:5] + ["您好,请问遇到什么问题了?"]).encode()
    first = run("play", "one-yuan-loop", "--replies", "-", "--json", stdin=replies)
    second = run("play", "one-yuan-loop", "--replies", "-", "--json", stdin=replies)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout
    result = json.loads(first.stdout)
    assert result["scenario"] == "one-yuan-loop"
    assert 0 <= result["score"] <= 100
    assert result["ending"] is None or result["ending"]["kind"] in ("success", "partial", "failure")
    assert 1 <= len(result["turns"]) <= 6


def test_readable_score_names_reason_and_suggestion():
    proc = run("score", "这是规定")
    text = proc.stdout.decode()
    assert proc.returncode == 0 and "原因" in text and "建议说法" in text


def test_plain_interactive_play_reaches_an_ending_and_shows_the_breakdown():
    replies = "您好,几位是不是遇到什么问题了?\n这是规定。\n爱上哪告就上哪告去。\n"
    proc = run("play", "one-yuan-loop", stdin=replies.encode())
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    assert "结局" in out and "得分" in out and "忌语" in out


def test_list_json_names_the_required_scenarios():
    proc = run("list", "--json")
    ids = {row["id"] for row in json.loads(proc.stdout)}
    assert {"one-yuan-loop"} <= ids


def test_play_json_shows_the_line_to_answer_before_and_after_each_reply():
    """Blind players writing a script turn by turn saw no opening with no replies, and never the
    customer's answer to their last reply: the result names the line the customer says now."""
    empty = json.loads(run("play", "coin-deposit-elder", "--replies", "-", "--json", "--no-record", stdin=b"").stdout)
    assert empty["turns"] == [] and empty["customer_line"]
    one = json.loads(run("play", "coin-deposit-elder", "--replies", "-", "--json", "--no-record",
                         stdin="大爷您好,您慢慢来,我帮您点。".encode()).stdout)
    assert one["turns"][0]["customer"] == empty["customer_line"]
    assert one["customer_line"] and one["customer_line"] != empty["customer_line"]
