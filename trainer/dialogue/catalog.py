"""Loading the rubrics and the scenario library together, as every entry point needs both.

Scenario key points are checked against the rubric ids, so the rubrics load first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer import paths
from trainer.dialogue.scenario_loader import Library, load_library
from trainer.scoring.scorer import Scorer, load_scorer
from trainer.dialogue.understanding import rubric_ids


@dataclass
class Catalog:
    scorer: Scorer
    library: Library


def load_catalog(scenarios: Path | None = None, rubrics: Path | None = None) -> Catalog:
    """Raises ContentError only for broken rubrics; broken scenarios land in ``library.problems``."""
    scorer = load_scorer(rubrics)
    library = load_library(scenarios or paths.scenarios_dir(), rubric_ids(scorer.rubrics))
    return Catalog(scorer, library)
