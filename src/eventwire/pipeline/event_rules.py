"""The event-typing rules: which sentences report a political-violence event, and its ACLED type.

Used by the stages of :mod:`eventwire.pipeline.event_types`: ``v1`` decides with them, ``v2``
takes its trigger from them when they agree with the trained typer. The decision is made by
weighted lexical rules read from
``data/event_types/lexicon.toml`` and a few precedence rules between
sub-event types, so every decision can be explained by its trigger: the
words of the sentence that typed it.

* direct evidence: words that name one sub-event type ("air strike",
  "suicide bomber", "grenade", "landmines were defused"...);
* combined evidence: a protest word plus how it went (violence by the
  protesters, lethal force, arrests/dispersal, nothing), an attack word plus who
  was hit (civilians or armed men), a capture verb plus who captured;
* counter-evidence: words of crime, disasters, diplomacy and claims of
  responsibility, which make a sentence "not a political-violence event"
  when they outweigh the rest.

``classify_text`` types a whole snippet by its main event: sentences vote,
the first ones weighing most.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

from ..errors import ConfigError
from ..taxonomy import SUB_EVENT_TYPES

LEXICON_PATH = "data/event_types/lexicon.toml"

# how much each sentence of a snippet counts in classify_text (the rest: the last value)
SENTENCE_WEIGHTS = (1.0, 0.6, 0.45, 0.35)

PROTEST_SUBS = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")


@dataclass(frozen=True)
class Hit:
    """Evidence for one label in one sentence: its weight and the trigger span (sentence offsets)."""

    label: str
    weight: float
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    subs: dict[str, list[tuple[re.Pattern[str], float]]]
    cues: dict[str, re.Pattern[str]]
    nones: dict[str, list[tuple[re.Pattern[str], float]]]


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{LEXICON_PATH}: bad pattern in {where}: {exc}") from None


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon (loaded once)."""
    text = importlib_resources.files("eventwire").joinpath(LEXICON_PATH).read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    subs = {}
    for sub, entries in data["sub"].items():
        if sub not in SUB_EVENT_TYPES:
            raise ConfigError(f"{LEXICON_PATH}: {sub!r} is not an ACLED sub-event type")
        subs[sub] = [(_compile(p, sub), float(w)) for p, w in entries]
    cues = {name: _compile("|".join(f"(?:{p})" for p in pats), name) for name, pats in data["cue"].items()}
    nones = {
        name: [(_compile(p, name), float(w)) for p, w in entries] for name, entries in data["none"].items()
    }
    return Lexicon(subs, cues, nones)


def _best(text: str, entries: list[tuple[re.Pattern[str], float]], label: str) -> Hit | None:
    """The strongest match of a label's patterns, plus a little for every other pattern that matched."""
    best: Hit | None = None
    n = 0
    for pattern, weight in entries:
        m = pattern.search(text)
        if m is None:
            continue
        n += 1
        if best is None or weight > best.weight:
            best = Hit(label, weight, m.start(), m.end())
    if best is not None and n > 1:
        best = Hit(label, best.weight + 0.3 * min(n - 1, 2), best.start, best.end)
    return best


