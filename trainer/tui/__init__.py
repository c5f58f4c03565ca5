"""The terminal UI: screens and widgets that show what the core decides.

Nothing here scores, branches or aggregates; it asks the core packages (``trainer.scoring``, ``trainer.dialogue`` …) and ``trainer.store`` and
draws the answer, so the browser and classroom front-ends can never disagree with it.
"""
