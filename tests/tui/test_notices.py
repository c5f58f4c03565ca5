"""Notices (toasts) drawn over other widgets keep every Chinese character.

Textual cuts each screen line wherever any widget starts or ends; a double-width character a
cut falls through used to come out as two spaces, so a notice over a panel border lost the
character above the border ("时间到!可以把这  说完").
"""

from __future__ import annotations

from .conftest import FROZEN, make_app, open_scenario

MESSAGE = "已保存阳光组的观察员评分,已调整阳光组的最终得分,时间到!可以把这句话说完"


def toast_text(app) -> str:
    """The characters the screen shows inside the notice, read from the composed lines."""
    toast = app.screen.query_one("Toast")
    region = toast.region
    lines = app.screen._compositor.render_strips()
    shown = [lines[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]
    return "".join("".join(shown).split()).replace("▌", "")


async def test_notice_over_panel_borders_shows_every_character(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_scenario(pilot)
        app.notify(MESSAGE)
        await pilot.pause(0.2)
        assert toast_text(app) == MESSAGE
