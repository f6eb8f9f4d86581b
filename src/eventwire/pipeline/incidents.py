"""Which sentences of one document tell the same incident (used by ``eventwire.assemble.v1``).

1. **Background.** A mention is background when its sentence recalls the past:
   a cue such as "previously", "last year", "in 2019", a past-perfect verb
   ("had killed"), or a time expression ending more than ``background_days``
   before the reference date (the statement's date, else the publication
   date). A background cue carries over to the rest of its paragraph unless a
   later sentence has a recent date of its own. Sentences that give running
   totals ("attacked 66 times since October 17") are tallies, not incidents.
2. **Grouping.** A mention joins an earlier incident of the same sub-event type
   unless a place (further than ``max_km``) or an exact day contradicts it. The
   place of a statement ("said in Washington") and the dateline tell nothing of
   where an incident happened: they neither split nor anchor one. A
   sentence that refers back ("This attack...", "the fighting", "Monday's
   strike"), names no place or day of its own, or only adds casualties, joins
   the incident of its family (battles, explosions and violence against
   civilians; or protests and riots) told before it. With the trained typer, such a
   sentence typed with a score under ``UNSURE_SCORE`` joins the incident told in the
   three sentences before it, whatever its family. A sentence that tells of a
   response ("hours after the attack, a drone strike...") starts its own.
3. **Links.** An incident whose evidence says "in response to", "in
   retaliation for", "after the attack/raid..." is marked to respond to another.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import date

from ..geo import haversine_km
from ..model import Document, EventMention, PlaceMention, Sentence, TimeMention
from .buckets import SentenceBuckets
from .figure_cues import EVENT_COUNT_METRICS
from .incident_cues import (
    BACKGROUND_CUE,
    CASUALTY_ONLY,
    CONTINUATION,
    COUNT,
    DEFINITE_BEFORE,
    LINK_CUE,
    PLURAL_BACK,
    REFERS_BACK,
    SIDE_EFFECTS,
)
from .incident_cues import (
    family as family_of,
)
from .index import SentenceIndex

# below this score of the trained typer, an unanchored sentence continues the incident just told
UNSURE_SCORE = 0.9
_TIE = 0.1  # scores this close count as a tie between an incident's mentions


def to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _km(a: PlaceMention, b: PlaceMention) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


@dataclass
class Incident:
    mentions: list[EventMention] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    background: bool = False
    link: bool = False
    # the best mention, kept up to date by add(): (mentions seen, top score, index of the best)
    _best: tuple[int, float, int] = field(default=(0, 0.0, 0), init=False, repr=False, compare=False)

    _sentence_set: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def add(self, mention: EventMention) -> None:
        self.mentions.append(mention)
        if len(self._sentence_set) != len(self.sentences):  # the list was changed by hand
            self._sentence_set = set(self.sentences)
        if mention.sentence not in self._sentence_set:
            self.sentences.append(mention.sentence)
            self._sentence_set.add(mention.sentence)

    @property
    def best(self) -> EventMention:
        """The mention that types the incident: the strongest, the earliest among near ties
        (the lead sentence of a report usually names what happened)."""
        seen, top, at = self._best
        if seen == len(self.mentions) and seen:
            return self.mentions[at]
        if seen > len(self.mentions) or seen == 0:
            seen, top, at = 0, max(m.score for m in self.mentions), 0
        elif seen < len(self.mentions):
            top = max(top, *(m.score for m in self.mentions[seen:]))
        # the threshold only rises as mentions are added: the best never moves back
        while self.mentions[at].score < top - _TIE:
            at += 1
        self._best = (len(self.mentions), top, at)
        return self.mentions[at]


class IncidentGrouper:
    """Groups a document's event mentions into incidents (see the module docstring)."""

    def __init__(self, background_days: int, max_km: float, min_score: float) -> None:
        self.background_days = background_days
        self.max_km = max_km
        self.min_score = min_score

    def _reference(self, doc: Document, sent: Sentence) -> date | None:
        if sent.speaker is not None and sent.speaker.said_on:
            return to_date(sent.speaker.said_on)
        return to_date(doc.published)

    def _sentence_background(
        self, doc: Document, sent: Sentence, times: list[TimeMention], cue: bool = True
    ) -> bool | None:
        """True: recalls the past; False: has a recent date of its own; None: no evidence
        (``cue``: a background cue of the rules counts as evidence)."""
        ref = self._reference(doc, sent)
        recent = False
        for t in times:
            end = to_date(t.date_end) or to_date(t.date_start)
            if end is None or ref is None or t.relation == "since":
                continue
            if (ref - end).days > self.background_days:
                return True
            recent = True
        if recent:
            return False
        if cue and BACKGROUND_CUE.search(sent.text):
            return True
        return None

    def _background_flags(self, doc: Document) -> list[bool]:
        times_by_sent: dict[int, list[TimeMention]] = {}
        for t in doc.times:
            times_by_sent.setdefault(t.sentence, []).append(t)
        flags: list[bool] = []
        carried = False
        prev_para = -1
        for sent in doc.sentences:
            if sent.paragraph != prev_para:
                carried, prev_para = False, sent.paragraph
            own = self._sentence_background(doc, sent, times_by_sent.get(sent.index, []))
            if own is None:
                flag = carried or bool(CONTINUATION.search(sent.text) and flags and flags[-1])
            else:
                flag = own
            carried = flag
            flags.append(flag)
        return flags

    def _tally_sentences(self, doc: Document) -> set[int]:
        """Sentences that give running totals ("attacked 66 times since October 17"), not incidents."""
        by_sent: dict[int, list[bool]] = {}
        for q in doc.quantities:
            by_sent.setdefault(q.sentence, []).append(q.cumulative)
        tallies = {s for s, flags in by_sent.items() if flags and all(flags)}
        since = {t.sentence for t in doc.times if t.relation == "since"}
        sentences = SentenceIndex(doc.sentences)
        for tally in doc.tallies:  # event counts found by the tallies stage ("attacked 40 times")
            if tally.metric in EVENT_COUNT_METRICS:
                sent = sentences.sentence_at(tally.char_start)
                if sent is not None:
                    tallies.add(sent.index)
        for sent in doc.sentences:
            if sent.index in since and COUNT.search(sent.text):
                tallies.add(sent.index)
            elif sent.index - 1 in tallies and (
                PLURAL_BACK.search(sent.text) or any(by_sent.get(sent.index, []))
            ):
                # "The attacks injured 62 ..." right after a tally continues it
                tallies.add(sent.index)
        return tallies

    # -- grouping ---------------------------------------------------------------

    def places_of(
        self, doc: Document, sentences: list[int], buckets: SentenceBuckets | None = None
    ) -> list[PlaceMention]:
        """The places of ``sentences``, in text order."""
        if buckets is not None:
            return buckets.places_of(sentences)
        wanted = set(sentences)
        return [p for p in doc.places if p.sentence in wanted]

    @staticmethod
    def _days_of(buckets: SentenceBuckets, sentences: list[int]) -> set[str]:
        return {
            t.date_start
            for t in buckets.times_of(sentences)
            if t.time_precision == 1 and t.relation == "at" and t.date_start
        }

    def _anchored(self, buckets: SentenceBuckets, mention: EventMention) -> bool:
        """Does the mention's sentence name a day or a place finer than a province?"""
        fine = any(
            p.latitude is not None and (p.geo_precision or 3) <= 2 and p.role is None
            for p in buckets.places_of([mention.sentence])
        )
        return fine or bool(self._days_of(buckets, [mention.sentence]))

    def _compatible(
        self, ctx: _Context, incident: Incident, mention: EventMention, days: bool = True
    ) -> bool:
        """No place further than max_km from the incident's, and (with ``days``) no other exact day."""
        new_places = [
            p for p in ctx.buckets.places_of([mention.sentence]) if p.latitude is not None and p.role is None
        ]
        fine_new = [p for p in new_places if (p.geo_precision or 3) <= 2]
        old = ctx.summary(incident)
        if (
            fine_new
            and old.points
            and min(_km(a, b) for a in fine_new for b in old.points.values()) > self.max_km
        ):
            return False
        if not days:
            return True
        new_days = self._days_of(ctx.buckets, [mention.sentence])
        return not (new_days and old.days and not (new_days & old.days))

    def group(self, doc: Document, buckets: SentenceBuckets | None = None) -> list[Incident]:
        """The document's incidents, in the order first told (``buckets``: the document's,
        when the caller has them already)."""
        ctx = _Context(buckets or SentenceBuckets(doc), self)
        flags = self._background_flags(doc)
        times_by_sent: dict[int, list[TimeMention]] = {}
        for t in doc.times:
            times_by_sent.setdefault(t.sentence, []).append(t)
        tallies = self._tally_sentences(doc)
        incidents: list[Incident] = []
        shelves = {False: _Shelves(), True: _Shelves()}  # new and background incidents
        for mention in sorted(doc.mentions, key=lambda m: (m.sentence, -m.score)):
            if mention.score < self.min_score or mention.sentence in tallies:
                continue
            sent = doc.sentences[mention.sentence]
            if mention.background_score is not None:  # the reporting model, unless a date says otherwise
                own = self._sentence_background(doc, sent, times_by_sent.get(mention.sentence, []), cue=False)
                background = mention.reported_as == "background" if own is None else own
            else:
                background = flags[mention.sentence] if mention.sentence < len(flags) else False
            mention.reported_as = "background" if background else "new"
            link = bool(LINK_CUE.search(sent.text))
            mention.links_back = link
            target: Incident | None = None
            shelf = shelves[background]
            same_bg = shelf.all  # the incidents of the same kind, in order
            if (
                same_bg
                and REFERS_BACK.search(sent.text)
                and same_bg[-1].sentences[-1] >= mention.sentence - 3
                and self._compatible(ctx, same_bg[-1], mention)
            ):
                target = same_bg[-1]
            else:
                for inc in reversed(shelf.by_type.get(mention.sub_event_type, [])):
                    if self._compatible(ctx, inc, mention):
                        target = inc
                        break
            if (
                target is None
                and not link
                and DEFINITE_BEFORE.search(sent.text[: mention.trigger_start - sent.start])
            ):
                # "displaced by the fighting", "Monday's attack": a definite phrase names an
                # incident already told, of the same family
                family = family_of(mention.event_type)
                for inc in reversed(shelf.by_family.get(family, []) if family else []):
                    if self._compatible(ctx, inc, mention, days=False):
                        target = inc
                        break
            if target is None and not link and CASUALTY_ONLY.fullmatch(mention.trigger.strip()):
                # "Five of the wounded died overnight in hospital": a later figure for the
                # violent incident told before, reported on another day or from the hospital
                for inc in reversed(shelf.by_family.get("violence", [])):
                    if self._compatible(ctx, inc, mention, days=False):
                        target = inc
                        break
            if target is None and not link and not self._anchored(ctx.buckets, mention):
                # a sentence with no place or day of its own ("Residents said the gunmen
                # also torched shops") adds to the first incident of the same family,
                # unless it tells of a response ("hours after the attack, a drone strike...")
                family = family_of(mention.event_type)
                joins_any = mention.sub_event_type in SIDE_EFFECTS
                joinable = (
                    shelf.with_family if joins_any else shelf.by_family.get(family, []) if family else []
                )
                for inc in joinable:
                    if self._compatible(ctx, inc, mention):
                        target = inc
                        break
            if (
                target is None
                and not link
                and mention.typed_by == "model"
                and mention.score < UNSURE_SCORE
                and shelf.all
                and shelf.all[-1].sentences[-1] >= mention.sentence - 3
                and not self._anchored(ctx.buckets, mention)
                and self._compatible(ctx, shelf.all[-1], mention)
            ):
                # the trained typer is unsure, and the sentence has no place or day of its own:
                # it goes on telling the incident just told ("Police detained six people.")
                target = shelf.all[-1]
            if target is None:
                target = Incident(background=background)
                incidents.append(target)
                target.add(mention)
                shelf.add(target)
            else:
                target.add(mention)
                shelf.update(target)
            target.link = target.link or link
        self._attach_figures(doc, incidents, flags, tallies)
        return incidents

    @staticmethod
    def _attach_figures(
        doc: Document, incidents: list[Incident], flags: list[bool], tallies: set[int]
    ) -> None:
        """A sentence with casualty figures but no event words of its own ("This resulted in
        the deaths of several fighters") belongs to the incident told just before it in
        the same paragraph."""
        covered = {s for inc in incidents for s in inc.sentences}
        figure_sentences = sorted({q.sentence for q in doc.quantities if not q.cumulative})
        for idx in figure_sentences:
            if idx in covered or idx in tallies or idx >= len(doc.sentences) or flags[idx]:
                continue
            para = doc.sentences[idx].paragraph
            before = [
                inc
                for inc in incidents
                if not inc.background
                and inc.sentences[-1] < idx
                and doc.sentences[inc.sentences[-1]].paragraph == para
            ]
            if before:
                target = max(before, key=lambda inc: inc.sentences[-1])
                target.sentences.append(idx)
                target.link = target.link or bool(LINK_CUE.search(doc.sentences[idx].text))


