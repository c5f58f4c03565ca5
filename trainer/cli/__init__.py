"""The ``trainer`` command line. The click group is in ``group``, so that importing a click-free
module of this package (``scoring``, ``output``, ``common``) does not import click."""
