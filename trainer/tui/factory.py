"""The one place the app is assembled, so the CLI, the tests and the benchmark run the same app."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

from typing import TYPE_CHECKING

from trainer.store import Store, StoreUnavailable, open_store
from trainer.tui.app import TrainerApp
from trainer.tui.served import SERVED_ENV

if TYPE_CHECKING:
    from trainer.dialogue.catalog import Catalog


def build_app(scenarios_dir: Path | None = None, rubrics_dir: Path | None = None, store: Store | None = None, *,
              clock: Callable[[], float] = time.monotonic, cursor_blink: bool = True,
              catalog: Catalog | None = None, preview: Path | None = None, served: bool = False) -> TrainerApp:
    """Content folders default to the bundled ones (or TRAINER_SCENARIOS / TRAINER_RUBRICS).

    A store passed in stays the caller's to close; one opened here closes with the app. A catalog
    passed in is used as is (tests share one) instead of being loaded from the folders. ``preview``
    opens that scenario file in the author preview once the rubrics have loaded. ``served``: a
    browser tab of ``trainer serve`` (signed out, trainee role until the trainer signs in).
    """
    owned = store is None
    store = open_store() if store is None else store
    app = TrainerApp(store, scenarios_dir, rubrics_dir, clock=clock, cursor_blink=cursor_blink,
                     catalog=catalog, on_exit=store.close if owned else None, preview=preview, served=served)
    app._fatal_error = types.MethodType(_fatal_error_without_locals, app)
    return app


def _fatal_error_without_locals(app: TrainerApp) -> None:
    """Textual's ``App._fatal_error`` with ``show_locals=False``: its own prints every frame's locals,
    which hold the trainee's replies, to the terminal and to ``serve.log``. There is no setting for it."""
    import rich
    from rich.segment import Segments
    from rich.traceback import Traceback

    app.bell()
    traceback = Traceback(show_locals=False, width=None, suppress=[rich])
    app._exit_renderables.append(Segments(app.console.render(traceback, app.console.options)))
    app._close_messages_no_wait()


def run_app(preview: Path | None = None) -> None:
    """A store that cannot be used still starts an app, one that says what is wrong: in a browser
    tab a message printed here would never be seen."""
    try:
        app = build_app(preview=preview, served=os.environ.get(SERVED_ENV) == "1")
    except StoreUnavailable as exc:
        _store_error(str(exc))
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        _store_error(f"无法打开练习记录: {exc}")
    else:
        app.run()
        raise SystemExit(app.return_code or 0)     # a crash is exit 1, not 0


def _store_error(message: str) -> None:
    from trainer.tui.screens.store_error import StoreErrorApp

    print(f"trainer: {message}", file=sys.stderr)
    StoreErrorApp(message).run()
    raise SystemExit(1)
