"""Decide whether bytes are an article we can code, and say why not in one line.

Every reader goes through ``decode_article``: it is the single gate for empty, binary, oversized and mis-encoded
input, so the CLI and batch ingest give the same reasons.
"""

from __future__ import annotations

from tidings.errors import InputError

MAX_ARTICLE_BYTES = 5_000_000  # a news article is ~5-50 kB; 5 MB is a book, not an article
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
_CONTROL_BYTES = bytes(sorted(_CONTROL))


def decode_article(data: bytes, max_bytes: int = MAX_ARTICLE_BYTES, what: str = "input") -> str:
    """UTF-8 text ready for the pipeline, or InputError with a one-line reason."""
    if len(data) > max_bytes:
        raise InputError(
            f"{what} is {len(data) / 1e6:.1f} MB; one article may be at most {max_bytes / 1e6:.1f} MB "
            "(split it, or pass --max-bytes)"
        )
    if not data.strip():
        raise InputError(f"{what} is empty")
    head = data[:8192]
    # control bytes counted as what deleting them removes: one C call instead of a Python loop per byte
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) * 0.05:
        raise InputError(f"{what} looks binary, not text (NUL or control bytes); give a UTF-8 text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. iconv -f latin1 -t utf-8"
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{what} is empty")
    return text
