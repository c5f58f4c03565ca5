"""Lint benchmark: generate many scenario files, lint them all, print time and peak memory.

Run with ``trainer lint --bench 1000`` (or ``python -m trainer.bench.lint 1000``). Files are built
from the ``trainer new`` scaffold plus a seeded number of extra nodes, so they are about the size
of a real scenario, come with test files, and every tenth has an unreachable node to report.
Figures are printed, never asserted.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from trainer import paths
from trainer.authoring.lint import LintContext, LintReport, lint_paths, load_context
from trainer.authoring.scaffold import scaffold

SEED = 20101022


def _extra_nodes(count: int, rng: random.Random, orphan: bool) -> str:
    """A chain of extra nodes between ``serving`` and ``closing`` (appended under ``nodes:``)."""
    blocks = []
    for i in range(count):
        target = f"extra-{i + 1}" if i + 1 < count else "closing"
        blocks.append(f"""
  extra-{i}:
    say:
      - 第{i + 1}个追问:{'、'.join(rng.sample(['手续费', '到账时间', '限额', '密码', '回单', '身份证', '预约'], 3))}怎么算?
    key_points: [{{id: solution, weight: 2}}, timeframe]
    reference: 我马上帮您办理,大约{rng.randint(2, 9)}分钟就好,请您稍等。
    branches:
      - when: {{forbidden: any}}
        mood: {rng.randint(10, 30)}
        goto: complaint
      - when: {{any: [solution, timeframe, confirm-need], at_least: {rng.randint(1, 2)}}}
        mood: -{rng.randint(5, 20)}
        goto: {target}
    fallback:
      - when: {{misses_at_least: 2}}
        goto: walked-out
      - mood: 10
        say: [请您说清楚一点。]
""")
    if orphan:
        blocks.append("""
  orphan:
    say: [没有分支会来到这里。]
    reference: 谢谢。
    fallback:
      - goto: walked-out
""")
    return "".join(blocks)


def generate(directory: Path, count: int, seed: int = SEED) -> int:
    """Write ``count`` scenarios (and test files) into ``directory``; returns the bytes written."""
    rng = random.Random(seed)
    schema = Path(paths.schema_path()).resolve().as_posix()
    total = 0
    for n in range(count):
        ident = f"bench-{n:05d}"
        text, tests = scaffold(ident, schema)
        extra = rng.randint(2, 8)
        text = text.replace("        goto: closing\n        because: 有行动、有时间,客户放心了。",
                            "        goto: extra-0\n        because: 有行动、有时间,客户放心了。", 1)
        text = text.replace("\n  closing:\n", _extra_nodes(extra, rng, n % 10 == 0) + "\n  closing:\n", 1)
        for path, body in ((directory / f"{ident}.yaml", text), (directory / f"{ident}.test.yaml", tests)):
            path.write_text(body, encoding="utf-8")
            total += len(body.encode("utf-8"))
    return total


def _timed_lint(directory: Path, context: LintContext) -> tuple[LintReport, float]:
    start = time.perf_counter()
    report = lint_paths([directory], context)
    return report, time.perf_counter() - start


def lint_benchmark(count: int = 1000, seed: int = SEED, out=None) -> dict:
    out = out or sys.stdout
    context, rubric_problems = load_context()
    if rubric_problems:
        print(f"note: the rubrics do not load ({len(rubric_problems)} problem(s)); rubric ids are not checked", file=out)
    scale = 1024 if sys.platform != "darwin" else 1
    with tempfile.TemporaryDirectory(prefix="trainer-lint-bench-") as tmp:
        directory = Path(tmp)
        start = time.perf_counter()
        size = generate(directory, count, seed)
        made = time.perf_counter() - start
        print(f"generated {count} scenario files (+{count} test files, {size / 1e6:.1f} MB) in {made:.2f} s", file=out)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        report, elapsed = _timed_lint(directory, context)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        _, traced = _timed_lint(directory, context)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    result = {
        "files": count, "seconds": elapsed, "ms_per_file": elapsed * 1000 / count, "files_per_second": count / elapsed,
        "parser": "libyaml" if yaml.__with_libyaml__ else "pure Python", "errors": len(report.errors), "warnings": len(report.warnings),
        "peak_traced_mb": peak / 1e6, "max_rss_mb": rss_after * scale / 1e6,
        "rss_growth_mb": (rss_after - rss_before) * scale / 1e6,
    }
    print(f"lint of {count} files: {elapsed:.2f} s  ({result['ms_per_file']:.2f} ms/file, "
          f"{result['files_per_second']:.0f} files/s, {result['parser']} YAML parser)", file=out)
    print(f"found {result['errors']} error(s), {result['warnings']} warning(s) "
          f"(expected: 0 errors, {(count + 9) // 10} unreachable-node warnings)", file=out)
    print(f"peak Python memory while linting (tracemalloc, second pass, {traced:.2f} s traced): "
          f"{result['peak_traced_mb']:.1f} MB", file=out)
    print(f"process max RSS: {result['max_rss_mb']:.0f} MB (grew {result['rss_growth_mb']:.0f} MB during the first pass)",
          file=out)
    return result


def main() -> None:
    lint_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)


if __name__ == "__main__":
    main()
