"""Start-up time of the trainer against a bare Textual "hello" app, on the same machine.

Each run is a fresh Python process on a pseudo-terminal, so interpreter start, imports and the
terminal driver are all counted, exactly as for a trainee typing ``trainer``. The clock stops
when the first screen has been composed and drawn and the app is waiting for keys; both apps
are stopped at the same point by the same probe. The trainer's catalog keeps loading in a
worker after that, so its arrival is reported separately, against the same bare app.

The same probe, started with textual-serve's environment and pipes instead of a terminal,
measures the resident memory of one served browser session once its scenario list is filled.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from fcntl import ioctl

from trainer.paths import CACHE_ENV

COLUMNS, ROWS = 100, 30
TIMEOUT_S = 60.0
INTERACTIVE, CATALOG, RSS = b"interactive", b"catalog", b"rss"
STARTUP_GOAL, CATALOG_GOAL = 1.5, 3.0
# What textual-serve's AppService puts in the environment of every app process it starts.
SERVED_ENV = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "60",
              "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual",
              "COLUMNS": str(COLUMNS), "ROWS": str(ROWS)}

_PROBE = """
import os

def probe(app, wait_for_catalog):
    fd = int(os.environ["STARTUP_PROBE_FD"])

    async def report(pilot):
        # pause(0), not pause(): "idle" in Textual means no CPU use, which a loading worker never allows.
        await pilot.pause(0)
        os.write(fd, b"interactive\\n")
        while wait_for_catalog and app.catalog is None and type(app.screen).__name__ != "ContentErrorScreen":
            await pilot.pause(0.01)
        await pilot.pause(0)
        os.write(fd, b"catalog\\n")
        with open("/proc/self/status") as status:
            rss = next((line.split()[1] for line in status if line.startswith("VmRSS:")), "0")
        os.write(fd, b"rss " + rss.encode() + b"\\n")
        app.exit()

    return report
"""

HELLO = _PROBE + """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world!")

app = Hello()
app.run(auto_pilot=probe(app, False))
"""

APP = _PROBE + """
from trainer.tui.factory import build_app

app = build_app()
app.run(auto_pilot=probe(app, True))
"""

COMMAND = _PROBE + """
import sys
from textual.app import App

plain_run = App.run
App.run = lambda app, **options: plain_run(app, auto_pilot=probe(app, True), **options)
sys.argv = ["trainer"]
from trainer.launch import main
main()
"""
RUNS = {"hello": HELLO, "app": APP, "command": COMMAND}


@dataclass
class Timings:
    interactive: list[float] = field(default_factory=list)
    catalog: list[float] = field(default_factory=list)


def child_env(**extra: str) -> dict:
    """A trainee's process environment: Python keeps compiled bytecode as in any installed copy
    (PYTHONDONTWRITEBYTECODE, as CI sets it, would make every run compile the package again)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | extra


def _run(source: str, home: str, served: bool = False) -> tuple[float, float]:
    """Seconds from spawning the process to each probe mark."""
    marks = _marks(source, home, served)
    return marks[INTERACTIVE], marks[CATALOG]


def _spawn(source: str, env: dict, marks_write: int, served: bool) -> tuple[subprocess.Popen, list[int]]:
    """On a pseudo-terminal as a trainee runs it, or on pipes as textual-serve runs it."""
    if served:
        process = subprocess.Popen([sys.executable, "-c", source], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env | SERVED_ENV, pass_fds=(marks_write,),
                                   start_new_session=True)
        return process, [process.stdout.fileno(), process.stderr.fileno()]
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    process = subprocess.Popen([sys.executable, "-c", source], stdin=slave, stdout=slave, stderr=slave,
                               env=env, pass_fds=(marks_write,), start_new_session=True)
    os.close(slave)
    return process, [master]


