"""Field checks shared by the rubric and scenario loaders.

Each check records a located Problem and returns a usable default, so one pass over a file
reports every mistake in it rather than the first.
"""

from __future__ import annotations

from typing import Iterator

from trainer.located.problems import ERROR, Problem
from trainer.language.templates import TemplateError, Wordings, check
from trainer.located.values import LocatedDict, LocatedList


class FieldReader:
    """Reads typed fields out of located YAML mappings, collecting problems for one file."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    def error(self, where: tuple[int, int], message: str, code: str = "field") -> None:
        self.problems.append(Problem(self.filename, where[0], where[1], ERROR, message, code))

    def mapping(self, value, where: tuple[int, int], what: str) -> LocatedDict:
        if isinstance(value, LocatedDict):
            return value
        self.error(where, f"{what} must be a mapping (key: value)", "type")
        empty = LocatedDict()
        empty.pos, empty.key_pos = where, {}
        return empty

    def items(self, data: LocatedDict, key: str, what: str, required: bool = True) -> LocatedList:
        value = data.get(key)
        if value is None:
            if required:
                self.error(data.where(), f"{what}: missing '{key}'", "missing")
            empty = LocatedList()
            empty.pos, empty.item_pos = data.where(key), []
            return empty
        if not isinstance(value, LocatedList):
            self.error(data.where(key), f"{what}: '{key}' must be a list", "type")
            empty = LocatedList()
            empty.pos, empty.item_pos = data.where(key), []
            return empty
        return value

    def mappings(self, data: LocatedDict, key: str, what: str) -> Iterator[tuple[int, LocatedDict]]:
        """The entries of a required list of mappings, each checked to be one, with its index."""
        entries = self.items(data, key, what)
        for index, raw in enumerate(entries):
            yield index, self.mapping(raw, entries.where(index), f"{key}[{index + 1}]")

    def text(self, data: LocatedDict, key: str, what: str, required: bool = True, default: str = "") -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.error(data.where(), f"{what}: missing '{key}'", "missing")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.error(data.where(key), f"{what}: '{key}' must be text", "type")
            return default
        return value.strip()

    def number(self, data: LocatedDict, key: str, what: str, default: float, low: float, high: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(data.where(key), f"{what}: '{key}' must be a number", "type")
            return default
        if not low <= value <= high:
            self.error(data.where(key), f"{what}: '{key}' must be between {low:g} and {high:g}", "range")
            return default
        return value

    def flag(self, data: LocatedDict, key: str, what: str, default: bool = False) -> bool:
        """Only true or false: ``grievance: "no"`` must not read as yes."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(data.where(key), f"{what}: '{key}' must be true or false", "type")
            return default
        return value

    def whole(self, data: LocatedDict, key: str, what: str, low: int, high: int) -> int | None:
        """An optional whole number in a range; None when absent or wrong."""
        if data.get(key) is None:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(data.where(key), f"{what}: '{key}' must be a whole number", "type")
            return None
        if not low <= value <= high:
            self.error(data.where(key), f"{what}: '{key}' must be between {low} and {high}", "range")
            return None
        return value

    def choice(self, data: LocatedDict, key: str, what: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = data.get(key, default)
        if value not in choices:
            where = data.where(key) if key in data else data.where()
            shown = "missing" if value is None else repr(value)
            self.error(where, f"{what}: '{key}' is {shown}; expected one of {', '.join(choices)}", "choice")
            return default or choices[0]
        return value

    def templates(self, data: LocatedDict, key: str, what: str, required: bool = True) -> tuple[tuple[str, Wordings], ...]:
        """Check every template of a list field; each bad one is reported at its own line."""
        out = []
        listing = self.items(data, key, what, required)
        for index, template in enumerate(listing):
            where = listing.where(index)
            if not isinstance(template, str):
                self.error(where, f"{what}: {key}[{index + 1}] must be text", "type")
                continue
            try:
                out.append((template, check(template)))
            except TemplateError as exc:
                self.error(where, f"{what}: {key}[{index + 1}] {template!r}: {exc}", "template")
        return tuple(out)

    def unique_id(self, data: LocatedDict, seen: dict[str, tuple[int, int]], what: str) -> str:
        ident = self.text(data, "id", what)
        if ident in seen:
            line = seen[ident][0]
            self.error(data.where("id"), f"{what}: duplicate id '{ident}' (first defined at line {line})", "duplicate")
        elif ident:
            seen[ident] = data.where("id")
        return ident
