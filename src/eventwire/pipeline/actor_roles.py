"""Who did what to whom in the parse: the words that make a token eventive, and the role
("initiator" or "target") of an actor's head token towards an event trigger.

The subject of a violent verb, the agent of a passive ("by X") or a possessor/modifier of
a nominal trigger ("the group's attack", "a Houthi attack") is the initiator; the object,
the passive subject ("three soldiers were killed") and "against/on/at/targeting X" are the
target. An actor that is only the subject of "said" has no role.
"""

from __future__ import annotations

from typing import Any

from ..model import EventMention

# the lemmas of violent words: a token with one is eventive even when it is no mention's trigger
VIOLENT_LEMMAS = frozenset(
    {
        "attack",
        "kill",
        "strike",
        "hit",
        "target",
        "bomb",
        "shell",
        "fire",
        "launch",
        "injure",
        "wound",
        "abduct",
        "kidnap",
        "shoot",
        "clash",
        "fight",
        "ambush",
        "raid",
        "storm",
        "destroy",
        "assault",
        "detonate",
        "behead",
        "execute",
        "capture",
        "arrest",
        "detain",
        "seize",
        "intercept",
        "loot",
        "burn",
        "protest",
        "riot",
        "demonstrate",
        "murder",
        "massacre",
        "slaughter",
        "stab",
        "hack",
        "torch",
        "explode",
        "blow",
        "gun",
        "open",
        "airstrike",
        "offensive",
        "assassinate",
        "hurt",
        "harm",
        "besiege",
        "overrun",
        "disperse",
        "beat",
        "lynch",
        "rape",
        "torture",
        "displace",
        "pound",
        "bombard",
    }
)
# "X launched an attack", "X carried out a strike": the subject of the light verb is the initiator
LIGHT_VERBS = frozenset(
    {
        "launch",
        "carry",
        "conduct",
        "stage",
        "mount",
        "claim",
        "perpetrate",
        "unleash",
        "lead",
        "use",
        "fire",
        "employ",
    }
)
TARGET_PREPS = frozenset({"against", "on", "at", "upon", "targeting", "into", "toward", "towards"})
SPEECH_LEMMAS = frozenset({"say", "tell", "announce", "state", "report", "confirm", "deny", "add", "note"})


def trigger_tokens(sdoc: Any, m: EventMention) -> list[Any]:
    """The tokens of the mention's trigger."""
    span = sdoc.char_span(m.trigger_start, m.trigger_end, alignment_mode="expand")
    return list(span) if span is not None else []


def is_eventive(tok: Any, triggers: set[int]) -> bool:
    """Whether the token is a trigger (token indices ``triggers``) or a violent word."""
    return bool(tok.i in triggers or tok.lemma_.lower() in VIOLENT_LEMMAS)


def actor_role(head: Any, triggers: set[int], depth: int = 0) -> str | None:
    """ "initiator", "target" or None for the actor whose head token is ``head``."""
    tok = head
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    dep = tok.dep_
    gov = tok.head
    relation: str | None = None
    if dep == "pobj":
        prep = gov
        gov = prep.head
        word = prep.lower_
        if prep.dep_ == "agent" or word == "by":
            relation = "initiator"
        elif word in TARGET_PREPS:
            relation = "target"
        elif word == "of" and gov.pos_ == "NOUN" and is_eventive(gov, triggers):
            relation = "target"  # "the killing of three soldiers"
    elif dep in ("nsubj", "csubj"):
        relation = "initiator"
    elif dep in ("nsubjpass", "dobj", "obj", "dative"):
        relation = "target"
    elif dep in ("poss", "compound", "amod", "nmod") and gov.pos_ in ("NOUN", "PROPN"):
        if not is_eventive(gov, triggers):
            return actor_role(gov, triggers, depth + 1) if depth < 2 else None  # "a Kataib Hezbollah depot"
        relation = "initiator"  # "the group's attack", "a Houthi drone attack"
    if relation is None:
        return None
    if gov.lemma_.lower() in SPEECH_LEMMAS:
        return None
    if is_eventive(gov, triggers):
        return relation
    # "X launched an attack on Y": the light verb's subject
    if relation == "initiator" and gov.lemma_.lower() in LIGHT_VERBS:
        if any(is_eventive(c, triggers) for c in gov.children if c.dep_ in ("dobj", "obj", "xcomp")):
            return relation
    # "Y came under attack", "a drone attack on Y": climb one more step through a noun
    if (
        gov.dep_ in ("compound", "dobj", "pobj", "nsubj")
        and is_eventive(gov.head, triggers)
        and relation == "target"
    ):
        return relation
    return None