def _marks(source: str, home: str, served: bool = False) -> dict[bytes, float]:
    """Each probe mark: seconds after spawning, or for ``rss`` the value it reported (KiB)."""
    marks_read, marks_write = os.pipe()
    # The compiled-content cache lives in the benchmark's own folder, filled by the first run.
    env = child_env(TERM="xterm-256color", STARTUP_PROBE_FD=str(marks_write), TRAINER_HOME=home,
                    **{CACHE_ENV: os.path.join(home, "cache")})
    start = time.perf_counter()
    process, outputs = _spawn(source, env, marks_write, served)
    os.close(marks_write)
    seen: dict[bytes, float] = {}
    pending = b""
    try:
        while RSS not in seen:
            if time.perf_counter() - start > TIMEOUT_S:
                raise RuntimeError("the app did not start within the time limit")
            ready, _, _ = select.select(outputs + [marks_read], [], [], 0.5)
            for output in set(ready) & set(outputs):
                try:
                    os.read(output, 65536)  # the screen itself; drained so the app never blocks on output
                except OSError:
                    pass
            if marks_read in ready:
                chunk = os.read(marks_read, 1024)
                if not chunk:
                    raise RuntimeError(f"the app exited early (status {process.poll()})")
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    mark, _, value = line.partition(b" ")
                    seen.setdefault(mark, float(value) if value else time.perf_counter() - start)
        _drain_until_exit(process, outputs)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if not served:
            os.close(outputs[0])
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream:
                stream.close()
        os.close(marks_read)
    return seen


def _drain_until_exit(process: subprocess.Popen, outputs: list[int]) -> None:
    deadline = time.perf_counter() + 10
    while process.poll() is None and time.perf_counter() < deadline:
        for output in select.select(outputs, [], [], 0.1)[0]:
            try:
                os.read(output, 65536)
            except OSError:
                return
    process.wait(timeout=5)


def served_session_mib(runs: int = 3) -> float:
    """Resident memory of one ``trainer`` app process started as textual-serve starts it, read
    by the process itself once its scenario list is loaded; the median of a few runs after one
    that fills the cache (a class's first session compiles; every later one loads)."""
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as home:
        figures = [_marks(COMMAND, home, served=True)[RSS] / 1024 for _ in range(runs + 1)][1:]
    return statistics.median(figures)


def measure(runs: int = 7) -> dict[str, Timings]:
    """Alternate the apps so machine noise hits all alike; the first round only warms caches."""
    results = {name: Timings() for name in RUNS}
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as home:
        for run in range(runs + 1):
            for name, source in RUNS.items():
                interactive, catalog = _run(source, home)
                if run:
                    results[name].interactive.append(interactive)
                    results[name].catalog.append(catalog)
    return results


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def startup_benchmark(runs: int = 7) -> dict[str, Timings]:
    results = measure(runs)
    median = {name: statistics.median(timings.interactive) for name, timings in results.items()}
    best = {name: min(timings.interactive) for name, timings in results.items()}
    print(f"Start-up to an interactive first screen, median of {runs} runs each ({COLUMNS}x{ROWS} pseudo-terminal):")
    print(f"  bare Textual hello app           {_ms(median['hello'])}   (best {_ms(best['hello']).strip()})")
    print(f"  trainer app (build_app + run)    {_ms(median['app'])}   (best {_ms(best['app']).strip()})"
          f"   ratio {median['app'] / median['hello']:.2f}")
    print(f"  `trainer` command (CLI + app)    {_ms(median['command'])}   (best {_ms(best['command']).strip()})"
          f"   ratio {median['command'] / median['hello']:.2f}")
    print(f"  goal: ratio at most {STARTUP_GOAL:.2f}")
    catalog = statistics.median(results["command"].catalog)
    ratio = catalog / median["hello"]
    print(f"  scenario list filled in after {_ms(catalog).strip()} (loaded by a worker; the screen is usable meanwhile)"
          f"   ratio {ratio:.2f} to the bare app's start   goal at most {CATALOG_GOAL:.2f}")
    return results
