"""The forbidden-phrase scorer against our own labelled lines, situation by situation as the
public bank codes list them, and the polite categories against tests/data/polite_lines.yaml.

The lines the rubric is tuned and its second opinion trained on (rubrics/examples.yaml) must each
be right. Held-out lines (tests/data/forbidden_lines.yaml) were kept aside while both were
written, so they are judged the way the outside check judges unseen lines: by recall and
precision overall.
"""

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parent.parent / "rubrics" / "examples.yaml"
TRAINED = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))["situations"]
KEPT_ASIDE = yaml.safe_load((DATA / "forbidden_lines.yaml").read_text(encoding="utf-8"))["situations"]
POLITE = yaml.safe_load((DATA / "polite_lines.yaml").read_text(encoding="utf-8"))["lines"]

REQUIRED_SITUATIONS = {
    "结算规定询问", "查询余额", "填错凭证", "业务忙", "购买凭证", "回单对账", "存款询问", "第一次填单", "交款",
    "走错柜台", "残币零币兑换", "付款", "停电机器故障", "假币", "挂失", "利率", "插队", "临近下班", "投诉", "代办",
}


def _lines(situations: list[dict], held_out: bool) -> list[tuple[str, str, bool]]:
    out = []
    for situation in situations:
        block = situation["held_out"] if held_out else situation
        out += [(situation["situation"], text, True) for text in block.get("forbidden", [])]
        out += [(situation["situation"], text, False) for text in block.get("clean", [])]
    return out


TUNED = _lines(TRAINED, held_out=False)
HELD_OUT = _lines(KEPT_ASIDE, held_out=True)


def test_the_set_is_large_balanced_and_covers_every_situation():
    every = TUNED + HELD_OUT
    forbidden = sum(1 for _, _, bad in every if bad)
    assert len(every) >= 400 and 0.40 <= forbidden / len(every) <= 0.60
    assert REQUIRED_SITUATIONS <= {s["situation"] for s in TRAINED}
    assert REQUIRED_SITUATIONS <= {s["situation"] for s in KEPT_ASIDE}
    assert all(s.get("source") for s in TRAINED + KEPT_ASIDE)
    assert len(HELD_OUT) >= 100 and 0.45 <= sum(1 for *_, bad in HELD_OUT if bad) / len(HELD_OUT) <= 0.55
    assert len({text for _, text, _ in every}) == len(every), "a line is listed twice"


@pytest.mark.parametrize("situation, text, forbidden", TUNED, ids=lambda v: v[:16] if isinstance(v, str) else "")
def test_tuned_line(scorer, situation, text, forbidden):
    hits = scorer.score(text).forbidden
    assert bool(hits) == forbidden, (situation, [(h.id, h.match) for h in hits])


def test_every_hit_explains_itself(scorer):
    for _, text, forbidden in TUNED:
        for hit in scorer.score(text).forbidden:
            assert hit.reason and hit.suggestion and hit.source and hit.category, hit.id
            assert text[hit.start:hit.end] == hit.match


def test_held_out_recall_and_precision(scorer):
    flagged = [(bool(scorer.score(text).forbidden), forbidden) for _, text, forbidden in HELD_OUT]
    true_pos = sum(1 for got, want in flagged if got and want)
    false_pos = sum(1 for got, want in flagged if got and not want)
    positives = sum(1 for _, want in flagged if want)
    assert true_pos / positives >= 0.90
    assert true_pos / (true_pos + false_pos) >= 0.98


@pytest.mark.parametrize("item", POLITE, ids=lambda item: item["text"][:16])
def test_polite_categories_exact(scorer, item):
    assert sorted(scorer.score(item["text"]).polite) == sorted(item["polite"])


def test_polite_f1(scorer):
    true_pos = false_pos = false_neg = 0
    for item in POLITE:
        got, want = set(scorer.score(item["text"]).polite), set(item["polite"])
        true_pos += len(got & want)
        false_pos += len(got - want)
        false_neg += len(want - got)
    assert 2 * true_pos / (2 * true_pos + false_pos + false_neg) >= 0.97
