"""Benchmarks that print figures: speed goals are measured here, never asserted in tests.

Run with ``trainer bench``: in one run, each figure beside its baseline or goal. Cold starts are
fresh processes (the cache in a temporary folder, so the user's own is never used or changed);
replies and the large lexicon are generated from a fixed seed, so two runs on one machine
measure the same work.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz

from trainer.scoring.rubric import Rubrics, load_rubrics
from trainer import paths
from trainer.scoring.scorer import Scorer, load_scorer
from trainer.language.templates import check

SEED = 20101022
BARE = "import rapidfuzz, ahocorasick, opencc, yaml"
COLD_REPLY = "这是规定,我也没办法。"
COLD_GOAL, MEDIAN_GOAL_US, P99_GOAL_US, SESSION_GOAL_MIB = 2.0, 100.0, 1000.0, 60.0
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
    """The shipped rubric grown by generated phrases, its second opinion trained as shipped."""
    template = base.forbidden[0]
    extra = [
        template._replace(id=f"gen-{i}", phrase=p, forms=((p, check(p)),), allow=())
        for i, p in enumerate(phrases)
    ]
    return Scorer(Rubrics(forbidden=base.forbidden + extra, polite=base.polite, techniques=base.techniques,
                          examples=base.examples))


TRIES = 3


def _timed(fn, items: list[str], tries: int = TRIES) -> list[float]:
    """Each item's best of a few calls: what the work costs, not when another process took the CPU."""
    costs = []
    for item in items:
        best = float("inf")
        for _ in range(tries):
            start = time.perf_counter()
            fn(item)
            best = min(best, time.perf_counter() - start)
        costs.append(best)
    return costs


def _summary(label: str, costs: list[float]) -> dict:
    ordered = sorted(costs)
    median = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label:52} median {median * 1e6:9.1f} µs   p99 {p99 * 1e6:9.1f} µs   (n={len(costs)})")
    return {"median": median, "p99": p99}


def _trainer_command() -> list[str]:
    """The console script a trainee runs, when installed beside this interpreter."""
    script = Path(sys.executable).with_name("trainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trainer"]


