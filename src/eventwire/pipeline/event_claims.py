"""An incident's claims (used by ``eventwire.assemble.v1``).

* kind "figure": every non-cumulative figure in its sentences, and a total
  when one sentence counts the dead of different sides ("ten attackers were
  killed and five soldiers died"; never with a generic or overlapping subject
  such as "people" or "including");
* kind "responsibility": every claim of responsibility, denial or blame ("X
  claimed responsibility", "X claimed the attack", "X said it carried out", "X
  denied involvement", "officials blamed X", "accused X of", "attributed the
  attack to X"; negated ones such as "no group has claimed" are skipped).

Each has the sentence's speaker, the outlet, the statement's date and a stance
(claimed | denied | asserted | reported). A claim sentence that tells no
incident of its own belongs to the nearest new incident before it
(:func:`claims_by_incident`).
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Claim, Document, QuantityMention, Range, Sentence
from .buckets import SentenceBuckets
from .incidents import Incident, to_date
from .index import TokenIndex
from .stance import stance_of

_EVENT_NOUN = (
    r"(?:attacks?|bombings?|assaults?|raids?|killings?|kidnappings?|abductions?|ambush(?:es)?|strikes?"
    r"|blasts?|explosions?|massacres?|shootings?|operations?|incidents?)"
)
# (pattern, stance, where the actor is: "subj" the verb's subject, "obj" its object, "on"/"to" that
# preposition's object); the named group "verb" marks the verb
_RESPONSIBILITY: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"\b(?P<verb>claim(?:ed|s|ing)?)\s+(?:\w+\s+){0,2}?responsibility\b", re.I),
        "claimed",
        "subj",
    ),
    (re.compile(r"\bresponsibility\s+(?:\w+\s+){0,2}?(?P<verb>claimed)\s+by\b", re.I), "claimed", "agent"),
    (
        re.compile(r"\b(?P<verb>took|takes|taken|accepted|accepts|assumed)\s+responsibility\b", re.I),
        "claimed",
        "subj",
    ),
    (
        re.compile(
            rf"\b(?P<verb>claimed|claims)\s+(?:the|this|that|these|those|\w+['’]s)\s+(?:[\w-]+\s+)?{_EVENT_NOUN}\b",
            re.I,
        ),
        "claimed",
        "subj",
    ),
    (
        re.compile(
            r"\b(?P<verb>said|says)\s+(?:it|they)\s+(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|conducted)\b",
            re.I,
        ),
        "claimed",
        "subj",
    ),
    (
        re.compile(
            r"\b(?P<verb>denied|denies|deny|denying|rejected|rejects)\s+(?:\w+\s+){0,2}?(?:involvement|responsibility"
            r"|role|part|links?|carrying\s+out|being\s+behind|having|(?:the\s+)?(?:claims?|accusations?|allegations?))\b",
            re.I,
        ),
        "denied",
        "subj",
    ),
    (
        re.compile(
            rf"\b(?P<verb>blamed|blames|blame|blaming)\s+(?:the|this|these)\s+(?:[\w-]+\s+)?{_EVENT_NOUN}\s+on\b",
            re.I,
        ),
        "asserted",
        "on",
    ),
    (
        re.compile(
            r"\b(?P<verb>blamed|blames|blaming)\b(?!\s+(?:the|this|these)\s+(?:[\w-]+\s+)?\w+\s+on\b)", re.I
        ),
        "asserted",
        "obj",
    ),
    (
        re.compile(
            r"\b(?P<verb>accused|accuses|accusing)\s+.{1,60}?\bof\s+(?:carrying\s+out|being\s+behind|the|an?|launching|attacking|killing)\b",
            re.I,
        ),
        "asserted",
        "obj",
    ),
    (
        re.compile(
            rf"\b(?P<verb>attributed|attributes)\s+(?:the|this|these)\s+(?:[\w-]+\s+)?{_EVENT_NOUN}\s+to\b",
            re.I,
        ),
        "asserted",
        "to",
    ),
)


# subjects that may include the others ("12 people were killed, among them 5 soldiers")
_GENERIC_SUBJECTS = {
    "people",
    "persons",
    "others",
    "individuals",
    "victims",
    "mixed",
    "dead",
    "toll",
    "total",
}
_OVERLAP = re.compile(r"\b(?:including|included|among them|among whom|of whom|of them|out of)\b", re.I)


def claims_by_incident(
    doc: Document, incidents: list[Incident], buckets: SentenceBuckets
) -> list[list[Claim]]:
    """Each incident's claims; a claim sentence outside every incident goes to the
    nearest new incident before it."""
    out = [_figure_claims(doc, inc.sentences, buckets) for inc in incidents]
    owner = {s: k for k, inc in enumerate(incidents) for s in inc.sentences}
    for sent in doc.sentences:
        claims = _responsibility_claims(doc, sent.index)
        if not claims:
            continue
        k = owner.get(sent.index)
        if k is None:
            before = [
                j for j, inc in enumerate(incidents) if not inc.background and min(inc.sentences) < sent.index
            ]
            if not before:
                continue
            k = max(before, key=lambda j: max(s for s in incidents[j].sentences if s < sent.index))
        out[k].extend(claims)
    for claims in out:
        claims.sort(key=lambda c: (c.char_start, c.kind))
    return out


def _said_on(doc: Document, sent: Sentence) -> str | None:
    """The statement's date: the speaker's, else the publication date."""
    if sent.speaker is not None and sent.speaker.said_on:
        return sent.speaker.said_on
    published = to_date(doc.published)
    return published.isoformat() if published else None


def _claim(doc: Document, sent: Sentence, kind: str, stance: str, start: int, end: int) -> Claim:
    """A claim of the sentence's span, with its speaker, outlet and dates."""
    speaker = sent.speaker
    return Claim(
        kind=kind,
        document_id=doc.document_id,
        sentence=sent.text,
        char_start=start,
        char_end=end,
        stance=stance,
        speaker=speaker.name if speaker else None,
        speaker_title=speaker.title if speaker else None,
        organisation=speaker.organisation if speaker else None,
        outlet=doc.outlet,
        said_on=_said_on(doc, sent),
        published=doc.published,
    )


