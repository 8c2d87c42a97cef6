"""The one map that moves character spans and sentence numbers from the parsed sub-text to the article.

The pre-filter sends only some sentences of an article to the parser, joined into one shorter text; everything
found in that text carries offsets into it. ``remap`` moves a whole typed result onto the article in one walk: every
``Span`` in it, at any depth (an event's actors, a location's mentions, a quote's speaker), and every field marked
``SENTENCE`` (a sentence number of the parsed text, renumbered among the article's sentences: the one that holds
the object's own span when the field names one as its "anchor", ``models.SENTENCE``). The walk is planned
once per class from the type hints, so a new span-carrying field needs no remap code of its own, and fields that
cannot hold a span (strings, numbers, a tuple of theme names) are never visited.
"""

from __future__ import annotations

import typing
from bisect import bisect_right
from dataclasses import dataclass, field, fields, is_dataclass, replace
from types import UnionType
from typing import Any, TypeVar

from tidings.models import SENTENCE, Span

T = TypeVar("T")


@dataclass(frozen=True)
class OffsetMap:
    """Offsets in the parsed sub-text -> offsets in the article.

    ``segments`` holds (start in the sub-text, start in the article, length) of each kept sentence, in order;
    ``sentence_starts`` the article's sentence starts, and ``parsed_sentence_starts`` where each of the parsed
    doc's sentences starts its words (in the sub-text: a quotation mark the parser put first may belong to the
    article's sentence before), for renumbering sentences; without them ``sentence`` cannot be asked."""

    segments: tuple[tuple[int, int, int], ...]
    sentence_starts: tuple[int, ...] = ()
    parsed_sentence_starts: tuple[int, ...] = ()
    _seg_starts: list[int] = field(init=False, repr=False, compare=False)
    _orig_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_seg_starts", [s[0] for s in self.segments])
        object.__setattr__(self, "_orig_starts", [s[1] for s in self.segments])

    def covers(self, x: int) -> bool:
        """Whether the article offset ``x`` lies in the parsed sub-text (in a kept sentence)."""
        k = bisect_right(self._orig_starts, x) - 1
        return k >= 0 and x < self.segments[k][1] + self.segments[k][2]

    def char(self, x: int) -> int:
        k = max(0, bisect_right(self._seg_starts, x) - 1)
        sub, orig, _ = self.segments[k]
        return orig + (x - sub)

    def span(self, sp: Span) -> Span:
        # the end is mapped through the last character, which lies in the same segment as the span's text
        return Span(self.char(sp.start), self.char(sp.end - 1) + 1 if sp.end > sp.start else self.char(sp.end))

    def sentence(self, i: int) -> int:
        """The article's sentence that holds the start of the words of the parsed doc's sentence ``i``."""
        return self.sentence_at(self.char(self.parsed_sentence_starts[i]))

    def sentence_at(self, x: int) -> int:
        """The article's sentence that holds the article offset ``x``."""
        return max(0, bisect_right(self.sentence_starts, x) - 1)


def remap(value: T, offsets: OffsetMap) -> T:
    """``value`` (a frozen dataclass, a tuple of them, a Span) with every span and sentence number moved."""
    if isinstance(value, Span):
        return offsets.span(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(remap(v, offsets) for v in value)  # type: ignore[return-value]
    plan = _plan(type(value))
    if not plan:
        return value
    changes: dict[str, Any] = {}
    for name, is_sentence, _ in plan:
        v = getattr(value, name)
        if v is not None and not is_sentence:
            changes[name] = remap(v, offsets)
    for name, is_sentence, anchor in plan:  # after the spans: a sentence number may be read from one of them
        v = getattr(value, name)
        if v is not None and is_sentence:
            at = changes.get(anchor) if anchor else None
            changes[name] = offsets.sentence_at(at.start) if isinstance(at, Span) else offsets.sentence(v)
    return replace(value, **changes)  # type: ignore[type-var]


_PLANS: dict[type, tuple[tuple[str, bool, str | None], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, bool, str | None], ...]:
    """(field name, is a sentence number, the span field it is read from or None) of the fields of ``cls`` that
    ``remap`` must visit; () for a class that holds no span. Read once per class from its type hints."""
    plan = _PLANS.get(cls)
    if plan is None:
        if not is_dataclass(cls):
            plan = ()
        else:
            _PLANS[cls] = ()  # a class that holds itself is walked through its other fields
            hints = typing.get_type_hints(cls)
            plan = tuple((f.name, f.metadata.get("offsets") == SENTENCE["offsets"], f.metadata.get("anchor"))
                         for f in fields(cls)
                         if f.metadata.get("offsets") == SENTENCE["offsets"] or _holds_span(hints[f.name]))
        _PLANS[cls] = plan
    return plan


def _holds_span(tp: Any) -> bool:
    """Whether a value of type ``tp`` can hold a Span: a Span, an optional one, a tuple of them, or a dataclass
    with such a field."""
    if tp is Span:
        return True
    if isinstance(tp, UnionType) or typing.get_origin(tp) in (typing.Union, tuple):
        return any(_holds_span(a) for a in typing.get_args(tp) if a is not Ellipsis)
    return isinstance(tp, type) and bool(_plan(tp))