def _process_seconds(command: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one process; CPU time barely moves when
    other work shares the machine, so both are shown."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _env(home: str, cache: str) -> dict:
    """A trainee's environment with the cache in a temporary folder. On Linux the folder is found
    as a trainee's is (platformdirs, under XDG_CACHE_HOME), so that lookup is timed too; elsewhere
    platformdirs would find the user's own folder, so TRAINER_CACHE names it."""
    from trainer.bench.startup import child_env

    env = child_env(TRAINER_HOME=home)
    env.pop(paths.CACHE_ENV, None)
    return env | ({"XDG_CACHE_HOME": cache} if sys.platform.startswith("linux") else {paths.CACHE_ENV: cache})


def cold_start_benchmark(runs: int = 7) -> dict:
    """Alternating runs so machine noise hits both alike; the first round only warms the OS."""
    score = _trainer_command() + ["score", COLD_REPLY]
    times: dict[str, list[tuple[float, float]]] = {"bare": [], "score": [], "empty": []}
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as tmp:
        env = _env(tmp, str(Path(tmp) / "cache"))
        for run in range(runs + 1):
            figures = {"bare": _process_seconds([sys.executable, "-c", BARE], env),
                       "score": _process_seconds(score, env),
                       "empty": _process_seconds(score, _env(tmp, str(Path(tmp) / f"empty-{run}")))}
            if run:
                for name, figure in figures.items():
                    times[name].append(figure)
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    ratio, cpu_ratio = wall["score"] / wall["bare"], cpu["score"] / max(cpu["bare"], 1e-9)
    print(f"Cold start, fresh processes, median of {runs} (wall clock, and CPU time in brackets); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs:")
    print(f"  bare python -c \"{BARE}\"    {wall['bare'] * 1000:6.0f} ms  ({cpu['bare'] * 1000:4.0f} ms)")
    print(f"  trainer score (one reply, compiled rubric cached)        {wall['score'] * 1000:6.0f} ms  "
          f"({cpu['score'] * 1000:4.0f} ms)   ratio {ratio:.2f} ({cpu_ratio:.2f})   goal at most {COLD_GOAL:.2f}")
    print(f"  trainer score with an empty cache (compiles, then caches) {wall['empty'] * 1000:5.0f} ms  "
          f"({cpu['empty'] * 1000:4.0f} ms)")
    return {"ratio": ratio, "cpu_ratio": cpu_ratio, "wall": wall, "cpu": cpu}


def _child_compile(mode: str) -> None:
    """Run in a fresh process: the modules are imported first, so only compiling is timed."""
    from trainer.dialogue.catalog import compiled_library
    from trainer.scoring.scorer import compiled_scorer

    rubrics, scenarios = paths.rubrics_dir().resolve(), paths.scenarios_dir()
    use_cache = mode != "yaml"
    start = time.perf_counter()
    scorer = compiled_scorer(rubrics, use_cache)
    middle = time.perf_counter()
    compiled_library(scenarios, rubrics, scorer, use_cache)
    print(json.dumps({"rubric": middle - start, "library": time.perf_counter() - middle}))


def _compile_in_child(mode: str, env: dict) -> dict:
    source = f"from trainer.bench.scoring import _child_compile; _child_compile({mode!r})"
    done = subprocess.run([sys.executable, "-c", source], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compile_benchmark() -> dict:
    """From YAML in a fresh process with an empty cache, then from the cache it left behind."""
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as tmp:
        env = _env(tmp, str(Path(tmp) / "cache"))
        cold = _compile_in_child("yaml", env)
        _compile_in_child("fill", env)
        cached = _compile_in_child("cache", env)
    print("Compile, fresh process each:")
    for part, label in (("rubric", "rubric (forbidden, polite, techniques)"), ("library", "scenario library")):
        print(f"  {label:40} from YAML {cold[part] * 1000:7.0f} ms   from cache {cached[part] * 1000:6.1f} ms"
              f"   {cold[part] / max(cached[part], 1e-9):.0f}x")
    return {"cold": cold, "cached": cached}


def _goals(result: dict) -> str:
    return (f"   goals {MEDIAN_GOAL_US:.0f} µs / {P99_GOAL_US:.0f} µs: "
            + ("met" if result["median"] * 1e6 <= MEDIAN_GOAL_US and result["p99"] * 1e6 <= P99_GOAL_US else "NOT met"))


def scorer_benchmark(replies: int = 2000, lexicon: int = 5000, baseline_replies: int = 100) -> dict:
    rng = random.Random(SEED)
    sample = _replies(replies, rng)
    shipped = load_scorer()
    for reply in sample[:50]:
        shipped.score(reply)
    print(f"Reply scorer: {len(shipped.rubrics.forbidden)} shipped forbidden entries, {replies} generated replies "
          f"(avg {statistics.mean(map(len, sample)):.0f} chars), each reply's best of {TRIES}")
    results = {"shipped": _summary("shipped rubric (forbidden + polite)", _timed(shipped.score, sample))}
    print(_goals(results["shipped"]))
    _summary("shipped rubric + techniques (score --json)", _timed(lambda r: shipped.score(r, techniques=True), sample))
    phrases = _lexicon(lexicon, rng)
    start = time.perf_counter()
    large = _large_scorer(load_rubrics(paths.rubrics_dir()), phrases)
    print(f"built a {lexicon}-phrase lexicon scorer in {time.perf_counter() - start:.2f} s")
    for reply in sample[:50]:
        large.score(reply)
    results["large"] = _summary(f"shipped + {lexicon} generated phrases", _timed(large.score, sample))
    print(_goals(results["large"]))

    def naive(reply: str) -> None:
        for phrase in phrases:
            fuzz.partial_ratio(phrase, reply)

    results["naive"] = _summary(f"naive partial_ratio vs {lexicon} phrases", _timed(naive, sample[:baseline_replies], 1))
    speedup = results["naive"]["median"] / results["large"]["median"]
    print(f"speed-up over the naive baseline at {lexicon} phrases: {speedup:.0f}x (median)")
    results["speedup"] = speedup
    return results


def session_benchmark(runs: int = 3) -> float:
    from trainer.bench.startup import served_session_mib

    mib = served_session_mib(runs)
    print(f"Served session: one `trainer` app process started as textual-serve starts it, scenario list loaded "
          f"(median of {runs}): {mib:.1f} MiB resident   goal at most {SESSION_GOAL_MIB:.0f} MiB")
    return mib


def full_benchmark(replies: int = 2000, lexicon: int = 5000, runs: int = 7) -> dict:
    return {
        "cold": cold_start_benchmark(runs),
        "compile": compile_benchmark(),
        "scorer": scorer_benchmark(replies, lexicon),
        "session": session_benchmark(min(runs, 3)),
    }


def main() -> None:
    full_benchmark()


if __name__ == "__main__":
    main()
