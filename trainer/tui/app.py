"""The application shell: who is training, the loaded content, and which screen comes next.

Only Textual and the light store are imported at start-up; the scorer, the scenario loader and
every screen but the first load later, so the start screen is interactive almost as fast as a
bare Textual app and the catalog arrives a moment after, from a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from trainer.classroom.access import REFUSED, Permission, Role, allows, sign_in
from trainer.store import SessionRecord, Store, Trainee
from trainer.tui.guard import permission_for
from trainer.tui.wide_cells import keep_wide_cells_whole

if TYPE_CHECKING:
    from trainer.dialogue.catalog import Catalog
    from trainer.dialogue.recording import RecordedSession


def _start_screen() -> Screen:
    from trainer.tui.screens.start import StartScreen

    return StartScreen()


class TrainerApp(App):
    # A mode rather than get_default_screen(): Textual loads a screen's CSS_PATH only for these.
    MODES = {"start": _start_screen}
    DEFAULT_MODE = "start"
    CSS_PATH = "app.tcss"
    TITLE = "银行网点服务情景陪练"
    BINDINGS = [
        Binding("f1", "help", "帮助"),
        Binding("question_mark", "help", "帮助", show=False),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", "浅色/深色主题", show=False),
        Binding("f12", "save_screenshot", "截图", show=False),
        Binding("ctrl+q", "quit", "退出", show=False, priority=True),
    ]

    catalog: var[Catalog | None] = var(None, always_update=True)
    """None until the worker has loaded the rubrics and scenarios."""

    def __init__(self, store: Store, scenarios_dir: Path | None = None, rubrics_dir: Path | None = None, *,
                 clock: Callable[[], float] = time.monotonic, cursor_blink: bool = True,
                 catalog: Catalog | None = None, on_exit: Callable[[], None] | None = None,
                 preview: Path | None = None, served: bool = False):
        keep_wide_cells_whole()
        super().__init__()
        self.store = store
        self.scenarios_dir = scenarios_dir
        self.rubrics_dir = rubrics_dir
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.served = served
        """A browser tab of ``trainer serve``: it knows nobody until told, and starts as a trainee."""
        self.role = Role.TRAINEE if served else Role.TRAINER
        self.trainee: Trainee | None = None if served else store.last_trainee()
        self._on_exit = on_exit
        self._preloaded = catalog
        self._preview = preview

    def on_mount(self) -> None:
        from trainer.tui.preferences import saved_theme

        self.theme = saved_theme()
        if self._preloaded is not None:
            self.catalog = self._preloaded
        else:
            self.call_after_refresh(self.reload_catalog)

    def watch_catalog(self, catalog: Catalog | None) -> None:
        """``trainer preview FILE`` opens its file as soon as the scorer it is checked against has loaded."""
        if catalog is not None and self._preview is not None:
            from trainer.tui.screens.preview import preview_screen

            path, self._preview = self._preview, None
            self.push_screen(preview_screen(path, catalog.scorer))

    def on_unmount(self) -> None:
        if self._on_exit is not None:
            self._on_exit()

    def reload_catalog(self) -> None:
        self.run_worker(self._load_catalog, thread=True, exclusive=True, group="catalog", name="catalog",
                        exit_on_error=False)

    def _load_catalog(self) -> Catalog:
        from trainer.cache import return_freed_memory
        from trainer.dialogue.catalog import load_catalog

        catalog = load_catalog(self.scenarios_dir, self.rubrics_dir)
        return_freed_memory()
        return catalog

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The result is taken here, on the app's thread; if the app is already closing it never arrives."""
        if event.worker.group != "catalog":
            return
        if event.state == WorkerState.SUCCESS:
            self.catalog = event.worker.result
        elif event.state == WorkerState.ERROR:
            self._show_content_error(event.worker.error)

    def _show_content_error(self, error: BaseException) -> None:
        """Broken rubrics (or an unreadable folder) get a screen that says where, never a traceback."""
        from trainer.located.problems import ContentError, Problem
        from trainer.tui.screens.content_error import ContentErrorScreen

        if isinstance(error, ContentError):
            problems = error.problems
        else:
            where = getattr(error, "filename", None) or self.rubrics_dir or ""
            problems = [Problem(str(where), 0, 0, "error", f"{type(error).__name__}: {error}")]
        self.push_screen(ContentErrorScreen(problems))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from trainer.tui.commands import screen_commands

        return screen_commands(self, screen)

    def action_command_palette(self) -> None:
        from trainer.tui.commands import PALETTE_PLACEHOLDER

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=PALETTE_PLACEHOLDER))

    def action_toggle_theme(self) -> None:
        """Light for a projector, dark for a screen; remembered for the next launch."""
        from trainer.tui.preferences import DARK, LIGHT, save_theme

        self.theme = LIGHT if self.theme == DARK else DARK
        save_theme(self.theme)
        self.notify("已切换到浅色主题" if self.theme == LIGHT else "已切换到深色主题")

    def action_save_screenshot(self) -> None:
        from trainer.paths import screenshots_dir

        try:
            path = self.save_screenshot(path=str(screenshots_dir()))
        except OSError as exc:
            self.notify(f"截图没有保存: {exc}", severity="error")
        else:
            self.notify(f"截图已保存: {path}")

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def allows(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    def push_screen(self, screen, *args, **kwargs):
        """The one gate every way of opening a screen passes (keys, palette, mouse)."""
        if not self._may_open(screen):
            return AwaitComplete.nothing()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):
        if not self._may_open(screen):
            return AwaitComplete.nothing()
        return super().switch_screen(screen)

    def _may_open(self, screen) -> bool:
        permission = permission_for(screen) if isinstance(screen, Screen) else None
        if permission is None or self.allows(permission):
            return True
        self.notify(REFUSED, severity="warning")
        return False

    def login(self, name: str, staff_no: str, pin: str = "") -> Trainee:
        """A staff number is only yours with its PIN (``SignInError`` otherwise); the terminal, whose
        user owns the data folder, may skip the PIN until one is set and remembers who signed in."""
        self.trainee = sign_in(self.store, name, staff_no, pin, pin_required=self.served, remember=not self.served)
        return self.trainee

    def start_session(self, scenario_id: str, mode: str, *, replace: bool = False) -> None:
        from trainer.dialogue.recording import RecordedSession

        catalog, trainee = self.catalog, self.trainee
        if catalog is None or trainee is None:
            return
        scenario = catalog.library.get(scenario_id)
        if scenario is None:
            self.notify(f"情景 {scenario_id} 当前无法载入", severity="error")
            return
        self._play(RecordedSession.start(scenario, catalog.scorer, self.store, trainee.id, mode), replace)

    def resume_session(self, record: SessionRecord, *, replace: bool = False) -> None:
        from trainer.dialogue.recording import RecordedSession

        catalog = self.catalog
        scenario = catalog.library.get(record.scenario_id) if catalog else None
        if scenario is None:
            self.notify(f"情景 {record.scenario_id} 当前无法载入,暂时不能继续", severity="error")
            return
        self._play(RecordedSession.resume(record, scenario, catalog.scorer, self.store), replace)

    def _play(self, recorded: RecordedSession, replace: bool) -> None:
        from trainer.tui.screens.play import PlayScreen

        screen = PlayScreen(recorded)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_debrief(self, session_id: int, *, replace: bool = False) -> None:
        from trainer.tui.screens.debrief import DebriefScreen

        record = self.store.get_session(session_id)
        catalog = self.catalog
        scenario = catalog.library.get(record.scenario_id) if catalog else None
        screen = DebriefScreen(record, scenario)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_history(self) -> None:
        from trainer.tui.screens.history import HistoryScreen

        if self.trainee is not None:
            self.push_screen(HistoryScreen(self.trainee))

    def open_drills(self) -> None:
        from trainer.tui.screens.drill_list import DrillListScreen

        self.push_screen(DrillListScreen())

    def open_report(self) -> None:
        from trainer.tui.screens.report import ReportScreen

        self.push_screen(ReportScreen())

    def scenario_title(self, scenario_id: str) -> str:
        scenario = self.catalog.library.get(scenario_id) if self.catalog else None
        return scenario.title if scenario else scenario_id
