"""Stage ``eventwire.places.v1``: place mentions resolved against the gazetteer.

Spans come from spaCy's GPE/LOC/FAC entities, plus capitalised names the
small model mislabels (ORG, PERSON, or no entity: "Al-Asad", "Erbil") when
the gazetteer knows them AND the text uses them as places ("in/at/near X",
"X air base", "X province"), plus the names :mod:`.toponym_spans` finds
("Bismarck, North Dakota", "the Hamilton County Commission", "from Butler and
Zelienople"). Demonyms ("Iraqi") are never places.

Resolution ranks homonyms by feature type, population and the document's
country focus (countries named in it, demonyms, unambiguous places), so
"Tripoli" is Lebanese in a Lebanon story and Libyan in a Libya story.

Precision codes (ACLED ``geo_precision``, UCDP ``where_prec``) and "N km south of X"
offsets are in :mod:`.place_coding`; the words read around a name in :mod:`.place_cues`.

Decision for country-only mentions: like ACLED, they carry the capital's
coordinates with geo_precision 3 (where_prec 6), so a map can still place
them; the precision says the point is only representative. Admin1 mentions
carry the point of the city of the same name when there is one (often the
provincial capital), else no point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..gazetteer import Gazetteer
from ..gazetteer.resolver import Toponym, resolve_toponyms
from ..model import Document, PlaceMention
from .attachment import statement_place
from .index import SentenceIndex
from .place_coding import MAX_OFFSET_KM, apply_offset, offset_before, precision
from .place_cues import (
    DATELINE,
    DATELINE_HEADER,
    SKIP_BEFORE,
    inner_hint,
    inside_institution,
    locative_before,
    near_before,
    outlet_country,
    prefix_hint,
    strip_suffix,
    suffix_hint,
)
from .place_words import LOCATIVE_AFTER, MAYBE_PLACE_LABELS, NOT_PLACE_AFTER, PLACE_LABELS
from .registry import stage
from .toponym_spans import (
    chain_spans,
    coordinated,
    headline_spans,
    is_generic,
    lookup_variants,
    names_a_person,
    placed_by_body,
    unit_spans,
)

__all__ = ["MAX_OFFSET_KM", "PlacesStage", "make_places_stage"]


class PlacesStage:
    """Finds place-like spans in a document, resolves them and marks dateline and statement places."""

    def __init__(self, resources: Any, min_name_length: int, ranker: Any = None) -> None:
        self.resources = resources
        self.min_name_length = min_name_length
        self.ranker = ranker  # the toponym ranker; None: the shipped one

    @property
    def gazetteer(self) -> Gazetteer:
        gaz: Gazetteer = self.resources.gazetteer
        return gaz

    def __call__(self, doc: Document) -> None:
        spans = self._spans(doc) if doc.place_spans is None else self._given_spans(doc, doc.place_spans)
        places = self._resolve_all(doc, spans)
        self._attach_admin1(places)
        self._mark_roles(doc, places)
        doc.places = places

    def _mark_roles(self, doc: Document, places: list[PlaceMention]) -> None:
        """The dateline's places get role "dateline"; a statement's place ("said in Washington",
        "a spokesman in Washington said", "the Geneva-based group"; a town that names the
        speaker, "Washington said", but not a country, which is only its nationality: "Iraq's
        ministry said") gets role "statement" (see :mod:`.attachment`)."""
        header = self._dateline_end(doc.text)
        for p in places:
            if p.start < header:
                p.role = "dateline"
                continue
            kind = statement_place(doc.spacy_doc, p.start, p.end)
            if kind == "where" or (kind == "speaker" and p.feature_type != "country"):
                p.role = "statement"

    def _dateline_end(self, text: str) -> int:
        """Where the dateline ("KINSHASA, Congo (AP) —") ends: 0 when the text has none."""
        m = DATELINE.match(text)
        if m is None or not self.gazetteer.lookup(m[1].title()):
            return 0
        header = DATELINE_HEADER.match(text, m.end(1))
        return header.end() if header else m.end(1)

    # -- finding spans ----------------------------------------------------

    def _spans(self, doc: Document) -> list[tuple[int, int, str | None, bool]]:
        """(start, end, hint, near) of each place-like span, in text order, not overlapping."""
        sdoc = doc.spacy_doc
        out: list[tuple[int, int, str | None, bool]] = []
        taken: set[int] = set()
        gaz = self.gazetteer
        if sdoc is None:
            for ent in doc.entities:
                if ent.label in PLACE_LABELS and not gaz.is_demonym(ent.text):
                    out.append((ent.start, ent.end, None, False))
            return out
        candidates: list[tuple[int, int, bool, bool]] = []  # token start, end, sure, placed by context
        for ent in sdoc.ents:
            if ent.label_ in PLACE_LABELS:
                candidates.append((ent.start, ent.end, True, False))
            elif ent.label_ in MAYBE_PLACE_LABELS:
                candidates.append((ent.start, ent.end, False, False))
                candidates += inside_institution(sdoc, ent.start, ent.end)
        dateline = self._dateline(doc, sdoc)
        if dateline is not None:
            candidates.append(dateline)
        in_ent = {i for ent in sdoc.ents for i in range(ent.start, ent.end)}
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(sdoc):  # capitalised runs outside entities ("Al-Asad air base")
            tok = sdoc[i]
            if i not in in_ent and tok.pos_ == "PROPN" and tok.text[:1].isupper():
                j = i + 1
                while (
                    j < len(sdoc)
                    and j not in in_ent
                    and (
                        sdoc[j].pos_ == "PROPN"
                        or (sdoc[j].text == "-" and j + 1 < len(sdoc) and sdoc[j + 1].pos_ == "PROPN")
                    )
                ):
                    j += 1
                candidates.append((i, j, False, False))
                runs.append((i, j))
                if j - i >= 2 and tok.is_sent_start:  # "Angry Ramadi residents": a capitalised first word
                    candidates.append((i + 1, j, False, False))
                i = j
            else:
                i += 1
        # names the model misses (see .toponym_spans)
        candidates += chain_spans(sdoc, gaz) + unit_spans(sdoc) + headline_spans(sdoc, runs)
        candidates.sort(key=lambda c: (c[0], -c[1]))  # the longer of two names that start together first
        if dateline is not None:  # the dateline goes first: no shorter entity may split it
            candidates.remove(dateline)
            candidates.insert(0, dateline)
        spans: list[tuple[int, int, str | None]] = []
        unplaced: list[tuple[int, int]] = []  # known names that wanted a place context
        for start, end, sure, placed in candidates:
            found = self._accept(sdoc, start, end, sure, placed, taken, unplaced)
            if found is not None:
                spans.append(found)
        placed_tokens = {k for s, e, _hint in spans for k in range(s, e)}
        names = {strip_suffix(sdoc[s:e].text) for s, e, _hint in spans}
        retry = True
        while retry:  # "from Butler and Zelienople": a name listed with a place is one, and so
            retry = False  # is a name the text uses as a place elsewhere ("in Garissa ... Garissa said")
            for start, end in list(unplaced):
                if not any(k in taken for k in range(start, end)) and (
                    (sdoc[start:end].text in names and not names_a_person(sdoc, start, end))
                    or coordinated(sdoc, start, end, placed_tokens)
                ):
                    found = self._accept(sdoc, start, end, False, True, taken, [])
                    unplaced.remove((start, end))
                    if found is not None:
                        spans.append(found)
                        placed_tokens.update(range(found[0], found[1]))
                        names.add(strip_suffix(sdoc[found[0] : found[1]].text))
                        retry = True
        for start, end2, hint in spans:
            near = near_before(sdoc, start)
            out.append((sdoc[start].idx, sdoc[end2 - 1].idx + len(sdoc[end2 - 1].text), hint, near))
        out.sort()
        return out

    def _accept(
        self,
        sdoc: Any,
        start: int,
        end: int,
        sure: bool,
        placed: bool,
        taken: set[int],
        unplaced: list[tuple[int, int]],
    ) -> tuple[int, int, str | None] | None:
        """(start, end, hint) in tokens of a candidate that is a place, marked taken; None if not.
        A known name turned down only for want of a place context goes to ``unplaced``."""
        gaz = self.gazetteer
        while start < end and sdoc[start].lower_ in SKIP_BEFORE:  # drop a leading article
            start += 1
        if start >= end or any(k in taken for k in range(start, end)):
            return None
        text = sdoc[start:end].text
        if len(text) < self.min_name_length:
            return None
        end2, hint = suffix_hint(sdoc, end)
        if hint is None:
            hint = inner_hint(sdoc, start, end)
        locative = (
            placed
            or locative_before(sdoc, start)
            or end2 > end
            or (end < len(sdoc) and sdoc[end].lower_ in LOCATIVE_AFTER)
        )
        if gaz.is_demonym(text) and not (locative and end2 == end and gaz.country(text)):
            return None  # "Iraqi", "US forces"; but "in the US" is a place
        locative = locative or placed_by_body(sdoc, start, end)
        if end < len(sdoc) and sdoc[end].lower_ in NOT_PLACE_AFTER:
            return None  # "the Ombari ethnic group", "Tesvani militiamen": people, not places
        if not sure:
            if is_generic(text):
                return None  # "Village", "May"
            cands = (
                gaz.lookup(sdoc[start:end2].text)
                or gaz.lookup(text)
                or gaz.lookup(strip_suffix(text))
                or lookup_variants(gaz, text)
            )
            if text.isupper() and len(text) <= 5:  # "IS", "MSF": an acronym is a place only as
                cands = [c for c in cands if c.feature_type in ("country", "admin1", "admin2")]
            if not cands:
                return None
            # without "in/at/near" before it, only a well-known place counts ("Kirkuk was
            # shelled"), and never a name the model takes for a person ("Jordan said")
            if not locative and (
                sdoc[start].ent_type_ == "PERSON" or not any(c.primary and gaz.prior(c) >= 5.3 for c in cands)
            ):
                unplaced.append((start, end))
                return None
        taken.update(range(start, end2))
        return start, end2, hint

    def _dateline(self, doc: Document, sdoc: Any) -> tuple[int, int, bool, bool] | None:
        """A wire dateline in capitals that opens the text ("KABUL, Afghanistan —", "DERA
        ISMAIL KHAN:") names the place the report comes from, when the gazetteer knows it."""
        m = DATELINE.match(doc.text)
        if m is None or not self.gazetteer.lookup(m[1].title()):
            return None
        span = sdoc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None or not len(span):
            return None
        return span.start, span.end, False, True

    def _given_spans(
        self, doc: Document, given: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int, str | None, bool]]:
        """The caller's spans, in the caller's order, with the hint and "near" read around them."""
        sdoc = doc.spacy_doc
        out: list[tuple[int, int, str | None, bool]] = []
        for start, end in given:
            hint: str | None = None
            near = False
            span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
            if span is not None and len(span):
                _end2, hint = suffix_hint(sdoc, span.end)
                hint = hint or inner_hint(sdoc, span.start, span.end)
                near = near_before(sdoc, span.start)
            out.append((start, end, hint, near))
        return out

    # -- resolving --------------------------------------------------------

    def _resolve_all(
        self, doc: Document, spans: Sequence[tuple[int, int, str | None, bool]]
    ) -> list[PlaceMention]:
        gaz = self.gazetteer
        toponyms = []
        sentences = SentenceIndex(doc.sentences)
        for start, end, hint, _near in spans:
            sent = sentences.sentence_at(start)
            toponyms.append(
                Toponym(
                    doc.text[start:end],
                    start,
                    end,
                    sent.index if sent else 0,
                    hint or prefix_hint(doc.text, start),
                )
            )
        demonyms = [
            iso2 for ent in doc.entities if ent.label == "NORP" and (iso2 := gaz.country_of_demonym(ent.text))
        ]
        outlet = outlet_country(gaz, doc.url)
        resolutions = resolve_toponyms(
            gaz, toponyms, demonyms, outlet, doc.text, gaz.focus_hints(doc.text), self.ranker
        )
        places = []
        for (start, end, _hint, near), top, res in zip(spans, toponyms, resolutions, strict=True):
            mention = PlaceMention(start=start, end=end, text=top.text, sentence=top.sentence, note=res.note)
            cand = res.candidate
            if cand is not None:
                offset = offset_before(doc.text, start)
                geo, where = precision(cand, near or offset is not None)
                mention.name = cand.name
                mention.gazetteer_id = cand.gazetteer_id
                mention.latitude = cand.latitude
                mention.longitude = cand.longitude
                mention.country = cand.country
                mention.iso3 = cand.iso3
                mention.admin1 = cand.admin1
                mention.admin2 = cand.admin2
                mention.feature_type = cand.feature_type
                mention.geo_precision = geo
                mention.where_prec = where
                if offset is not None:
                    apply_offset(mention, *offset)
            places.append(mention)
        return places

    @staticmethod
    def _attach_admin1(places: list[PlaceMention]) -> None:
        """ "Ramadi, Anbar province" / "Ramadi in Anbar province": the town gets the province."""
        for i, p in enumerate(places):
            if p.feature_type not in ("city", "airbase", "facility") or p.admin1:
                continue
            for q in places[i + 1 : i + 3]:
                if (
                    q.sentence == p.sentence
                    and q.feature_type == "admin1"
                    and q.iso3 == p.iso3
                    and q.start - p.end <= 40
                ):
                    p.admin1 = q.admin1
                    break


@stage("eventwire.places.v1", default_config={"min_name_length": 2, "ranker": ""})
def make_places_stage(resources: Any, min_name_length: int, ranker: str) -> PlacesStage:
    """``ranker``: a toponym ranker file from ``eventwire gazetteer train-ranker`` (default: the
    shipped one); a missing or broken file fails here, naming it."""
    from ..gazetteer.resolver import RANKER
    from ..learn.ranker import load_shipped

    if ranker:
        return PlacesStage(resources, min_name_length, load_shipped(ranker))
    if RANKER.get() is None:  # (set while a ranker is trained, when the shipped one may be missing)
        load_shipped()  # fail here, not on every document
    return PlacesStage(resources, min_name_length)
