"""Reusable pieces of the screens; their styles live in ``trainer/tui/app.tcss``."""