def _first(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> re.Match[str] | None:
    return pattern.search(text, pos, len(text) if endpos is None else endpos)


_PASSIVE = re.compile(r"\b(?:was|were|been|being|are|is|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY_ACTOR = re.compile(r"^\W*(?:\w+\s+){0,4}?by\b", re.IGNORECASE)
_PLACE_OBJECT = re.compile(
    r"^(?:\s+[\w'’.-]+){0,5}?\s+(?:(?:the\s+)?[A-Z][\w'’-]+|towns?|villages?|city|cities|districts?|areas?|"
    r"regions?|province|territor\w*|control|bases?|airport|hills?|mountains?|neighbou?rhoods?|positions|"
    r"capital|border|crossings?|posts?|strongholds?|outskirts|parts?|countryside|stronghold|airbase|"
    r"camps?|checkpoints?|road|highway|island|port|localit\w*|settlements?|villages)\b"
)


def _territory(text: str, lex: Lexicon) -> Hit | None:
    """A capture/recapture verb: who took the place decides between the two territory sub-types."""
    retake = _first(lex.cues["retake"], text)
    take = retake or _first(lex.cues["take"], text)
    if take is None:
        return None
    if retake is None and not _PLACE_OBJECT.match(text[take.end() :]):
        return None
    # who: "... by X" after a passive verb, else the nearest actor word before the verb
    after = text[take.end() : take.end() + 60]
    before = text[: take.start()]
    actor_state = actor_nonstate = -1
    if _PASSIVE.search(before) or _BY_ACTOR.match(after):
        by = re.search(r"\bby\b(.{0,60})", after, re.IGNORECASE)
        if by:
            seg = by.group(1)
            s, n = _first(lex.cues["state"], seg), _first(lex.cues["nonstate"], seg)
            actor_state = 1000 - s.start() if s else -1
            actor_nonstate = 1000 - n.start() if n else -1
    if actor_state < 0 and actor_nonstate < 0:
        # the subject: the first actor word of the clause before the verb
        clause_start = max(before.rfind(";"), before.rfind(", "), 0)
        clause = before[clause_start:] if clause_start < len(before) - 15 else before
        s, n = _first(lex.cues["state"], clause), _first(lex.cues["nonstate"], clause)
        actor_state = 1000 - s.start() if s else -1
        actor_nonstate = 1000 - n.start() if n else -1
    if actor_nonstate > actor_state:
        sub = "Non-state actor overtakes territory"
    elif actor_state > actor_nonstate:
        sub = "Government regains territory"
    else:
        sub = "Government regains territory" if retake else "Non-state actor overtakes territory"
    return Hit(sub, 4.2 if retake else 3.6, take.start(), take.end())


def _violence(text: str, lex: Lexicon) -> Hit | None:
    """Fighting or an attack: armed men hit -> Armed clash, civilians hit -> Attack."""
    battle = _first(lex.cues["battle"], text)
    attack = _first(lex.cues["attack"], text)
    if attack is None and battle is None:
        return None
    if attack is None or (battle is not None and battle.start() <= attack.start()):
        assert battle is not None
        return Hit("Armed clash", 3.0, battle.start(), battle.end())
    # the victims: after an active verb, before a passive one
    region = text[: attack.start()] if _PASSIVE.search(text[: attack.start()]) else text[attack.end() :]
    civ = len(lex.cues["civilian"].findall(region))
    arm = len(lex.cues["armed"].findall(region))
    if battle is not None:
        return Hit("Armed clash", 3.0, battle.start(), battle.end())
    if arm > civ:
        return Hit("Armed clash", 2.6, attack.start(), attack.end())
    # civilians named, or victims not said (ACLED: unnamed victims of armed men are civilians)
    return Hit("Attack", 2.6 if civ > 0 else 2.2, attack.start(), attack.end())


def _protest(text: str, lex: Lexicon) -> Hit | None:
    """A protest, typed by how it went."""
    m = _first(lex.cues["protest"], text)
    if m is None:
        return None
    violent = _first(lex.cues["protester_violence"], text)
    lethal = _first(lex.cues["force_lethal"], text)
    inter = _first(lex.cues["intervention"], text)
    peaceful = re.search(r"\bpeaceful(?:ly)?\b", text, re.IGNORECASE)
    if lethal is not None and (violent is None or peaceful is not None):
        return Hit("Excessive force against protesters", 4.5, lethal.start(), lethal.end())
    if violent is not None:
        return Hit("Violent demonstration", 4.3, violent.start(), violent.end())
    if inter is not None:
        return Hit("Protest with intervention", 4.2, inter.start(), inter.end())
    return Hit("Peaceful protest", 3.8, m.start(), m.end())


def score_sentence(text: str) -> tuple[dict[str, Hit], dict[str, Hit]]:
    """Evidence in one sentence: (best hit per sub-event type, best hit per non-event kind)."""
    lex = lexicon()
    subs: dict[str, Hit] = {}

    def add(hit: Hit | None) -> None:
        if hit is not None and (hit.label not in subs or hit.weight > subs[hit.label].weight):
            subs[hit.label] = hit

    for sub, entries in lex.subs.items():
        add(_best(text, entries, sub))
    add(_territory(text, lex))
    add(_violence(text, lex))
    protest = _protest(text, lex)
    add(protest)

    # precedence between sub-types
    def damp(label: str, factor: float) -> None:
        if label in subs:
            h = subs[label]
            subs[label] = Hit(label, h.weight * factor, h.start, h.end)

    air = subs.get("Air/drone strike")
    if air is not None and air.weight >= 2.6:
        subs[air.label] = Hit(air.label, air.weight + 1.0, air.start, air.end)
    if protest is not None:
        for label in (
            "Arrests",
            "Attack",
            "Armed clash",
            "Looting/property destruction",
            "Change to group/activity",
        ):
            damp(label, 0.5)
    if "Non-violent transfer of territory" in subs:
        damp("Change to group/activity", 0.7)
    territory = [
        subs[s] for s in ("Government regains territory", "Non-state actor overtakes territory") if s in subs
    ]
    if territory:
        damp("Disrupted weapons use", 0.6)
        transfer = subs.get("Non-violent transfer of territory")
        if transfer is not None:  # taken after the others left: no fight
            subs[transfer.label] = Hit(
                transfer.label, max(transfer.weight, territory[0].weight + 0.5), transfer.start, transfer.end
            )
    fight = subs.get("Armed clash")
    if fight is not None and fight.weight >= 3.0:  # weapons recovered after a fight
        damp("Disrupted weapons use", 0.7)
    if max((subs[k].weight for k in ("Attack", "Armed clash") if k in subs), default=0.0) >= 2.6:
        damp("Looting/property destruction", 0.75)
    if _RESCUE.search(text):  # hostages freed: no abduction now
        damp("Abduction/forced disappearance", 0.6)
    disrupted = subs.get("Disrupted weapons use")
    if disrupted is not None and disrupted.weight >= 3.5:  # the weapons named were seized, not used
        for label in (
            "Remote explosive/landmine/IED",
            "Grenade",
            "Shelling/artillery/missile attack",
            "Air/drone strike",
            "Suicide bomb",
        ):
            damp(label, 0.6)
    for label, found in list(subs.items()):
        if _NEGATED_TRIGGER.search(text, 0, found.start):  # "no injuries or arrests", "no shot was fired"
            del subs[label]
    nones = {}
    for name, entries in lex.nones.items():
        hit = _best(text, entries, name)
        if hit is not None and not (name == "claim" and _NEGATED.search(text, 0, hit.start)):
            nones[name] = hit
    crime = nones.get("crime")
    if crime is not None and any(s in subs for s in ("Arrests", "Disrupted weapons use")):
        # arrests and seizures for drugs, smuggling, fraud: police work, not political violence
        nones["crime"] = Hit("crime", crime.weight + 1.5, crime.start, crime.end)
    return subs, nones


_RESCUE = re.compile(r"\b(?:rescu\w*|freed|released|free|liberated)\b", re.IGNORECASE)
_NEGATED_TRIGGER = re.compile(
    r"(?:\b(?:no|without|nobody|none|neither|nor)\s+(?:[\w-]+\s+){0,2}"
    r"|\bnot\s+(?:a\s+single|one|any|a)\s+(?:[\w-]+\s+){0,1})$",  # "not one arrest was made"
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:no|not|nobody|none|yet to|never)\b[^.;]{0,25}$", re.IGNORECASE)


def _best_of(hits: dict[str, Hit]) -> Hit | None:
    return max(hits.values(), key=lambda h: h.weight, default=None)


def squash(weight: float) -> float:
    """A rule weight as a 0-1 score."""
    return round(weight / (weight + 2.0), 3)


def classify_sentence(text: str) -> Hit | None:
    """The sub-event type one sentence reports (as a Hit), or None when it reports none."""
    subs, nones = score_sentence(text)
    best = _best_of(subs)
    if best is None:
        return None
    counter = _best_of(nones)
    if counter is not None and counter.weight >= best.weight:
        return None
    return best


def classify_sentences(sentences: Iterable[str]) -> tuple[str | None, float, str]:
    """The main event of consecutive sentences: per-label evidence summed, earlier sentences weigh more."""
    totals: dict[str, float] = {}
    triggers: dict[str, tuple[float, str]] = {}
    for i, text in enumerate(sentences):
        w = SENTENCE_WEIGHTS[min(i, len(SENTENCE_WEIGHTS) - 1)]
        subs, nones = score_sentence(text)
        for label, hit in (*subs.items(), *(("none:" + k, v) for k, v in nones.items())):
            totals[label] = totals.get(label, 0.0) + w * hit.weight
            if label not in triggers or w * hit.weight > triggers[label][0]:
                triggers[label] = (w * hit.weight, text[hit.start : hit.end])
    if not totals:
        return None, 0.0, ""
    label = max(totals, key=lambda k: totals[k])
    if label.startswith("none:"):
        return None, squash(totals[label]), triggers[label][1]
    return label, squash(totals[label]), triggers[label][1]


def classify_text(text: str, nlp: Any) -> tuple[str | None, float, str]:
    """Type a snippet by its main event: (sub-event type or None, score 0-1, trigger words)."""
    sdoc = nlp(text)
    return classify_sentences(s.text for s in sdoc.sents if s.text.strip())
