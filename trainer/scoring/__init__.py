"""Judging one reply: rubrics, concept matching and the reply scorer.

Knows phrases and techniques but not conversations; the dialogue layer asks it about each reply.
"""
