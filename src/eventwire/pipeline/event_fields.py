"""The fields of an incident's Event read off its mentions and sentences (used by
``eventwire.assemble.v1``): actors, the event type they imply, weapon, evidence,
confidence and the deterministic event id.

* Actors come from the best-scored mentions; the others are associated actors.
* An "Attack" on an armed actor is an "Armed clash" (Battles), as ACLED codes it.
* One Evidence per sentence of the incident.
* Event ids are deterministic (document id + incident number), so re-ingesting
  gives identical records.
"""

from __future__ import annotations

import hashlib

from ..model import Document, EventMention, Evidence
from .buckets import SentenceBuckets
from .incidents import Incident

_ARMED_KINDS = frozenset({"state", "rebel", "militia", "external"})


def event_id(document_id: str, k: int) -> str:
    """The id of the document's k-th incident's event."""
    digest = hashlib.sha1(f"{document_id}#{k}".encode()).hexdigest()[:16]
    return f"ev-{digest}"


def incident_actors(inc: Incident) -> tuple[str | None, str | None, list[str], list[str]]:
    """(actor1, actor2, assoc_actor_1, assoc_actor_2) from the incident's mentions, best first."""
    ranked = sorted(inc.mentions, key=lambda m: -m.score)
    a1 = next((m.actor1 for m in ranked if m.actor1), None)
    a2 = next((m.actor2 for m in ranked if m.actor2 and m.actor2 != a1), None)
    assoc1 = sorted({m.actor1 for m in ranked if m.actor1 and m.actor1 not in (a1, a2)})
    assoc2 = sorted({m.actor2 for m in ranked if m.actor2 and m.actor2 not in (a1, a2)})
    return a1, a2, assoc1, assoc2


def event_types(best: EventMention, actor2: str | None, kinds: dict[str, str | None]) -> tuple[str, str]:
    """(sub_event_type, event_type) of the best mention, given the kinds of the document's actors."""
    sub_event_type, event_type = best.sub_event_type, best.event_type
    if sub_event_type == "Attack" and kinds.get(actor2 or "") in _ARMED_KINDS:
        # ACLED: violence against civilians has unarmed victims; an attack on an
        # armed actor (soldiers, police, a militia) is an armed clash
        sub_event_type, event_type = "Armed clash", "Battles"
    return sub_event_type, event_type


def incident_weapon(inc: Incident, buckets: SentenceBuckets) -> str | None:
    """The weapon named closest to the best mention's trigger, else the first in the incident."""
    best = inc.best
    own = buckets.weapons_of([best.sentence])
    if own:
        return min(own, key=lambda w: abs(w.start - best.trigger_start)).weapon
    return next((w.weapon for w in sorted(buckets.weapons_of(inc.sentences), key=lambda w: w.start)), None)


def incident_evidence(doc: Document, inc: Incident) -> list[Evidence]:
    """One Evidence per sentence of the incident, in text order."""
    out = []
    for idx in sorted(inc.sentences):
        sent = doc.sentences[idx]
        out.append(
            Evidence(
                document_id=doc.document_id,
                outlet=doc.outlet,
                url=doc.url,
                published=doc.published,
                sentence=sent.text,
                char_start=sent.start,
                char_end=sent.end,
                speaker=sent.speaker.label() if sent.speaker else None,
            )
        )
    return out


def confidence(inc: Incident, fields_known: int) -> float:
    """The event's confidence from its best mention's score, how many of its date, place,
    actor1 and weapon are known, and its number of sentences."""
    return round(min(0.99, 0.5 * inc.best.score + 0.1 * fields_known + 0.05 * (len(inc.sentences) - 1)), 3)
