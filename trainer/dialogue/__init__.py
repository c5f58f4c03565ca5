"""Conversations: the scenario model and loader, the engine, session scores, playback and recording.

Sits on scoring and beside the store; authoring, classroom, CLI and TUI all play scenarios through it.
"""