class _Summary:
    """What :meth:`IncidentGrouper._compatible` asks of an incident: its fine places (one
    per point) and its exact days, over its first ``count`` sentences."""

    def __init__(self) -> None:
        self.count = 0
        self.points: dict[tuple[float | None, float | None], PlaceMention] = {}
        self.days: set[str] = set()


class _Context:
    """One document's buckets, and a summary of each incident grown as it grows."""

    def __init__(self, buckets: SentenceBuckets, grouper: IncidentGrouper) -> None:
        self.buckets = buckets
        self.grouper = grouper
        self._summaries: dict[int, tuple[Incident, _Summary]] = {}

    def summary(self, incident: Incident) -> _Summary:
        kept = self._summaries.get(id(incident))
        summary = kept[1] if kept is not None and kept[0] is incident else _Summary()
        if summary.count > len(incident.sentences):
            summary = _Summary()
        for index in incident.sentences[summary.count :]:
            for p in self.buckets.places_of([index]):
                if p.latitude is not None and (p.geo_precision or 3) <= 2 and p.role is None:
                    summary.points.setdefault((p.latitude, p.longitude), p)
            summary.days |= self.grouper._days_of(self.buckets, [index])
        summary.count = len(incident.sentences)
        self._summaries[id(incident)] = (incident, summary)
        return summary


