"""Benchmarks that print figures: speed goals are measured here, never asserted in tests.

Run with ``trainer bench`` . Replies and the large lexicon are
generated from a fixed seed, so two runs on one machine measure the same work.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import replace

from rapidfuzz import fuzz

from trainer.scoring.rubric import ForbiddenPhrase, Rubrics
from trainer.scoring.scorer import Scorer, load_scorer
from trainer.language.templates import expand

SEED = 20101022
_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少"
    "图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海"
)
_CLEAN = [
    "您好,请问您办理什么业务?", "请您稍等,我马上帮您查一下。", "真是太对不起您了,我会妥善为您解决。",
    "这笔转账我现在就帮您重新办理,十分钟内办好。", "谢谢您的理解,欢迎下次光临,再见!",
    "大爷您别着急,硬币我现在就帮您清点。", "先生,我理解您的心情,换作是我也会着急。",
    "您的意见我都记下来了,三个工作日内一定给您答复。", "不是不能办,我们换一种方式帮您办。",
]
_BAD = ["这是规定,我也没办法。", "没看我正忙着吗?一个一个来!", "你也有不对的地方。", "這事兒沒法辦。", "这 是 我们的 规 定"]


def _replies(count: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(count):
        parts = rng.sample(_CLEAN, rng.randint(1, 3))
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(_BAD))
        out.append("".join(parts))
    return out


def _lexicon(size: int, rng: random.Random) -> list[str]:
    return ["".join(rng.choice(_COMMON) for _ in range(rng.randint(4, 12))) for _ in range(size)]


def _large_scorer(base: Rubrics, phrases: list[str]) -> Scorer:
    template = base.forbidden[0]
    extra = [
        replace(template, id=f"gen-{i}", phrase=p, forms=((p, expand(p)),), allow=())
        for i, p in enumerate(phrases)
    ]
    return Scorer(Rubrics(forbidden=base.forbidden + extra, polite=base.polite, techniques=base.techniques))


def _timed(fn, items: list[str]) -> list[float]:
    costs = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        costs.append(time.perf_counter() - start)
    return costs


def _summary(label: str, costs: list[float]) -> dict:
    ordered = sorted(costs)
    median = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label:52} median {median * 1e6:9.1f} µs   p99 {p99 * 1e6:9.1f} µs   (n={len(costs)})")
    return {"median": median, "p99": p99}


def scorer_benchmark(replies: int = 2000, lexicon: int = 5000, baseline_replies: int = 100) -> dict:
    rng = random.Random(SEED)
    sample = _replies(replies, rng)
    shipped = load_scorer()
    for reply in sample[:50]:
        shipped.score(reply)
    print(f"Reply scorer: {len(shipped.rubrics.forbidden)} shipped forbidden entries, {replies} generated replies "
          f"(avg {statistics.mean(map(len, sample)):.0f} chars)")
    results = {"shipped": _summary("shipped rubric (forbidden + polite)", _timed(shipped.score, sample))}
    _summary("shipped rubric + techniques (score --json)", _timed(lambda r: shipped.score(r, techniques=True), sample))
    phrases = _lexicon(lexicon, rng)
    start = time.perf_counter()
    large = _large_scorer(shipped.rubrics, phrases)
    print(f"built a {lexicon}-phrase lexicon scorer in {time.perf_counter() - start:.2f} s")
    for reply in sample[:50]:
        large.score(reply)
    results["large"] = _summary(f"shipped + {lexicon} generated phrases", _timed(large.score, sample))
    def naive(reply: str) -> None:
        for phrase in phrases:
            fuzz.partial_ratio(phrase, reply)

    results["naive"] = _summary(f"naive partial_ratio vs {lexicon} phrases", _timed(naive, sample[:baseline_replies]))
    speedup = results["naive"]["median"] / results["large"]["median"]
    print(f"speed-up over the naive baseline at {lexicon} phrases: {speedup:.0f}x (median)")
    results["speedup"] = speedup
    return results


def main() -> None:
    scorer_benchmark()


if __name__ == "__main__":
    main()
