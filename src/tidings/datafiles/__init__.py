"""The data contract: how the files under ``data/`` are read and what each may contain.

``read`` parses every data file the same way (libyaml, or the TSV reader) and can say on which line any value
stands; ``schema`` declares, per kind of file, every key, its type and whether it is required; ``check`` holds a
parsed file to its schema. The loaders of the knowledge base, the lexicon, the themes, the modality words, the
CAMEO table and the PLOVER classes all read through here, so an unknown key or a wrong type is an error with a file
and a line wherever the file is used, and ``docs/data-files.md`` is checked against the same schemas.

The package is named for what it guards (the data files), not ``schema``: the store has a row schema of its own.
It sits at the bottom of the data flow and imports nothing of tidings but ``errors``.
"""
