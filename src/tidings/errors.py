"""Errors a user can act on. The CLI prints their message on one line; no traceback reaches the user."""


class TidingsError(Exception):
    """Base class: the message says what went wrong and what to do about it."""

    exit_code = 1


class InputError(TidingsError):
    """The input cannot be read as an article (empty, binary, too large, undecodable)."""

    exit_code = 2


class ModelError(TidingsError):
    """No usable spaCy English pipeline could be loaded."""

    exit_code = 3


class DataFileError(TidingsError):
    """A knowledge-base or lexicon file is malformed."""

    exit_code = 4


def first_line(exc: BaseException, limit: int = 300) -> str:
    """The first line of an exception's message, at most ``limit`` characters (its type's name when it has none):
    the one-line reason a reject or an error message carries. Library messages (YAML, Spark, Java) run to pages;
    a reject list is read line by line."""
    lines = str(exc).strip().splitlines()
    return lines[0][:limit] if lines else type(exc).__name__
