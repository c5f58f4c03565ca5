"""Safe YAML loading that remembers where every mapping key and list item came from.

Plain ``yaml.safe_load`` forgets positions, so error messages could only name the file.
The loader here is a ``SafeLoader`` subclass: it constructs the same plain types, only
dict and list subclasses that carry line and column numbers (1-based).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from trainer.located.problems import ERROR, ContentError, Problem

MAX_FILE_BYTES = 1_000_000


class LocatedDict(dict):
    pos: tuple[int, int] = (1, 1)
    key_pos: dict

    def where(self, key=None) -> tuple[int, int]:
        return self.key_pos.get(key, self.pos) if key is not None else self.pos


class LocatedList(list):
    pos: tuple[int, int] = (1, 1)
    item_pos: list

    def where(self, index=None) -> tuple[int, int]:
        if index is None or index >= len(self.item_pos):
            return self.pos
        return self.item_pos[index]


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _LocatingLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML has it (about 4x faster), the pure-Python one otherwise."""


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.pos = _mark(node)
    result.key_pos = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _mark(key_node)
    return result


def _construct_sequence(loader: _LocatingLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _mark(node)
    result.item_pos = [_mark(child) for child in node.value]
    return result


_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, filename: str):
    """Parse one YAML document; any syntax problem becomes a located ContentError."""
    loader = _LocatingLoader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        raise ContentError([Problem(filename, line, col, ERROR, f"invalid YAML: {message}", "yaml")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(filename, 1, 1, ERROR, f"invalid YAML: {exc}", "yaml")]) from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path):
    """Read and parse a content file, refusing oversized or undecodable ones with a located message."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError([Problem(name, 1, 1, ERROR, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", "size")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(name, 1, 1, ERROR, f"not UTF-8 text: {exc.reason}", "encoding")]) from None
    except OSError as exc:
        raise ContentError([Problem(name, 1, 1, ERROR, f"cannot read: {exc.strerror}", "io")]) from None
    return parse_yaml(text, name)
