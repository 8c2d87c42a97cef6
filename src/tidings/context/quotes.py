"""Direct quotations and their speakers: the article's quotes, as the extractor found them.

The attribution itself (the speech verb's subject, "He added", bare quotations continuing the last speaker,
scare quotes) lives in ``events.speech``, because the extractor needs it first: a quoted "we" is the speaker.
The pipeline finds the quotations once per article and hands them both to the extractor and to the article.
"""

from __future__ import annotations

from tidings.events.speech import find_quotes

extract_quotes = find_quotes

__all__ = ["extract_quotes"]
