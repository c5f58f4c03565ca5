"""Phrase templates: one line stands for every wording a rubric accepts.

Syntax, chosen so trainers can write it without learning regular expressions:

- ``(a|b|c)``  one of the alternatives (groups nest);
- ``[x]``      an optional part;
- ``…`` (or ``...``)  a gap of up to GAP_MAX characters inside one sentence, for inserted words.

``这(是|是我们的)规定…没办法`` expands to the literal pieces the matcher searches for. Every literal
is normalised with the same function as replies, so Traditional templates work too.

A template is parsed into a small tree and its wordings are counted on the tree, so the limit is
checked before anything is multiplied out: ``(甲0|…|甲4999)(乙0|…|乙4999)`` is refused at once
instead of building 25 million strings. Loaded rubrics hold ``Wordings`` (the template alone);
the wordings exist only while a matcher is being compiled.
"""

from __future__ import annotations

from sys import intern
from typing import Iterator, NamedTuple, Union

from trainer.language.regional import has_regional
from trainer.language.text import is_normal, normalize_text

GAP = "\x00"
GAP_MAX = 6
MAX_VARIANTS = 5000
MAX_DEPTH = 30


class TemplateError(ValueError):
    """A template that cannot be expanded; the message says why in the author's terms."""


class Variant(NamedTuple):
    """One expanded wording: literal pieces that must appear in order, gaps between them."""

    pieces: tuple[str, ...]

    @property
    def text(self) -> str:
        return "…".join(self.pieces)

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.pieces)


class _Choice(NamedTuple):
    """A group: one of its alternatives (an optional part is a choice with an empty alternative)."""

    alternatives: tuple[_Sequence, ...]


_Item = Union[str, _Choice]  # a run of literal characters (GAP marks a gap) or a choice
_Sequence = tuple  # of _Item


def _unclosed(closer: str) -> TemplateError:
    return TemplateError(f"'{ {')': '(', ']': '['}[closer] }' is never closed")


def _parse_sequence(src: str, pos: int, closer: str | None, depth: int) -> tuple[_Sequence, int]:
    """Items from ``pos`` until ``closer`` or ``|``; returns them and the position reached."""
    items: list[_Item] = []
    literal: list[str] = []
    while pos < len(src):
        ch = src[pos]
        if ch in "|)]":
            if closer is None:
                raise TemplateError(f"unexpected '{ch}' at character {pos + 1}")
            break
        if ch in "?*+" and pos and src[pos - 1] in ")]":
            raise TemplateError(f"'{ch}' after a group is not template syntax: write [(a|b)] for an optional choice")
        if ch in "([":
            if depth >= MAX_DEPTH:
                raise TemplateError(f"groups nested more than {MAX_DEPTH} deep")
            if literal:
                items.append("".join(literal))
                literal = []
            choice, pos = _parse_group(src, pos + 1, ")" if ch == "(" else "]", depth + 1)
            items.append(choice)
        elif ch == "…" or src.startswith("...", pos):
            literal.append(GAP)
            pos += 1 if ch == "…" else 3
        else:
            literal.append(ch)
            pos += 1
    else:
        if closer is not None:
            raise _unclosed(closer)
    if literal:
        items.append("".join(literal))
    return tuple(items), pos


def _parse_group(src: str, pos: int, closer: str, depth: int) -> tuple[_Choice, int]:
    alternatives: list[_Sequence] = []
    while True:
        alternative, pos = _parse_sequence(src, pos, closer, depth)
        alternatives.append(alternative)
        if pos >= len(src):
            raise _unclosed(closer)
        if src[pos] == "|":
            if closer == "]":
                raise TemplateError("'|' inside [...]: write [(a|b)] for an optional choice")
            pos += 1
            continue
        if src[pos] != closer:
            raise TemplateError(f"'{src[pos]}' closes a group opened with the other kind of bracket")
        if closer == "]":
            alternatives.append(())
        return _Choice(tuple(alternatives)), pos + 1


def _count(sequence: _Sequence) -> int:
    """Wordings of a sequence before duplicates are dropped, capped just above the limit."""
    total = 1
    for item in sequence:
        if isinstance(item, _Choice):
            total = min(total * min(sum(_count(a) for a in item.alternatives), MAX_VARIANTS + 1), MAX_VARIANTS + 1)
    return total


def _wordings(sequence: _Sequence) -> list[str]:
    """Multiplied out in the order authors read them (first alternative first)."""
    results = [""]
    for item in sequence:
        if isinstance(item, str):
            results = [r + item for r in results]
        else:
            options = [w for alternative in item.alternatives for w in _wordings(alternative)]
            results = [r + o for r in results for o in options]
    return results


def _literals(sequence: _Sequence) -> Iterator[str]:
    for item in sequence:
        if isinstance(item, str):
            yield item
        else:
            for alternative in item.alternatives:
                yield from _literals(alternative)


def _parse(template: str) -> tuple[_Sequence, bool]:
    """The tree, and whether its characters are all already normal (most Simplified templates):
    every piece is made of them, so then no piece needs the normalisation pipeline."""
    if not isinstance(template, str) or not template.strip():
        raise TemplateError("empty phrase")
    tree, _ = _parse_sequence(template, 0, None, 0)
    if _count(tree) > MAX_VARIANTS:
        raise TemplateError(f"expands to more than {MAX_VARIANTS} wordings; split it into several forms")
    return tree, all(is_normal(literal.replace(GAP, "")) for literal in _literals(tree))


_EMPTY = "every wording of this template is empty"


def expand(template: str) -> list[Variant]:
    """All wordings of a template, normalised, without duplicates, in a stable order."""
    tree, normal = _parse(template)
    seen: dict[tuple[str, ...], None] = {}
    for wording in _wordings(tree):
        # Normal characters can still join into a regional word across pieces (工作 + 天 → 工作日).
        plain = normal and not has_regional(wording)
        parts = wording.split(GAP) if plain else (normalize_text(part) for part in wording.split(GAP))
        # Pieces recur across wordings and templates; one shared copy of each keeps catalogs small.
        pieces = tuple(intern(p) for p in parts if p)
        if pieces:
            seen.setdefault(pieces, None)
    if not seen:
        raise TemplateError(_EMPTY)
    return [Variant(p) for p in seen]


class Wordings:
    """A checked template whose wordings are multiplied out only when iterated.

    Rubrics and scenarios keep these instead of lists of Variants: the compiled matchers hold
    all they need, so the 100 000 wordings never have to stay in memory (or in the cache).
    """

    __slots__ = ("template",)

    def __init__(self, template: str):
        self.template = template

    def __iter__(self) -> Iterator[Variant]:
        return iter(expand(self.template))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Wordings) and other.template == self.template

    def __hash__(self) -> int:
        return hash(self.template)

    def __repr__(self) -> str:
        return f"Wordings({self.template!r})"


def check(template: str) -> Wordings:
    """Raise TemplateError now, where the file and line are known, rather than at compile time.

    Every literal of the tree is in some wording, so an already-normal template has a non-empty
    wording exactly when some literal has a character; only the others are multiplied out.
    """
    tree, normal = _parse(template)
    if not normal:
        expand(template)
    elif not any(literal.replace(GAP, "") for literal in _literals(tree)):
        raise TemplateError(_EMPTY)
    return Wordings(template)
