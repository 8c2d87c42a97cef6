"""Human-readable output: a table of events, quotes and amounts for people, next to the JSON for programs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tidings.models import Actor, CodedArticle


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


def print_eval(report: dict, console: Console | None = None) -> None:
    console = console or Console(width=160)
    t = Table(title=f"Accuracy ({report['convention']} convention)" if "convention" in report else "Accuracy")
    t.add_column("metric")
    t.add_column("value", justify="right")
    for k, v in report.items():
        if isinstance(v, (int, float)):
            t.add_row(k, f"{v:.4f}" if isinstance(v, float) else str(v))
    for part in ("split_dev", "split_check"):
        if part in report:
            for k, v in report[part].items():
                if k != "records":
                    t.add_row(f"{part}.{k}", f"{v:.4f}")
    console.print(t)
    if "per_type_recall" in report:
        p = Table(title="Recall by gold PLOVER type")
        p.add_column("type")
        p.add_column("records", justify="right")
        p.add_column("recall", justify="right")
        p.add_column("predicted instead (top)")
        for typ, row in report["per_type_recall"].items():
            conf = report["confusion"].get(typ, {})
            others = ", ".join(f"{k}:{v}" for k, v in sorted(conf.items(), key=lambda kv: -kv[1]) if k != typ)[:60]
            p.add_row(typ, str(row["records"]), f"{row['recall']:.2f}", others)
        console.print(p)
    if "per_class" in report:
        q = Table(title="Per QuadClass")
        for col in ("class", "precision", "recall", "f1", "support"):
            q.add_column(col)
        for k, v in report["per_class"].items():
            q.add_row(k, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"]))
        console.print(q)
    if report.get("actor_misses"):
        m = Table(title="Actor descriptions missed (country or sector)")
        for col in ("line", "split", "text", "date", "expected", "got"):
            m.add_column(col)
        for row in report["actor_misses"]:
            m.add_row(str(row["line"]), row["split"], row["text"], row["date"] or "", row["expected"], row["got"])
        console.print(m)
