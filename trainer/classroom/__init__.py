"""Classroom drills led by a trainer: plans, timers, observers, overrides and the scoreboard."""
