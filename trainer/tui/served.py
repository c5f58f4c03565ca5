"""How a ``trainer`` process learns it is a browser tab of ``trainer serve``.

A module of its own so the app can read it without importing the server (aiohttp, jinja2 and
textual-serve cost ~200 ms of every start).
"""

SERVED_ENV = "TRAINER_SERVED"
