"""YAML read with line and column kept, and the located problems every loader reports.

Shared by rubric, scenario and test-file loaders so a mistake always names its file, line and column.
"""
