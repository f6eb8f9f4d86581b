"""Stage ``eventwire.actors.v1``: actor mentions, normalised ACLED-style, with roles.

Names come from ``data/actors.json``:

* named groups and their aliases ("ISIL", "Daesh" -> "Islamic State"); a
  generic noun right after a group ("Houthi rebels", "Hezbollah fighters")
  joins the group's mention;
* state forces: "soldiers", "troops", "the army", "police"... named after the
  country of an adjective or name in the phrase ("Iraqi soldiers", "US
  forces", "Israel's military") or else the document's main country:
  "Military Forces of Iraq", "Police Forces of Nigeria";
* unnamed actors: "Protesters (Iraq)", "Civilians (Iraq)", "Unidentified Armed
  Group (Iraq)" for "gunmen", "unknown assailants", "militants".

Roles come from the dependency parse around each event mention's trigger:
the subject of the violent verb, the agent of a passive ("by X") or a
possessor/modifier of a nominal trigger ("the group's attack", "a Houthi
attack") is the initiator; the object, the passive subject ("three soldiers
were killed") and "against/on/at/targeting X" are the target. The stage sets
``ActorMention.role`` and each mention's ``actor1``/``actor2``. An actor that
is only the subject of "said" has no role.

The actor table and its matching are in :mod:`.actor_lexicon`, the roles in
:mod:`.actor_roles`; :func:`.actor_lexicon` and the role word lists are re-exported here.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any

from ..gazetteer import Gazetteer
from ..model import ActorMention, Document, EventMention
from .actor_lexicon import ActorEntry, actor_lexicon, alternation, is_acronym, longest_first, phrase_key
from .actor_roles import LIGHT_VERBS, SPEECH_LEMMAS, TARGET_PREPS, VIOLENT_LEMMAS, actor_role, trigger_tokens
from .index import SentenceIndex
from .registry import stage

__all__ = [
    "LIGHT_VERBS",
    "SPEECH_LEMMAS",
    "TARGET_PREPS",
    "VIOLENT_LEMMAS",
    "ActorsStage",
    "actor_lexicon",
    "make_actors_stage",
]


class ActorsStage:
    """Finds actor mentions in a document, names them and gives them their roles in event mentions."""

    def __init__(self, resources: Any) -> None:
        self.resources = resources
        data = actor_lexicon()
        self._groups: dict[str, ActorEntry] = {}  # exact (case-sensitive) key -> entry
        self._groups_folded: dict[str, ActorEntry] = {}
        for g in data["groups"]:
            entry = ActorEntry(g["name"], g["kind"], country=g.get("country"))
            for alias in g["aliases"]:
                if is_acronym(alias):
                    self._groups[phrase_key(alias)] = entry
                else:
                    self._groups_folded[phrase_key(alias).casefold()] = entry
        self._nouns: dict[str, ActorEntry] = {}
        for branch, nouns in data["state_forces"].items():
            template = "Police Forces of {country}" if branch == "police" else "Military Forces of {country}"
            for n in nouns:
                self._nouns[phrase_key(n).casefold()] = ActorEntry(template, "state", state_branch=branch)
        for g in data["generic"]:
            for n in g["nouns"]:
                self._nouns[phrase_key(n).casefold()] = ActorEntry(g["name"], g["kind"])
        self._rx_exact = re.compile(alternation(self._groups))
        self._rx_folded = re.compile(alternation(self._groups_folded), re.IGNORECASE)
        self._rx_nouns = re.compile(alternation(self._nouns), re.IGNORECASE)

    @property
    def gazetteer(self) -> Gazetteer:
        gaz: Gazetteer = self.resources.gazetteer
        return gaz

    # -- stage ------------------------------------------------------------

    def __call__(self, doc: Document) -> None:
        found = self._find(doc)
        focus = self._focus(doc)
        actors: list[ActorMention] = []
        heads: list[Any] = []
        sdoc = doc.spacy_doc
        sentences = SentenceIndex(doc.sentences)
        for start, end, entry in found:
            span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
            if entry.state_branch is not None and span is not None and not self._is_head_noun(span):
                continue  # "military base", "police station": a modifier, not an actor
            name, kind = self._name(doc, entry, start, span, focus)
            if span is not None and "{country}" in entry.name:
                start = _with_modifiers(span)  # "forces" -> "US forces"
            sent = sentences.sentence_at(start)
            partner = self._coordinated_country(doc, start, end, name, focus, sentences)
            if partner is not None:  # "US and coalition forces": the US forces come first
                actors.append(partner)
                heads.append(span.root if span is not None else None)
            actors.append(
                ActorMention(start, end, doc.text[start:end], sent.index if sent else 0, name, kind)
            )
            heads.append(span.root if span is not None else None)
        self._roles(doc, actors, heads)
        doc.actors = actors

    def _coordinated_country(
        self,
        doc: Document,
        start: int,
        end: int,
        name: str,
        focus: str | None,
        sentences: SentenceIndex,
    ) -> ActorMention | None:
        """The state forces of a country coordinated before another force: "US and coalition
        forces", "Iraqi and Kurdish troops" give the US's (Iraq's) forces too."""
        m = _COORDINATED.search(doc.text, max(0, start - 40), start)
        forces = self._nouns.get("forces")
        if m is None or forces is None:
            return None
        gaz = self.gazetteer
        iso2 = gaz.country_of_demonym(m.group(1))
        if iso2 is None:
            c = gaz.country(m.group(1))
            iso2 = c.iso2 if c is not None else None
        country = gaz.country_name(iso2, article=True) if iso2 else None
        if country is None or country in name:
            return None
        kind = "external" if focus and iso2 != focus else "state"
        sent = sentences.sentence_at(start)
        partner_name = forces.name.format(country=country)
        return ActorMention(
            m.start(1), end, doc.text[m.start(1) : end], sent.index if sent else 0, partner_name, kind
        )

    # -- finding ------------------------------------------------------------

    def _find(self, doc: Document) -> list[tuple[int, int, ActorEntry]]:
        text = doc.text
        groups: list[tuple[int, int, ActorEntry]] = []
        for m in self._rx_exact.finditer(text):
            entry = self._groups.get(phrase_key(m.group()))
            if entry:
                groups.append((m.start(), m.end(), entry))
        for m in self._rx_folded.finditer(text):
            entry = self._groups_folded.get(phrase_key(m.group()).casefold())
            if entry:
                groups.append((m.start(), m.end(), entry))
        nouns = []
        for m in self._rx_nouns.finditer(text):
            entry = self._nouns.get(phrase_key(m.group()).casefold())
            if entry:
                nouns.append((m.start(), m.end(), entry))
        # a generic noun right after a group joins it: "Houthi rebels", "IS fighters"
        merged: list[tuple[int, int, ActorEntry]] = []
        used_nouns: set[int] = set()
        noun_starts = [ns for ns, _, _ in nouns]  # in text order (one regex's matches)
        for gs, ge, entry in longest_first(groups):
            # the first noun starting at the group's end or one character after it
            for k in range(bisect_left(noun_starts, ge), bisect_right(noun_starts, ge + 1)):
                ns, ne, _ = nouns[k]
                if text[ge:ns].strip() == "":
                    ge = ne
                    used_nouns.add(k)
                    break
            merged.append((gs, ge, entry))
        spans = merged + [n for k, n in enumerate(nouns) if k not in used_nouns]
        return longest_first(spans)

    @staticmethod
    def _is_head_noun(span: Any) -> bool:
        root = span.root
        if root.dep_ in ("compound", "amod", "nmod") and root.head.i > root.i:
            return False
        return bool(root.pos_ in ("NOUN", "PROPN"))

    def _focus(self, doc: Document) -> str | None:
        """ISO alpha-2 of the document's main country (places first, then demonyms); where a
        statement was made ("said in Washington") does not count."""
        gaz = self.gazetteer
        counts: Counter[str] = Counter()
        for p in doc.places:
            if p.iso3 and p.role != "statement":
                c = gaz.country(p.iso3)
                if c is not None and c.iso2:
                    counts[c.iso2] += 1
        if not counts:
            for e in doc.entities:
                if e.label == "NORP":
                    iso2 = gaz.country_of_demonym(e.text)
                    if iso2:
                        counts[iso2] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _country_in_phrase(self, doc: Document, start: int, span: Any) -> str | None:
        """ISO alpha-2 named by a modifier: "Iraqi soldiers", "US forces", "Israel's army"."""
        gaz = self.gazetteer
        words: list[str] = []
        if span is not None:
            root = span.root
            words = [t.text for t in root.lefts if t.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod")]
            words += [t.text for t in span if t.i != root.i]
            # "the Nigerian Army": compound chains of two words ("South Sudanese")
            words += [
                f"{a.text} {b.text}"
                for a, b in zip(
                    span.doc[max(0, span.start - 2) : span.start],
                    span.doc[max(0, span.start - 1) : span.start + 1],
                    strict=False,
                )
            ]
        else:
            words = doc.text[max(0, start - 20) : start].split()[-2:]
        for w in sorted(words, key=len, reverse=True):
            w = re.sub(r"['\u2019]s$", "", w)
            iso2 = gaz.country_of_demonym(w)
            if iso2:
                return iso2
            c = gaz.country(w) if w[:1].isupper() and len(w) > 1 else None
            if c is not None and c.iso2:
                return c.iso2
        return None

    def _name(
        self, doc: Document, entry: ActorEntry, start: int, span: Any, focus: str | None
    ) -> tuple[str, str]:
        if "{country}" not in entry.name:
            return entry.name, entry.kind
        iso2 = self._country_in_phrase(doc, start, span) or focus
        gaz = self.gazetteer
        kind = entry.kind
        if entry.state_branch is not None:
            country = gaz.country_name(iso2, article=True) if iso2 else None
            if iso2 and focus and iso2 != focus:
                kind = "external"  # "US forces" in an Iraq story
            if country is None:
                return entry.name.replace(" of {country}", ""), kind
            return entry.name.format(country=country), kind
        country = gaz.country_name(iso2) if iso2 else None
        if country is None:
            return entry.name.replace(" ({country})", ""), kind
        return entry.name.format(country=country), kind

    # -- roles ------------------------------------------------------------

    def _roles(self, doc: Document, actors: list[ActorMention], heads: list[Any]) -> None:
        by_sentence: dict[int, list[EventMention]] = {}
        for m in doc.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        sdoc = doc.spacy_doc
        for mentions in by_sentence.values():
            for m in mentions:
                m.actor1 = None
                m.actor2 = None
        if sdoc is None:
            return
        for actor, head in zip(actors, heads, strict=True):
            mentions = by_sentence.get(actor.sentence, [])
            if not mentions or head is None:
                continue
            role = actor_role(head, {t.i for m in mentions for t in trigger_tokens(sdoc, m)})
            actor.role = role
            if role is None:
                continue
            mention = min(mentions, key=lambda m: abs(m.trigger_start - actor.start))
            if role == "initiator" and mention.actor1 is None:
                mention.actor1 = actor.name
            elif role == "target" and mention.actor2 is None:
                mention.actor2 = actor.name
        for mentions in by_sentence.values():
            for m in mentions:
                self._state_modifier(sdoc, m)

    def _state_modifier(self, sdoc: Any, mention: EventMention) -> None:
        """ "US air strikes", "a Russian missile attack", "Israel's strikes": a country named
        on the trigger itself is the initiator's state, and beats a guess from elsewhere
        in the sentence."""
        if mention.event_type not in ("Explosions/Remote violence", "Battles"):
            return
        gaz = self.gazetteer
        for tok in trigger_tokens(sdoc, mention):
            for child in tok.children:
                if child.dep_ not in ("compound", "amod", "nmod", "poss") or child.i > tok.i:
                    continue
                word = re.sub(r"['\u2019]s$", "", child.text)
                iso2 = gaz.country_of_demonym(word)
                if iso2 is None and word[:1].isupper() and len(word) > 1:
                    c = gaz.country(word)
                    iso2 = c.iso2 if c is not None else None
                if iso2:
                    country = gaz.country_name(iso2, article=True)
                    if country:
                        name = f"Military Forces of {country}"
                        if mention.actor2 == name:
                            mention.actor2 = None
                        mention.actor1 = name
                        return


_COORDINATED = re.compile(r"\b([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s+and\s+(?:the\s+)?$")


def _with_modifiers(span: Any) -> int:
    """Start offset of the span widened to its contiguous left modifiers ("Iraqi", "US", "Israel's")."""
    first = span.start
    for t in reversed(list(span.root.lefts)):
        if t.i == first - 1 and t.dep_ in ("amod", "compound", "poss", "nmod") and t.pos_ in ("ADJ", "PROPN"):
            first = t.i
        elif t.i == first - 2 and t.dep_ == "poss" and t.doc[first - 1].dep_ == "case":
            first = t.i  # "Israel's army"
    return int(span.doc[first].idx)


@stage("eventwire.actors.v1", default_config={})
def make_actors_stage(resources: Any) -> ActorsStage:
    return ActorsStage(resources)
