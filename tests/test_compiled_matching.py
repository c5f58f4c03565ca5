"""The compact, cacheable matcher finds exactly what the expanding one found.

``reference_matching`` is the expansion and index as they were before; every index the scorer
and the scenarios build is rebuilt both ways from the shipped templates and searched with the
labelled replies, every reply line in the scenario tests, every example and hypothesis text.
"""

from __future__ import annotations

import re
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, labelled_replies
from tests.reference_matching import ReferenceIndex, TemplateError as ReferenceError, reference_expand
from trainer.language.matcher import PhraseIndex
from trainer.language.templates import TemplateError, Wordings, check, expand
from trainer.language.text import normalize_text
from trainer.scoring.scorer import compiled_scorer

TEMPLATE_FIELDS = {"forms", "allow", "not", "keywords"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _walk(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)
    elif isinstance(node, str):
        yield key, node


def _content() -> list[tuple[str | None, str]]:
    files = sorted((ROOT / "rubrics").glob("*.yaml")) + sorted((ROOT / "scenarios").glob("*.yaml"))
    return [pair for path in files for pair in _walk(yaml.safe_load(path.read_text(encoding="utf-8")))]


CONTENT = _content()
TEMPLATES = sorted({text for key, text in CONTENT if key in TEMPLATE_FIELDS})
LINES = sorted({text for key, text in CONTENT if key not in TEMPLATE_FIELDS and _CJK.search(text)}
               | {item["text"] for item in labelled_replies()})


def _groups(templates: list[str], size: int = 7) -> list[tuple[str, list[str]]]:
    """Templates under a few shared keys, as rubric entries and key points group them."""
    return [(f"k{i % size}", templates[i::size * 3]) for i in range(size * 3)]


def test_the_corpus_is_large():
    assert len(TEMPLATES) > 500 and len(LINES) > 500


def test_every_shipped_template_expands_as_before():
    for template in TEMPLATES:
        assert [v.pieces for v in expand(template)] == [v.pieces for v in reference_expand(template)], template


TEMPLATE_TEXT = st.text(alphabet=st.sampled_from("这是规定没法办您好儿哪著們們(|)[]…. "), max_size=24)


@settings(max_examples=200, deadline=None)
@given(TEMPLATE_TEXT)
def test_any_template_expands_or_fails_as_before(template):
    try:
        expected = [v.pieces for v in reference_expand(template)]
    except ReferenceError:
        expected = None
    try:
        found = [v.pieces for v in expand(template)]
        check(template)
    except TemplateError:
        found = None
    assert found == expected


def _both(entries: list[tuple[str, list[str]]], fuzzy: bool) -> tuple[PhraseIndex, ReferenceIndex]:
    new = PhraseIndex(((key, [v for t in ts for v in Wordings(t)]) for key, ts in entries), fuzzy=fuzzy)
    old = ReferenceIndex(((key, [v for t in ts for v in reference_expand(t)]) for key, ts in entries), fuzzy=fuzzy)
    return new, old


@pytest.fixture(scope="module")
def indexes():
    entries = _groups(TEMPLATES)
    return [_both(entries, fuzzy) for fuzzy in (False, True)]


def _same(indexes, text: str) -> None:
    norm = normalize_text(text)
    for new, old in indexes:
        assert new.search(norm) == old.search(norm), text


def test_every_shipped_line_is_matched_as_before(indexes):
    for line in LINES:
        _same(indexes, line)


def test_the_shipped_rubric_index_is_matched_as_before(scorer):
    entries = [(p.id, [t for t, _ in p.forms]) for p in scorer.rubrics.forbidden]
    pair = _both(entries, fuzzy=True)
    for line in LINES:
        _same([pair], line)


PIECES = st.sampled_from(sorted({p for t in TEMPLATES[:400] for v in expand(t) for p in v.pieces}))
FILLER = st.text(alphabet=st.sampled_from("的了我您你不没,。!? 規定辦"), max_size=4)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, FILLER), max_size=8))
def test_generated_text_is_matched_as_before(indexes, parts):
    _same(indexes, "".join(parts))


def test_a_cached_scorer_scores_like_a_freshly_compiled_one():
    fresh = compiled_scorer((ROOT / "rubrics").resolve(), use_cache=False)
    compiled_scorer((ROOT / "rubrics").resolve())
    cached = compiled_scorer((ROOT / "rubrics").resolve())
    assert cached is not fresh
    for line in LINES:
        assert cached.score(line, techniques=True).to_json() == fresh.score(line, techniques=True).to_json()


def test_an_index_survives_pickling_unchanged(indexes):
    import pickle

    for new, _ in indexes:
        copy = pickle.loads(pickle.dumps(new))
        for line in LINES[:200]:
            norm = normalize_text(line)
            assert copy.search(norm) == new.search(norm)
