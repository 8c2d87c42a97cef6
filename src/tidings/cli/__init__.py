"""The ``tidings`` command line: ``app`` (the Typer app), one module per command group, ``main`` the entry point."""
