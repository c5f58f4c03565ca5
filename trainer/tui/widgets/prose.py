"""Text that wraps like Chinese: at any character, not only at spaces.

Rich and Textual wrap at whitespace. Chinese has none, so a long sentence after a short label
jumps whole to the next line and leaves a ragged gap, or runs past a narrow panel. Prose breaks
lines itself, between any two characters, keeping closing punctuation off the start of a line
and Latin words whole where it can.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

NO_LINE_START = set(",.;:?!)]}、,。;:?!)】》」』”’…%")
WORD_LOOKBACK = 12


def _break_at(plain: str, end: int, start: int) -> int:
    """Move a break at ``end`` so the next line does not open with punctuation or split a word."""
    cut = end
    while cut - 1 > start and plain[cut] in NO_LINE_START:
        cut -= 1
    if plain[cut].isascii() and plain[cut].isalnum() and plain[cut - 1].isascii() and plain[cut - 1].isalnum():
        space = plain.rfind(" ", max(start + 1, cut - WORD_LOOKBACK), cut)
        if space > start:
            return space + 1
    return cut


def wrap(text: Text, width: int) -> list[Text]:
    width = max(1, width)
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        start, cells = 0, 0
        for index, char in enumerate(plain):
            char_cells = cell_len(char)
            if cells + char_cells > width and index > start:
                cut = _break_at(plain, index, start)
                lines.append(line[start:cut])
                start = cut
                while start < index and plain[start] == " ":
                    start += 1
                if start == index and char == " ":
                    start, cells = index + 1, 0
                    continue
                cells = cell_len(plain[start:index])
            cells += char_cells
        lines.append(line[start:])
    return lines


class Prose(Widget):
    def __init__(self, text: Text | str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._text = Text(text) if isinstance(text, str) else text
        self._wrapped: tuple[int, list[Text]] | None = None

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        self._text = Text(text) if isinstance(text, str) else text
        self._wrapped = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Text]:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap(self._text, width))
        return self._wrapped[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_len for line in self._text.split("\n", allow_blank=True)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n", end="").join(self._lines(self.content_size.width))
