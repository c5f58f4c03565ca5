"""Loading the rubrics and the scenario library together, as every entry point needs both.

Scenario key points are checked against the rubric ids, so the rubrics load first. Both come
from the compiled-content cache when their files (and the code) are unchanged, so the app's
scenario list and every served session start without re-reading any YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer import cache, paths
from trainer.dialogue.scenario_loader import Library, load_library
from trainer.located.values import MAX_FILE_BYTES
from trainer.scoring.scorer import Scorer, load_scorer, scorer_key
from trainer.dialogue.understanding import rubric_ids


@dataclass
class Catalog:
    scorer: Scorer
    library: Library


def compiled_library(folder: Path, rubrics: Path, scorer: Scorer, use_cache: bool = True) -> Library:
    """Broken scenario files are part of what is cached: their problems come back with the rest."""
    key = cache.content_key("library", folder, MAX_FILE_BYTES, extra=scorer_key(rubrics))
    found = cache.load("library", key) if use_cache else None
    if isinstance(found, Library):
        return found
    library = load_library(folder, rubric_ids(scorer.rubrics))
    if use_cache:
        cache.save("library", key, library)
    return library


def load_catalog(scenarios: Path | None = None, rubrics: Path | None = None) -> Catalog:
    """Raises ContentError only for broken rubrics; broken scenarios land in ``library.problems``."""
    rubrics = (rubrics or paths.rubrics_dir()).resolve()
    scorer = load_scorer(rubrics)
    return Catalog(scorer, compiled_library(scenarios or paths.scenarios_dir(), rubrics, scorer))
