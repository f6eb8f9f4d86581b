"""People killed and named without a number ("gunmen killed the village chief and his
driver", "a herder died", "he was shot dead"), counted one each from spaCy's dependency
parse of a sentence."""

from __future__ import annotations

from typing import Any

from ..model import Document, QuantityMention, Range

_KILL_VERBS = frozenset(
    {
        "kill",
        "murder",
        "execute",
        "behead",
        "lynch",
        "assassinate",
        "slay",
        "slaughter",
        "massacre",
        "strangle",
    }
)
_TO_DEATH_VERBS = frozenset(
    {"shoot", "beat", "stab", "hack", "burn", "stone", "gun", "club", "torture", "find"}
)
_HUMAN = frozenset(
    """man woman child boy girl baby infant teenager youth student teacher driver passenger soldier officer
    policeman policewoman gendarme civilian farmer herder herdsman trader shopkeeper merchant chief leader
    commander official journalist reporter worker resident villager pastor priest imam cleric fighter
    militant rebel gunman insurgent jihadist suspect member victim person guard colonel general captain
    lieutenant sergeant major corporal private judge lawyer doctor nurse mayor councillor politician
    activist protester demonstrator elder motorcyclist pilot spokesman minister governor deputy candidate
    assailant attacker father mother son daughter wife husband brother sister uncle nephew relative
    businessman trader miner fisherman hunter herder vigilante commissioner administrator headman
    customer patient prisoner detainee inmate hostage refugee migrant worker teacher agent informant
    headmaster headteacher principal pupil bodyguard escort aide cook employee engineer contractor tourist
    volunteer nun monk bishop chairman secretary senator lawmaker legislator magistrate prosecutor ranger
    warden watchman toddler landlord tenant vendor porter carpenter mechanic butcher tailor""".split()
)
_SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _is_single_person(tok: Any) -> bool:
    if any(c.dep_ == "nummod" for c in tok.children):
        return False  # "12 soldiers": the number pass counts those
    if tok.lower_ in _SINGLE_PRONOUNS:
        return True
    if tok.tag_ not in ("NN", "NNP"):
        return False
    return tok.ent_type_ == "PERSON" or tok.lemma_.lower() in _HUMAN


def _victims_of(verb: Any) -> list[Any]:
    lemma = verb.lemma_.lower()
    deps = {c.dep_: c for c in verb.children}
    if lemma == "die":
        return [deps["nsubj"]] if "nsubj" in deps else []
    to_death = any(
        c.lower_ in ("dead", "death") or (c.dep_ == "prep" and any(g.lower_ == "death" for g in c.children))
        for c in verb.children
    ) or any(c.lower_ == "fatally" for c in verb.children)
    if lemma in _KILL_VERBS or (lemma in _TO_DEATH_VERBS and to_death):
        for dep in ("nsubjpass", "dobj"):
            if dep in deps:
                return [deps[dep]]
    return []


def named_victims(doc: Document, index: int) -> list[QuantityMention]:
    """People killed and named without a number ("gunmen killed the village chief and his
    driver", "a herder died", "he was shot dead"): one each, from the dependency parse."""
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    sent = doc.sentences[index]
    span = sdoc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return []
    for verb in span:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        victims = _victims_of(verb)
        if not victims:
            continue
        people = [t for t in (victims[0], *victims[0].conjuncts) if _is_single_person(t)]
        if people:
            first, last = min(people, key=lambda t: t.i), max(people, key=lambda t: t.i)
            start, end = first.idx, last.idx + len(last.text)
            n = len(people)
            return [
                QuantityMention(start, end, doc.text[start:end], index, "killed", Range(n, n, n), first.text)
            ]
    return []


__all__ = ["named_victims"]
