"""Issue 14, readers: plain text normalised as a reader of the page saw it (``readers.plaintext``).

Every text here is written for these tests. What is checked: character references decoded (also when escaped
twice), bare ampersands kept, decoded comments and tags removed, wiki quote runs stripped while real apostrophes
stay, normalising twice gives the text of once, every plain-text reader stores the normalised text (spans point
into it), HTML and feeds are not decoded a second time, and a quotation written with ``&quot;`` is found with its
speaker and gives the speaker's event exactly as the same sentence with real quotation marks does.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.models import Item, Reject
from tidings.readers.files import iter_records
from tidings.readers.plaintext import normalise

QUOTED = '"We will never negotiate with Russia," said a spokesman for the Ukrainian army.'
ESCAPED = QUOTED.replace('"', "&quot;")


@pytest.mark.parametrize("raw, clean", [
    ("The envoy said &quot;no&quot; twice.", 'The envoy said "no" twice.'),
    ("Trade &amp; aid ministers met.", "Trade & aid ministers met."),
    ("The &#8220;deal&#8221; and the &#x2019;90s", "The \u201cdeal\u201d and the \u201990s"),
    ("Talks ended &amp;mdash; for now.", "Talks ended \u2014 for now."),  # escaped twice
    ("He said &amp;amp;quot;wait&amp;amp;quot;.", 'He said "wait".'),  # three times
    ("&#38;quot;odd&#38;quot;", '"odd"'),  # a numeric ampersand that spells a reference
    ("A&amp;B and C&lt;D", "A&B and C<D"),
])
def test_character_references_are_decoded(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize("text", [
    "AT&T and R&D budgets",
    "Barnes&Noble and Marks & Spencer",
    "&copy 2024 and &pound5 and &nosuchthing",  # no semicolon: not a reference to decode
    "a < b, x<y and z>w, and 3 > 2",
    "rock 'n' roll",
])
def test_text_without_residue_is_left_as_it_is(text: str) -> None:
    assert normalise(text) == text


@pytest.mark.parametrize("raw, clean", [
    ("First line&lt;br /&gt;second line", "First line\nsecond line"),
    ("Before &lt;!-- an editor's hidden note --&gt;after", "Before after"),
    ("<p>One.</p><p>Two.</p>", "\nOne.\n\nTwo.\n"),
    ('See <a href="x">the report</a> and <sup>1</sup>.', "See the report and 1."),
    ("Text <!-- a comment never closed", "Text <!-- a comment never closed"),  # nothing after it is lost
])
def test_comments_and_tags_are_removed(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("The ''Daily Courier'' reported it.", "The Daily Courier reported it."),
    ("'''Monday, 3 May''' The minister resigned.", "Monday, 3 May The minister resigned."),
    ("voting '''''yes''''' again", "voting yes again"),
    ("on the '''' programme", "on the  programme"),  # an empty italic left by a stripped link
    ("The ''Harbour Gazette'''s editor", "The Harbour Gazette's editor"),  # italics closed before a possessive
    ("the ''Sentinel''s reporter", "the Sentinel's reporter"),
    ("''Ke''nya and ''Ug''anda", "Kenya and Uganda"),
    ("&#39;&#39;Evening Post&#39;&#39; said", "Evening Post said"),  # a run spelled as references
])
def test_wiki_quote_runs_are_stripped(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("He warned of ``grave consequences'' for the talks.", 'He warned of "grave consequences" for the talks.'),
    ("``We are ready,'' the envoy said. ``The minister's offer stands.''",
     '"We are ready," the envoy said. "The minister\'s offer stands."'),
    ("an ``opening with no close", "an ``opening with no close"),
])
def test_backtick_quotations_become_quotation_marks(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize("text", [
    "O'Neill met O'Brien in Côte d'Ivoire.",
    "Pakistan's army and the leaders' talks",
    "the ministers' 'final offer' was 'unacceptable'",
    "the '90s and rock 'n' roll",
])
def test_real_apostrophes_are_kept(text: str) -> None:
    assert normalise(text) == text


def test_normalising_twice_gives_the_text_of_once() -> None:
    written = ["The ''Daily Courier'''s &amp;quot;editor&amp;quot; &lt;br&gt;said", "&amp;amp;lt;b&amp;amp;gt;x",
               "'''&#39;&#39;'''", "<<b>br>", "``a''' b", "````x''''", "``&quot;''", "&<i></i>quot;", "''<b>'</b>'",
               "O'Neill's"]
    rng = random.Random(14)
    alphabet = ["'", "''", "``", "&", "amp;", "quot;", "#39;", "lt;", "gt;", "<", ">", "br", "/", "!--", "--", "s", "a",
                " ", "b", "=", '"']
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for text in written + fuzz:
        once = normalise(text)
        assert normalise(once) == once, text


def _items(paths: list[Path]) -> tuple[list[Item], list[Reject]]:
    out = list(iter_records(paths))
    return [r for r in out if isinstance(r, Item)], [r for r in out if isinstance(r, Reject)]


def test_plain_text_readers_store_the_normalised_text(tmp_path: Path) -> None:
    raw = "The ''Daily Courier'' said &quot;the port reopened&quot; on Monday."
    clean = 'The Daily Courier said "the port reopened" on Monday.'
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": raw}) + "\n" + json.dumps({"text": "'''' &lt;br&gt;"})
                                      + "\n" + json.dumps({"text": raw.replace("Monday", "Tuesday")}) + "\n",
                                      encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"text": raw}]), encoding="utf-8")
    items, rejects = _items([tmp_path])
    assert [i.article.text for i in items] == [clean, clean, clean.replace("Monday", "Tuesday"), clean]
    assert len({i.text_hash for i in items}) == 2  # the same article, whichever file it came in
    # a record of markup only is that record's reject, with a one-line reason; the records after it are read
    assert [(r.locator, r.reason) for r in rejects] == [("line 2", f"{tmp_path / 'b.jsonl'} line 2 is empty once "
                                                                     "its markup is removed")]


def test_html_and_feeds_are_not_decoded_twice(tmp_path: Path) -> None:
    """Pages and feeds are decoded by their parsers; the plain-text step must not run on what they give. A feed
    entry that shows "&quot;" and wiki quotes literally (an article about markup) keeps them. trafilatura
    unescapes its own output once more (its behaviour, not tidings'), so a page is checked with what that leaves:
    a tag written out and the two apostrophes stay as the page shows them."""
    shown = "The manual says to write &amp;quot; and &amp;lt;br&amp;gt; and ''two apostrophes'' for italics."
    body = " ".join(["The committee published its annual report on the regional water supply today."] * 6)
    page = (f"<html><head><title>Water report</title></head><body><article><h1>Water report</h1><p>{body}</p>"
            f"<p>{shown}</p></article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Markup</title>'
            f"<description>{shown.replace('&', '&amp;')}</description></item></channel></rss>")
    (tmp_path / "wire.rss").write_text(feed, encoding="utf-8")
    items, rejects = _items([tmp_path])
    assert not rejects
    html_text, feed_text = (i.article.text for i in items)
    assert "and <br> and ''two apostrophes'' for italics" in html_text
    assert "write &quot; and &lt;br&gt; and ''two apostrophes'' for italics" in feed_text


def _speech(coded: dict) -> tuple[list, list]:
    quotes = [(q["text"], q["speaker"]["country"] if q["speaker"] else None, q["span"]) for q in coded["quotes"]]
    events = [(e["source"]["country"], (e["target"] or {}).get("country"), e["cameo"], e["source_from"])
              for e in coded["events"]]
    return quotes, events


def test_tidings_code_finds_an_escaped_quotation_and_its_speakers_event(tmp_path: Path) -> None:
    """``tidings code`` (the real command, in a subprocess) on a file written with ``&quot;`` and on one with
    real quotation marks: the same quote, speaker and speaker's event, at the same spans."""
    outs = []
    for name, text in (("escaped.txt", ESCAPED), ("real.txt", QUOTED)):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "tidings.cli", "code", str(f), "--date", "2021-03-01",
                               "--no-model"], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outs.append(json.loads(proc.stdout))
    escaped, real = outs
    assert escaped["article"]["id"] == real["article"]["id"]  # the id is the hash of the text: the same text
    assert _speech(escaped) == _speech(real)
    quotes, events = _speech(escaped)
    assert [(q[0], q[1]) for q in quotes] == [("We will never negotiate with Russia,", "UKR")]
    assert [e for e in events if e[:2] == ("UKR", "RUS") and e[2].startswith("12") and e[3] == "speaker"]


def test_an_escaped_quotation_in_a_json_line_is_coded_as_a_real_one(tmp_path: Path, pipe) -> None:  # noqa: ANN001
    f = tmp_path / "wire.jsonl"
    f.write_text(json.dumps({"date": "2021-03-01", "text": ESCAPED}) + "\n"
                 + json.dumps({"date": "2021-03-01", "text": QUOTED}) + "\n", encoding="utf-8")
    items, _ = _items([f])
    escaped, real = (pipe.code(i.article).to_dict() for i in items)
    assert _speech(escaped) == _speech(real)
    assert any(e[3] == "speaker" and e[:2] == ("UKR", "RUS") for e in _speech(escaped)[1])
    before = pipe.code(ESCAPED).to_dict()  # what the coder made of the raw text before it was normalised
    assert not before["quotes"]
