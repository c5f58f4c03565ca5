"""Safe YAML loading that remembers where every mapping key and list item came from.

Plain ``yaml.safe_load`` forgets positions, so error messages could only name the file.
The loader here is a ``SafeLoader`` subclass that constructs JSON values only (text, numbers,
booleans, null, and dict and list subclasses that carry line and column numbers, 1-based):
whatever a file says, the model gets types it checks, and a value it cannot hold (an impossible
date, a 5 000-digit number, a binary blob, nesting a hundred deep) is a located problem in that
file instead of an exception that takes the whole library down.
"""

from __future__ import annotations

import math
import os
import stat
import sys
from pathlib import Path

import yaml

from trainer.located.problems import ERROR, ContentError, Problem
from trainer.located.values import MAX_FILE_BYTES, LocatedDict, LocatedList

MAX_NUMBER_CHARS = 100
MAX_DEPTH = 50


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _LocatingLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML has it (about 4x faster), the pure-Python one otherwise."""

    depth = 0

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in getattr(yaml, "CSafeLoader", yaml.SafeLoader).yaml_implicit_resolvers.items()
    }
    """Without the timestamp resolver ``title: 2001-02-30`` is the text it looks like."""


def _refuse(node: yaml.Node, message: str):
    raise yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _nested(construct):
    """Nesting is bounded before the constructor's recursion is: no content file needs more."""
    def wrapper(loader: _LocatingLoader, node: yaml.Node):
        if loader.depth >= MAX_DEPTH:
            _refuse(node, f"nested more than {MAX_DEPTH} levels deep")
        loader.depth += 1
        try:
            return construct(loader, node)
        finally:
            loader.depth -= 1
    return wrapper


@_nested
def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.pos = _mark(node)
    result.key_pos = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            _refuse(key_node, "a mapping key must be a plain value")
        if key in result:
            _refuse(key_node, f"duplicate key {key!r}")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _mark(key_node)
    return result


@_nested
def _construct_sequence(loader: _LocatingLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _mark(node)
    result.item_pos = [_mark(child) for child in node.value]
    return result


def _construct_number(construct):
    """Digits are counted before conversion: Python refuses (or takes seconds on) huge ones."""
    def wrapper(loader: _LocatingLoader, node: yaml.ScalarNode):
        if len(node.value) > MAX_NUMBER_CHARS:
            _refuse(node, f"a number of {len(node.value)} characters; at most {MAX_NUMBER_CHARS}")
        try:
            value = construct(loader, node)
        except ValueError:
            _refuse(node, f"{node.value[:40]!r} is not a number")
        if isinstance(value, float) and not math.isfinite(value):
            _refuse(node, f"{node.value!r} is not a finite number")
        return value
    return wrapper


def _construct_text(loader: _LocatingLoader, node: yaml.ScalarNode) -> str:
    """One object per distinct text: ids and values recur hundreds of times across a library
    (reassure, any), and every copy would be cached and held by every served session."""
    return sys.intern(loader.construct_scalar(node))


def _not_json(loader: _LocatingLoader, node: yaml.Node):
    _refuse(node, f"the tag {node.tag} is not used in trainer files (text, numbers, lists and mappings only)")


_TAG = "tag:yaml.org,2002:"
_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LocatingLoader.add_constructor(_TAG + "int", _construct_number(yaml.constructor.SafeConstructor.construct_yaml_int))
_LocatingLoader.add_constructor(_TAG + "float", _construct_number(yaml.constructor.SafeConstructor.construct_yaml_float))
_LocatingLoader.add_constructor(_TAG + "str", _construct_text)
_LocatingLoader.add_constructor(_TAG + "timestamp", _construct_text)
for _name in ("binary", "omap", "pairs", "set"):
    _LocatingLoader.add_constructor(_TAG + _name, _not_json)


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
    except RecursionError:      # the pure-Python composer recurses before any constructor runs
        raise ContentError([Problem(filename, 1, 1, ERROR, f"invalid YAML: nested more than {MAX_DEPTH} levels deep",
                                    "yaml")]) from None
    finally:
        loader.dispose()


def _read_bounded(path: Path) -> bytes:
    """Regular files only, and never more than the limit: a FIFO would block, ``/dev/zero`` never ends,
    and a file can grow between a stat and a read. Opened non-blocking so a FIFO cannot hang the open."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ContentError([Problem(str(path), 1, 1, ERROR, "not a regular file", "io")])
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([Problem(str(path), 1, 1, ERROR, f"file is over the limit of {MAX_FILE_BYTES} bytes", "size")])
    return data


def load_yaml_file(path: Path):
    """Read and parse a content file, refusing oversized, special or undecodable ones with a located message."""
    name = str(path)
    try:
        text = _read_bounded(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(name, 1, 1, ERROR, f"not UTF-8 text: {exc.reason}", "encoding")]) from None
    except OSError as exc:
        raise ContentError([Problem(name, 1, 1, ERROR, f"cannot read: {exc.strerror}", "io")]) from None
    return parse_yaml(text, name)