def _figure_claims(doc: Document, sentences: list[int], buckets: SentenceBuckets) -> list[Claim]:
    """A claim per known, non-cumulative figure of the sentences, then their sentence totals."""
    claims = []
    quantities = buckets.quantities_of(sentences)
    for q in quantities:
        if q.cumulative or not q.value.is_known():
            continue
        sent = doc.sentences[q.sentence]
        stance = sent.speaker.stance if sent.speaker else stance_of(sent.text)
        claim = _claim(doc, sent, "figure", stance, q.start, q.end)
        claim.metric, claim.value = q.metric, Range(q.value.low, q.value.best, q.value.high)
        claims.append(claim)
    return claims + _sentence_totals(doc, claims, quantities)


def _sentence_totals(doc: Document, claims: list[Claim], quantities: list[QuantityMention]) -> list[Claim]:
    """ "Ten attackers were killed and five soldiers died": one sentence counting the dead
    of different sides gives a total claim too (never with a generic or overlapping
    subject such as "people" or "including")."""
    parts: dict[tuple[int, str], list[QuantityMention]] = {}
    for q in quantities:  # the incident's, in text order
        if not q.cumulative and q.value.best is not None:
            parts.setdefault((q.sentence, q.metric), []).append(q)
    totals = []
    for (index, metric), qs in parts.items():
        subjects = [(q.subject or "").lower().split()[-1:] for q in qs]
        words = [w[0] for w in subjects if w]
        if len(qs) < 2 or len(words) < len(qs) or len(set(words)) < len(words):
            continue
        if any(w in _GENERIC_SUBJECTS for w in words) or _OVERLAP.search(doc.sentences[index].text):
            continue
        sent = doc.sentences[index]
        first = min(qs, key=lambda q: q.start)
        last = max(qs, key=lambda q: q.end)
        like = next(c for c in claims if c.char_start == first.start and c.metric == metric)
        total = _claim(doc, sent, "figure", like.stance, first.start, last.end)
        total.metric = metric
        total.value = Range(*(sum(q.value.best or 0 for q in qs) for _ in range(3)))
        totals.append(total)
    return totals


def _responsibility_claims(doc: Document, index: int) -> list[Claim]:
    """Claims of responsibility, denials and blame in one sentence."""
    sent = doc.sentences[index]
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    claims: list[Claim] = []
    seen: set[int] = set()
    for pattern, stance, where in _RESPONSIBILITY:
        for m in pattern.finditer(sent.text):
            verb_at = sent.start + m.start("verb")
            if verb_at in seen:
                continue
            verb = TokenIndex.of(sdoc).starting_at(verb_at)
            if verb is None or any(c.dep_ == "neg" for c in verb.children):
                continue
            span = _actor_span(verb, where)
            if span is None:
                continue
            start, end = span
            seen.add(verb_at)
            said = stance
            if stance == "asserted" and sent.speaker is None and stance_of(sent.text) == "reported":
                said = "reported"
            claim = _claim(
                doc, sent, "responsibility", said, min(start, verb_at), max(end, sent.start + m.end())
            )
            claim.actor = _actor_name(doc, start, end)
            claims.append(claim)
    return claims


def _actor_span(verb: Any, where: str) -> tuple[int, int] | None:
    """Character span of the actor of a claim verb: its subject, object, agent, or the
    object of "on"/"to" after it."""
    head: Any = None
    if where == "subj":
        head = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if head is None and verb.dep_ in ("xcomp", "conj", "advcl"):
            head = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif where == "obj":
        head = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if head is None:
            head = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    else:
        word = {"agent": "by", "on": "on", "to": "to"}[where]
        for tok in verb.doc[verb.i + 1 : verb.sent.end]:
            if tok.lower_ == word:
                head = next((c for c in tok.children if c.dep_ == "pobj"), None)
                break
    if head is None or head.pos_ == "PRON":
        return None
    left = [t for t in head.subtree if t.i <= head.i and not t.is_punct]
    if not left:
        return None
    if left[0].lower_ in ("no", "none", "nobody"):
        return None  # "no group has claimed responsibility"
    first, last = left[0], head
    while first.i < last.i and first.pos_ == "DET":
        first = verb.doc[first.i + 1]
    return first.idx, last.idx + len(last.text)


def _actor_name(doc: Document, start: int, end: int) -> str:
    """The normalised actor whose mention lies in the span, else the words as written."""
    for actor in doc.actors:
        if start <= actor.start < end or actor.start <= start < actor.end:
            return actor.name
    return doc.text[start:end]
