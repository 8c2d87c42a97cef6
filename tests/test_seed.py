"""The seed article: what a user who codes it must see (issue 2, acceptance 2)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED, run_cli


def _events(coded, root, src=None, tgt=None):
    return [e for e in coded.events if e.cameo_root == root
            and (src is None or e.source.country == src)
            and (tgt is None or (e.target is not None and e.target.country == tgt))]


def test_china_hosts_south_korean_president_in_the_future(seed):
    hosts = [e for e in _events(seed, "04", "CHN", "KOR") if e.modality.value == "future"]
    assert hosts, [e.to_dict() for e in seed.events]
    e = hosts[0]
    assert e.cameo == "043"
    assert e.source.name == "Xi Jinping" and e.source.sector == "GOV"
    assert e.target.name == "Lee Jae Myung" and e.target.sector == "GOV"
    assert e.plover == "CONSULT"
    # evidence links back to the exact text
    text = SEED.read_text(encoding="utf-8")
    assert text[e.trigger_span.start:e.trigger_span.end] == "host"
    assert text[e.source.span.start:e.source.span.end].endswith("Xi Jinping")
    assert "will host" in e.evidence


def test_beijing_intent_to_strengthen_ties_with_seoul(seed):
    intents = [e for e in _events(seed, "03", "CHN", "KOR") if e.trigger == "intent"]
    assert intents
    assert intents[0].source.text.startswith("Beijing") and intents[0].target.text == "Seoul"
    assert intents[0].plover == "AGREE" and intents[0].sentence == 2


def test_north_korea_dismissed_the_outreach(seed):
    rejects = _events(seed, "12", "PRK", "KOR")
    assert rejects and rejects[0].plover == "REJECT"
    assert rejects[0].modality.value == "asserted"


def test_persuading_china_is_an_appeal(seed):
    appeals = _events(seed, "02", "KOR", "CHN")
    assert appeals
    # "facilitate dialogue" is part of the appeal, not an event of its own
    assert not [e for e in seed.events if e.trigger.startswith("facilitate")]


def test_quotes_have_speakers_with_roles(seed):
    by_name = {q.speaker.name: q for q in seed.quotes if q.speaker}
    kang = by_name["Kang Jun-young"]
    assert (kang.speaker.country, kang.speaker.sector) == ("KOR", "EDU")
    assert kang.text.startswith("China wants to emphasize")
    wi = by_name["Wi Sung-lac"]
    assert (wi.speaker.country, wi.speaker.sector) == ("KOR", "GOV")
    assert wi.text == "new chapter"


def test_amounts_with_objects(seed):
    vals = {round(a.value, 3): a for a in seed.amounts}
    troops = vals[28500]
    assert troops.object == "US troops" and troops.qualifier == "about"
    half = vals[0.5]
    assert half.qualifier == "nearly" and "rare earth" in half.object and "supply" in half.object
    third = vals[0.333]
    assert "chip exports" in third.object
    deals = vals[10]
    assert deals.object == "deals" and deals.qualifier == "more than"


@pytest.mark.parametrize("text,country,sector", [
    ("Seoul", "KOR", "GOV"), ("Beijing", "CHN", "GOV"), ("Washington", "USA", "GOV"), ("Tokyo", "JPN", "GOV"),
    ("Huawei", "CHN", "BUS"), ("Nvidia", "USA", "BUS"),
])
def test_metonyms_and_companies_resolve(seed, text, country, sector):
    hits = [a for a in seed.actors if a.text.startswith(text)]
    assert hits, [a.text for a in seed.actors]
    assert (hits[0].country, hits[0].sector) == (country, sector)


def test_no_event_invents_a_country(seed):
    implied = {"CHN", "KOR", "PRK", "USA", "JPN", "TWN"}
    for e in seed.events:
        assert e.source.country in implied, e.to_dict()
        assert e.target is None or e.target.country in implied, e.to_dict()


def test_cli_json_is_stable(tmp_path):
    out = run_cli("code", str(SEED), "--date", "2026-01-02")
    assert out.returncode == 0, out.stderr.decode()
    doc = json.loads(out.stdout)
    assert doc["article"]["date"] == "2026-01-02"
    ev = doc["events"][0]
    for key in ("source", "target", "cameo", "cameo_root", "plover", "goldstein", "quad_class", "modality",
                "reported", "sentence", "evidence", "spans", "confidence"):
        assert key in ev
    assert set(ev["spans"]) == {"source", "target", "trigger"}
    assert {"speaker", "text", "span"} <= set(doc["quotes"][0])
    assert {"value", "text", "object", "qualifier", "span"} <= set(doc["amounts"][0])


def test_cli_table_and_stdin():
    text = SEED.read_bytes()
    out = run_cli("code", "-", "--date", "2026-01-02", "--format", "table", stdin=text)
    assert out.returncode == 0, out.stderr.decode()
    table = out.stdout.decode()
    assert "Xi Jinping" in table and "Host a visit" in table and "Kang Jun-young" in table
