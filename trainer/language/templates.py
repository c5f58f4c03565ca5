"""Phrase templates: one line stands for every wording a rubric accepts.

Syntax, chosen so trainers can write it without learning regular expressions:

- ``(a|b|c)``  one of the alternatives (groups nest);
- ``[x]``      an optional part;
- ``…`` (or ``...``)  a gap of up to GAP_MAX characters inside one sentence, for inserted words.

``这(是|是我们的)规定…没办法`` expands to the literal pieces the matcher searches for. Every literal
is normalised with the same function as replies, so Traditional templates work too.
"""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern

from trainer.language.text import normalize_text

GAP = "\x00"
GAP_MAX = 6
MAX_VARIANTS = 5000


class TemplateError(ValueError):
    """A template that cannot be expanded; the message says why in the author's terms."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One expanded wording: literal pieces that must appear in order, gaps between them."""

    pieces: tuple[str, ...]

    @property
    def text(self) -> str:
        return "…".join(self.pieces)

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.pieces)


def _parse_sequence(src: str, pos: int, closer: str | None) -> tuple[list[str], int]:
    """Expand from ``pos`` until ``closer`` or ``|``; return raw alternatives so far and position."""
    results = [""]
    while pos < len(src):
        ch = src[pos]
        if ch in "|)]":
            if closer is None:
                raise TemplateError(f"unexpected '{ch}' at character {pos + 1}")
            return results, pos
        if ch in "?*+" and pos and src[pos - 1] in ")]":
            raise TemplateError(f"'{ch}' after a group is not template syntax: write [(a|b)] for an optional choice")
        if ch in "([":
            options, pos = _parse_group(src, pos + 1, ")" if ch == "(" else "]")
            if ch == "[":
                options = options + [""]
            results = [r + o for r in results for o in options]
        elif ch == "…" or src.startswith("...", pos):
            results = [r + GAP for r in results]
            pos += 1 if ch == "…" else 3
            continue
        else:
            results = [r + ch for r in results]
            pos += 1
            continue
        if len(results) > MAX_VARIANTS:
            raise TemplateError(f"expands to more than {MAX_VARIANTS} wordings; split it into several forms")
    if closer is not None:
        raise TemplateError(f"'{ {')': '(', ']': '['}[closer] }' is never closed")
    return results, pos


def _parse_group(src: str, pos: int, closer: str) -> tuple[list[str], int]:
    options: list[str] = []
    while True:
        alternative, pos = _parse_sequence(src, pos, closer)
        options.extend(alternative)
        if pos >= len(src):
            raise TemplateError(f"'{ {')': '(', ']': '['}[closer] }' is never closed")
        if src[pos] == "|":
            if closer == "]":
                raise TemplateError("'|' inside [...]: write [(a|b)] for an optional choice")
            pos += 1
            continue
        if src[pos] != closer:
            raise TemplateError(f"'{src[pos]}' closes a group opened with the other kind of bracket")
        return options, pos + 1


def expand(template: str) -> list[Variant]:
    """All wordings of a template, normalised, without duplicates, in a stable order."""
    if not isinstance(template, str) or not template.strip():
        raise TemplateError("empty phrase")
    raw, _ = _parse_sequence(template, 0, None)
    seen: dict[tuple[str, ...], None] = {}
    for wording in raw:
        # Pieces recur across wordings and templates; one shared copy of each keeps catalogs small.
        pieces = tuple(intern(p) for p in (normalize_text(part) for part in wording.split(GAP)) if p)
        if pieces:
            seen.setdefault(pieces, None)
    if not seen:
        raise TemplateError("every wording of this template is empty")
    return [Variant(p) for p in seen]
