"""``trainer score`` reads its usual argument lists without click, and says exactly what click's
command says; anything else is still click's to read."""

import subprocess
import sys

import pytest

from trainer.cli.scoring import parsed

CLICK = "import sys; from trainer.cli.group import main; main(sys.argv[1:], prog_name='trainer')"
LAUNCH = "import sys; sys.argv[0] = 'trainer'; from trainer.launch import main; main()"


def _run(source: str, args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", source, *args], input=stdin, capture_output=True, timeout=120)


@pytest.mark.parametrize("args, expected", [
    (["这是规定"], {"reply": "这是规定"}),
    (["--json", "-"], {"reply": "-", "as_json": True}),
    (["-", "--json"], {"reply": "-", "as_json": True}),
    (["-f", "replies.txt"], {"file_": "replies.txt"}),
    (["--file=replies.txt", "--rubrics", "rubrics"], {"file_": "replies.txt", "rubrics": "rubrics"}),
    ([""], {"reply": ""}),
    ([], {}),
])
def test_plain_argument_lists_are_read_here(args, expected):
    assert parsed(args) == {"reply": None, "as_json": False, "file_": None, "rubrics": None} | expected


@pytest.mark.parametrize("args", [
    ["-h"], ["--help"], ["--nope"], ["--", "-x"], ["一", "二"], ["--json", "--json", "-"],
    ["-f", "a", "--file", "b"], ["-f"], ["-f", "--json"], ["--file="], ["--json=1", "-"], ["--json=", "-"], ["-fa.txt"],
    ["--rubrics", "pyproject.toml", "x"],
])
def test_everything_else_is_left_to_click(args):
    assert parsed(args) is None


@pytest.mark.parametrize("args, stdin", [
    (["这是规定,我也没办法。"], b""),
    (["您好\x1b]52;c;aGk=\x07,请问办理什么业务?"], b""),
    (["--json", "-"], "您好\n这是规定\n\xff\n".encode("utf-8", "surrogateescape")),
    (["-f", "-"], "谢谢您,再见!\n這事兒沒法辦。\n".encode()),
    (["--json"], b""),
    ([], b""),
    (["-f", "/no/such/file"], b""),
    (["--rubrics", "/no/such/folder", "您好"], b""),
    (["--nope"], b""),
])
def test_the_script_says_what_the_click_command_says(args, stdin):
    fast, slow = _run(LAUNCH, ["score", *args], stdin), _run(CLICK, ["score", *args], stdin)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_a_plain_score_never_imports_click():
    probe = ("import sys; from trainer.cli.scoring import main; "
             "assert main(['您好']); print('click' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr.strip() == "False"


def test_the_script_leaves_with_everything_written(tmp_path):
    """It skips the interpreter's teardown: all the output must be out before it goes."""
    replies = "".join(f"第{i}句,这是规定。\n" for i in range(3000)).encode()
    done = _run(LAUNCH, ["score", "--json", "-"], replies)
    assert done.returncode == 0 and done.stdout.decode().count("\n") == 3000
