"""``python -m tidings.cli``: the same entry point as the ``tidings`` script."""

from tidings.cli.main import main

main()
