"""Verb + object collocations that made no event or the wrong one (issue 14, "no trigger fires" and wrong
senses), on sentences written for these tests: a verb's own object is what it is done to, not the noun of a
phrase that says whom it is taken from, where it goes or where it happens ("captured the town from rebels" is an
occupation, not an arrest of rebels); envoys and aid dispatched or flown, observers sent, charges brought, towns
taken and control regained, calls brushed aside; "was met with" a reaction meets nobody; pressure put, exerted or
piled on an actor is a demand on it (10), as "pressured" is."""

from __future__ import annotations

import pytest

from tidings.pipeline import Pipeline


def events(pipe: Pipeline, text: str) -> list:
    return list(pipe.code(text, date="2025-06-01").events)


def sides(evs: list) -> list[tuple]:
    return [(e.source.country, e.cameo, e.target and e.target.country, e.rule) for e in evs]


def coded(pipe: Pipeline, text: str, code: str, src: str | None = None, tgt: str | None = None) -> bool:
    return any(e.cameo == code and (src is None or e.source.country == src)
               and (tgt is None or (e.target is not None and e.target.country == tgt)) for e in events(pipe, text))


@pytest.mark.parametrize("text", [
    "Syrian troops captured the town of Qusair from rebels on Sunday.",
    "Ethiopian forces captured the town of Shire from Tigrayan fighters.",
])
def test_a_place_taken_from_fighters_is_occupied_not_an_arrest(pipe: Pipeline, text: str) -> None:
    evs = events(pipe, text)
    assert any(e.cameo == "192" for e in evs) and not any(e.cameo == "173" for e in evs), sides(evs)


def test_people_captured_are_still_arrested(pipe: Pipeline) -> None:
    assert coded(pipe, "Nigerian soldiers captured a Boko Haram commander near Maiduguri.", "173", "NGA")


@pytest.mark.parametrize("text", [
    "The Kenyan plane was taken to a remote corner of the airport.",
    "The Iraqi minister's visit took place in the city of Basra.",
])
def test_a_place_a_thing_goes_to_or_happens_in_is_not_taken(pipe: Pipeline, text: str) -> None:
    evs = events(pipe, text)
    assert not any(e.cameo == "192" for e in evs), sides(evs)


@pytest.mark.parametrize(("text", "code"), [
    ("Japan pledged 100 million dollars in aid to Haiti.", "033"),
    ("Donor nations have promised to give 700 million dollars in disaster relief to Haiti.", "033"),
])
def test_an_amount_in_aid_is_still_aid(pipe: Pipeline, text: str, code: str) -> None:
    assert coded(pipe, text, code, tgt="HTI"), sides(events(pipe, text))


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("The Kremlin dispatched its deputy foreign minister to Tripoli on Monday.", "RUS", "LBY"),
    ("Seoul sent its unification minister to Pyongyang for a day of meetings.", "KOR", "PRK"),
])
def test_a_minister_or_envoy_sent_is_a_visit(pipe: Pipeline, text: str, src: str, tgt: str) -> None:
    assert coded(pipe, text, "042", src, tgt), sides(events(pipe, text))


@pytest.mark.parametrize(("text", "code"), [
    ("The Algerian air force flew tents and blankets to the flooded towns of eastern Libya.", "073"),
    ("China dispatched a rescue team to Nepal after the earthquake.", "073"),
    ("Turkey dispatched a convoy of aid trucks to Syria.", "070"),
])
def test_aid_flown_or_dispatched_is_aid(pipe: Pipeline, text: str, code: str) -> None:
    assert any(e.cameo == code for e in events(pipe, text)), sides(events(pipe, text))


@pytest.mark.parametrize("text", [
    "The African Union sent observers to the Malian election.",
    "The OSCE dispatched observers to eastern Ukraine.",
])
def test_observers_sent_are_monitoring(pipe: Pipeline, text: str) -> None:
    assert any(e.cameo == "090" and e.source.country == "IGO" for e in events(pipe, text)), sides(events(pipe, text))


@pytest.mark.parametrize(("text", "src"), [
    ("Brazilian prosecutors brought corruption charges against the former president.", "BRA"),
    ("Prosecutors in Seoul filed charges against the former South Korean defence minister.", "KOR"),
])
def test_charges_brought_are_legal_action(pipe: Pipeline, text: str, src: str) -> None:
    assert coded(pipe, text, "173", src), sides(events(pipe, text))


@pytest.mark.parametrize(("text", "src"), [
    ("Russian forces took the eastern Ukrainian town of Vuhledar after a long siege.", "RUS"),
    ("The Malian army regained control of the northern town of Anefis.", "MLI"),
    ("Houthi fighters wrested control of the Yemeni port from government forces.", "YEM"),
])
def test_a_town_taken_or_control_regained_is_occupation(pipe: Pipeline, text: str, src: str) -> None:
    assert coded(pipe, text, "192", src), sides(events(pipe, text))


@pytest.mark.parametrize(("text", "src"), [
    ("The Zimbabwean president brushed aside calls from church leaders to step down.", "ZWE"),
    ("The Hungarian government shrugged off EU demands to change the media law.", "HUN"),
    ("Pyongyang brushed off Seoul's offer of talks on family reunions.", "PRK"),
])
def test_calls_and_offers_brushed_aside_are_rejected(pipe: Pipeline, text: str, src: str) -> None:
    evs = events(pipe, text)
    assert any(e.cameo_root == "12" and e.source.country == src for e in evs), sides(evs)
    assert not any(e.cameo == "0831" for e in evs), sides(evs)  # nobody stepped down


@pytest.mark.parametrize("text", [
    "Iran warned Israel that any attack would be met with a crushing response.",
    "The Japanese proposal on the islands was met with anger in Seoul.",
])
def test_met_with_a_reaction_is_no_meeting(pipe: Pipeline, text: str) -> None:
    evs = events(pipe, text)
    assert not any(e.cameo_root == "04" for e in evs), sides(evs)


def test_met_by_a_host_is_still_a_meeting(pipe: Pipeline) -> None:
    assert coded(pipe, "The Chinese premier was met at the airport by the Kenyan president.", "040", "KEN")


@pytest.mark.parametrize(("text", "src", "tgt"), [
    ("Argentina put pressure on Uruguay over the pulp mill on the river.", "ARG", "URY"),
    ("Germany piled pressure on Hungary to drop its veto of the aid package.", "DEU", "HUN"),
    ("The Danish minister said Washington was exerting pressure on Copenhagen.", "USA", "DNK"),
])
def test_pressure_put_on_an_actor_is_a_demand(pipe: Pipeline, text: str, src: str, tgt: str) -> None:
    evs = events(pipe, text)
    assert any(e.cameo_root == "10" and e.source.country == src and e.target is not None
               and e.target.country == tgt for e in evs), sides(evs)