class _Shelves:
    """The incidents of one kind (new or background) in the order told, and the same
    shelved by their best mention's sub-event type and family (kept current as they grow),
    so that finding "the latest incident of this type" does not read them all."""

    def __init__(self) -> None:
        self.all: list[Incident] = []
        self.by_type: dict[str, list[Incident]] = {}
        self.by_family: dict[str, list[Incident]] = {}
        self.with_family: list[Incident] = []  # those whose best mention has a family
        self._order: dict[int, int] = {}
        self._key: dict[int, tuple[str, str | None]] = {}

    def add(self, incident: Incident) -> None:
        """A new incident (with its first mention)."""
        self._order[id(incident)] = len(self.all)
        self.all.append(incident)
        self._shelve(incident)

    def update(self, incident: Incident) -> None:
        """The incident has grown: its best mention may have changed."""
        best = incident.best
        if self._key[id(incident)] != (best.sub_event_type, family_of(best.event_type)):
            self._unshelve(incident)
            self._shelve(incident)

    def _shelves(self, key: tuple[str, str | None]) -> list[list[Incident]]:
        sub_event_type, family = key
        out = [self.by_type.setdefault(sub_event_type, [])]
        if family:
            out += [self.by_family.setdefault(family, []), self.with_family]
        return out

    def _position(self, incident: Incident) -> int:
        return self._order[id(incident)]

    def _shelve(self, incident: Incident) -> None:
        best = incident.best
        key = self._key[id(incident)] = (best.sub_event_type, family_of(best.event_type))
        for shelf in self._shelves(key):
            insort(shelf, incident, key=self._position)

    def _unshelve(self, incident: Incident) -> None:
        for shelf in self._shelves(self._key[id(incident)]):
            del shelf[bisect_left(shelf, self._position(incident), key=self._position)]
