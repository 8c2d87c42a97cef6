"""Property test of ``tidings.code``'s contract on arbitrary text (issue 18): it raises nothing but InputError,
every span it returns lies within the text, and ``to_dict()`` is valid JSON.

Text is drawn from all of Unicode, surrogates included, and from an alphabet of what makes tokenizers and the
pipeline work hard (brackets, quotes, newlines, digits, names the knowledge base knows, trigger words), so that
events, quotes and amounts do come out. Derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tidings.errors import InputError  # noqa: E402
from tidings.models import CodedArticle, Span  # noqa: E402
from tidings.pipeline import Pipeline  # noqa: E402

WORDS = ["Norway", "Denmark", "criticized", "met", "said", "the", "minister", "in", "Oslo", "on", "Monday",
         "$5 million", "(", ")", "[", "]", "{", "}", '"', "“", "”", "«", "»", ".", ",", ":", "\n", "\n\n", "  ",
         "3.5%", "1999", "\u00a0", "\ud800", "é", "北京"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=80).map("".join),
)


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def _spans(coded: CodedArticle) -> list[Span]:
    out: list[Span] = list(coded.sentences)
    for e in coded.events:
        out.append(e.trigger_span)
        out += [a.span for a in (e.source, e.target) if a is not None and a.span is not None]
    out += [q.span for q in coded.quotes] + [m.span for m in coded.amounts]
    out += [a.span for a in coded.actors if a.span is not None]
    if coded.context is not None:
        for loc in coded.context.locations:
            out += list(loc.spans)
    return out


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts)
def test_code_raises_only_input_errors_and_keeps_spans_within_the_text(pipe: Pipeline, text: str) -> None:
    try:
        coded = pipe.code(text, date="2026-01-02")
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line a user can act on
        return
    assert coded.article.text == text
    for span in _spans(coded):
        assert 0 <= span.start <= span.end <= len(text), (span, len(text))
    json.dumps(coded.to_dict(), allow_nan=False)
