"""Chinese characters in a widget drawn over others (a notice, a pop-up) stay whole.

Textual's compositor cuts every screen line wherever any visible widget starts or ends, slices
each widget's line at those cuts and keeps, for each slice, the piece of the topmost widget. A
double-width character a cut falls through is split the way Rich splits a cell: into two spaces.
So a notice lying over a panel border lost the character above the border, in the terminal and
in the browser alike (Textualize/textual#6357, still open for Textual 8.2). This compositor cuts a
widget's line only where the widget stops being the one on top: the slices it wins in a row stay
one piece, and the cuts inside that piece hold an empty strip, so nothing below claims them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import textual.screen
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

_CLAIMED = Strip([], 0)


class WholeCellCompositor(Compositor):
    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            left, right = render_region.column_span
            for y, strip in zip(render_region.line_range, strips):
                if is_rendered_line(y):
                    _paint(chops[y], [cut for cut in cuts[y] if left <= cut <= right], strip, left)
        return chops

    def render_partial_update(self) -> ChopsUpdate | None:
        """A piece now reaches past the next cut, so each piece ends where its own cells end."""
        update = super().render_partial_update()
        if update is not None:
            update.chop_ends = [
                [x + strip.cell_length if strip is not None else end for (x, strip), end in zip(line.items(), ends)]
                for line, ends in zip(update.chops, update.chop_ends)]
        return update


def _paint(line: dict[int, Strip | None], cuts: list[int], strip: Strip, left: int) -> None:
    """Paint front to back: slices already taken belong to a widget on top of this one."""
    if len(cuts) < 2:
        return
    free = [line[cut] is None for cut in cuts[:-1]]
    starts = [0] + [i for i in range(1, len(free)) if free[i] != free[i - 1]]
    ends = starts[1:] + [len(free)]
    pieces = strip.divide([cuts[end] - left for end in ends])
    for start, end, piece in zip(starts, ends, pieces):
        if free[start]:
            line[cuts[start]] = piece
            for cut in cuts[start + 1:end]:
                line[cut] = _CLAIMED


def keep_wide_cells_whole() -> None:
    """Every screen made after this call composes with ``WholeCellCompositor``."""
    textual.screen.Compositor = WholeCellCompositor
