"""Which wordings the fuzzy pass reads, and the sentences it reads them in."""

import random

import pytest

from trainer.language.matcher import BOUNDARIES, FUZZY_CHUNK, PhraseIndex, _chunks
from trainer.language.templates import Variant

LONG = "这个业务今天真的办不了"
TYPO = "这个业务今天真得办不了"


def _probed(index: PhraseIndex) -> list[tuple[str, str]]:
    return [(key, probe) for key, probe, _ in index._probes]


def test_a_long_literal_wording_is_read_fuzzily():
    index = PhraseIndex([("k", [Variant((LONG,))])], fuzzy=True)
    assert _probed(index) == [("k", LONG)]
    assert [hit.key for hit in index.search(TYPO)] == ["k"]


def test_a_construction_gets_no_probe_but_keeps_its_place():
    """The pieces of 连…都不懂 joined are not a sentence anyone types; the probe budget of a key
    still counts it, so leaving it out never brings in a wording that was not read before."""
    gapped = Variant(("这个业务今天", "办不了了吧"))
    index = PhraseIndex([("k", [gapped] * 12 + [Variant((LONG,))])], fuzzy=True)
    assert _probed(index) == []
    assert index.exact("这个业务今天说真的办不了了吧")[0].key == "k"


def test_exact_only_keys_get_no_probe():
    index = PhraseIndex([("bare", [Variant((LONG,))]), ("k", [Variant((LONG + "啊",))])],
                        fuzzy=True, exact_only={"bare"})
    assert [key for key, _ in _probed(index)] == ["k"]
    assert [hit.key for hit in index.exact(LONG)] == ["bare"]


def _reference_chunks(text: str) -> list[tuple[int, str]]:
    """Sentences by hand: every stretch between boundaries, long ones as half-overlapping windows."""
    out, start = [], 0
    for i, ch in enumerate(text + "\n"):
        if ch in BOUNDARIES or i == len(text):
            sentence = text[start:i]
            if 0 < len(sentence) <= FUZZY_CHUNK:
                out.append((start, sentence))
            elif sentence:
                step = FUZZY_CHUNK // 2
                out += [(start + o, sentence[o:o + FUZZY_CHUNK]) for o in range(0, len(sentence) - step, step)]
            start = i + 1
    return out


@pytest.mark.parametrize("seed", range(20))
def test_chunks_are_the_sentences_between_boundaries(seed):
    rng = random.Random(seed)
    alphabet = "".join(sorted(BOUNDARIES)) + ",a您好办"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400 if seed % 4 == 0 else 30)))
        assert list(_chunks(text)) == _reference_chunks(text), text
