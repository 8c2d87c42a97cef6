"""Human-readable output: a table of events, quotes and amounts for people, next to the JSON for programs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .models import Actor, CodedArticle


def _actor(a: Actor | None) -> str:
    if a is None:
        return "—"
    who = a.name or a.text
    bits = [b for b in (a.country, a.sector) if b]
    return f"{who} [{' '.join(bits)}]" if bits else who


def print_table(coded: CodedArticle, console: Console | None = None) -> None:
    console = console or Console(width=200)
    t = Table(title=f"Events — article {coded.article.id} ({coded.article.date or 'no date'})", show_lines=False)
    for col in ("#", "source", "event", "target", "CAMEO", "PLOVER", "Gold.", "modality", "trigger"):
        t.add_column(col, overflow="fold")
    for e in coded.events:
        mod = e.modality.value + (" (reported)" if e.reported else "")
        t.add_row(str(e.sentence), _actor(e.source), e.cameo_name, _actor(e.target), e.cameo, e.plover or "",
                  f"{e.goldstein:+.1f}", mod, e.trigger)
    console.print(t)
    if coded.quotes:
        q = Table(title="Quotes")
        q.add_column("speaker")
        q.add_column("quote", overflow="fold")
        for quote in coded.quotes:
            q.add_row(_actor(quote.speaker), quote.text)
        console.print(q)
    if coded.amounts:
        m = Table(title="Amounts")
        for col in ("value", "qualifier", "object", "text"):
            m.add_column(col, overflow="fold")
        for a in coded.amounts:
            m.add_row(f"{a.value:g}", a.qualifier or "", a.object or "", a.text)
        console.print(m)
