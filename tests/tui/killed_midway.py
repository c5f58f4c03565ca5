"""Run by test_resume: play some replies through the real app, then SIGKILL ourselves mid-session.

Nothing is closed, flushed or abandoned on the way out, exactly like a terminal window that
is closed or a workstation that is switched off.
"""

import asyncio
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.tui.conftest import BUNDLED, make_app, open_scenario, say  # noqa: E402
from trainer.store import open_store  # noqa: E402


async def main(database: str, replies: list[str]) -> None:
    app = make_app(open_store(Path(database)), BUNDLED)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        for reply in replies:
            await say(pilot, reply)
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
