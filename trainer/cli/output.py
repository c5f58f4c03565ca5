"""Writing to the terminal without click, so ``trainer score`` can start without importing it.

``trainer score`` is what scripts and outside checks run line after line, and is timed against a
bare import of its libraries: click alone costs more than a quarter of that. What the command
says still reads like click's: styles only on a terminal, one flush per line, a stream that
never raises on a character its encoding lacks, and one line on stderr when output fails.
Replies and content files are untrusted: ``shown`` turns their control characters into visible
escapes before they reach a terminal, so a reply cannot retitle the window, write the clipboard
(OSC 52) or clear the screen.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import unicodedata

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_STYLE = re.compile(r"\x1b\[[0-9;]*m")
_COLOURS = {"red": 31, "green": 32}
OUTPUT_ERRORS = (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT)


def shown(text: object) -> str:
    """The text with every C0/C1 control (but newline and tab) as a visible ``\\x1b``-style escape."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def style(text: str, fg: str | None = None, bold: bool = False, underline: bool = False) -> str:
    """The SGR codes click.style writes; ``write`` drops them again when the stream is no terminal."""
    codes = ([f"\x1b[{_COLOURS[fg]}m"] if fg else []) + (["\x1b[1m"] if bold else []) + (["\x1b[4m"] if underline else [])
    return "".join(codes) + text + "\x1b[0m" if codes else text


def write(message: str = "", err: bool = False) -> None:
    """One line, flushed, as ``click.echo`` writes it."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        message = _STYLE.sub("", message)
    stream.write(message + "\n")
    stream.flush()


def tolerant_streams() -> None:
    """A GBK console (PYTHONIOENCODING=gbk) cannot show an emoji: write ``\\U0001f600``, do not crash."""
    for stream, errors in ((sys.stdout, "backslashreplace"), (sys.stderr, "backslashreplace"), (sys.stdin, "replace")):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=errors)
            except (ValueError, OSError):     # a stream already closed or detached
                pass


def output_failed(error: OSError) -> None:
    """Nothing more can be written to stdout; say so once on stderr and keep the exit path quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    try:
        write(f"trainer: 无法写出结果 / cannot write the output: {error.strerror}", err=True)
    except OSError:
        pass
    sys.exit(1)
