"""The time series of relations between two countries: both directions and combined, per day, week, month or year.

Counts are of deduplicated events (one real-world event reported by ten outlets counts once; ``mentions`` keeps
the coverage weight). Raw counts grow with how much news was ingested, so each period also gives ``share``: dyad
events over all events involving either country that period, which is comparable across periods and corpora.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from tidings.errors import InputError

QUAD_COLUMNS = ("q0_neutral", "q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict", "q4_material_conflict")
SERIES_COLUMNS = ("period", "direction", "events", *QUAD_COLUMNS, "goldstein_sum", "goldstein_mean", "mentions",
                  "coverage", "share")
_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}


def _start(day: dt.date, by: str) -> pd.Timestamp:
    ts = pd.Timestamp(day)
    if by == "week":
        return ts - pd.Timedelta(days=ts.weekday())
    if by == "month":
        return ts.replace(day=1)
    if by == "year":
        return ts.replace(month=1, day=1)
    return ts


def dyad_series(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str = "month",
                date_from: dt.date | None = None, date_to: dt.date | None = None,
                modality: str = "asserted") -> pd.DataFrame:
    """One row per period and direction (``A->B``, ``B->A``, ``A<->B``), empty periods filled with zeros.

    ``modality`` defaults to asserted events: "will visit" and "did not attack" are not things that happened;
    pass ``all`` to count every modality.
    """
    a, b = a.strip().upper(), b.strip().upper()
    if by not in _FREQ:
        raise InputError(f"unknown --by {by!r}: use day, week, month or year")
    if a == b:
        raise InputError("a dyad needs two different countries")
    where = ["date IS NOT NULL", "(source_country IN (?, ?) OR target_country IN (?, ?))"]
    params: list[object] = [a, b, a, b]
    if date_from:
        where.append("date >= ?")
        params.append(date_from)
    if date_to:
        where.append("date <= ?")
        params.append(date_to)
    if modality != "all":
        where.append("modality = ?")
        params.append(modality)
    ev = con.execute("SELECT date_trunc(?, date) AS period, source_country AS s, target_country AS t, quad_class, "
                     "goldstein, num_mentions FROM events WHERE " + " AND ".join(where), [by, *params]).df()
    labels = {(a, b): f"{a}->{b}", (b, a): f"{b}->{a}"}
    combined = f"{a}<->{b}"
    if ev.empty and not (date_from and date_to):
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    ev["period"] = pd.to_datetime(ev["period"])
    lo = _start(date_from, by) if date_from else ev["period"].min()
    hi = _start(date_to, by) if date_to else ev["period"].max()
    periods = pd.date_range(lo, hi, freq=_FREQ[by])
    coverage = ev.groupby("period").size()
    in_dyad = pd.Series([(s, t) in labels for s, t in zip(ev["s"], ev["t"], strict=True)], index=ev.index, dtype=bool)
    dyad = ev[in_dyad].copy()
    dyad["direction"] = [labels[(s, t)] for s, t in zip(dyad["s"], dyad["t"], strict=True)]
    frames = []
    for direction in (*labels.values(), combined):
        part = dyad if direction == combined else dyad[dyad["direction"] == direction]
        g = part.groupby("period")
        out = pd.DataFrame(index=periods)
        out["events"] = g.size()
        for q, col in enumerate(QUAD_COLUMNS):
            out[col] = part[part["quad_class"] == q].groupby("period").size()
        out["goldstein_sum"] = g["goldstein"].sum()
        out["mentions"] = g["num_mentions"].sum()
        out = out.fillna(0)
        out["goldstein_mean"] = (out["goldstein_sum"] / out["events"]).where(out["events"] > 0)
        out["coverage"] = coverage.reindex(periods).fillna(0)
        out["share"] = (out["events"] / out["coverage"]).where(out["coverage"] > 0)
        out["direction"] = direction
        frames.append(out.rename_axis("period").reset_index())
    df = pd.concat(frames, ignore_index=True)
    for col in ("events", *QUAD_COLUMNS, "mentions", "coverage"):
        df[col] = df[col].astype(int)
    df["goldstein_sum"] = df["goldstein_sum"].round(3)
    df["goldstein_mean"] = df["goldstein_mean"].round(3)
    df["share"] = df["share"].round(4)
    df["period"] = df["period"].dt.date
    return df.sort_values(["period", "direction"], key=_direction_order(labels, combined),
                          kind="stable").reset_index(drop=True)[list(SERIES_COLUMNS)]


def _direction_order(labels: dict, combined: str):  # noqa: ANN202 - a pandas sort key
    order = {name: i for i, name in enumerate((*labels.values(), combined))}
    return lambda col: col.map(order) if col.name == "direction" else col


def plot_series(df: pd.DataFrame, a: str, b: str, out: str) -> None:
    """A two-panel PNG: events per period by direction, and mean Goldstein (cooperation above 0, conflict below)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: this runs on servers and in CI
    import matplotlib.pyplot as plt

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    for direction, part in df.groupby("direction", sort=False):
        x = pd.to_datetime(part["period"])
        style = "-" if "<->" not in direction else "--"
        top.plot(x, part["events"], style, marker="o", label=direction)
        bottom.plot(x, part["goldstein_mean"], style, marker="o", label=direction)
    top.set_ylabel("events")
    top.set_title(f"{a.upper()} - {b.upper()} relations")
    top.legend()
    bottom.axhline(0, color="grey", linewidth=0.8)
    bottom.set_ylabel("mean Goldstein")
    bottom.set_ylim(-10.5, 10.5)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
