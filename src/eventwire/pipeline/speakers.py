"""Stage ``eventwire.speakers.v1``: who each sentence is attributed to.

Sets ``Sentence.speaker`` for attributed sentences:

* a speech verb with a subject ("X said", "said X", "X told reporters",
  "X announced on November 21", "X, a spokesman for Y, said", "a Pentagon
  spokesman said"), read from spaCy's dependency parse;
* "according to X";
* quoted passages (straight or curly quotes) without their own attribution take
  the one of the same quote span, else of the next or previous sentence in the
  paragraph; a paragraph that opens with a quote and has no attribution
  continues the previous paragraph's quoted speaker;
* "he said"/"she said" take the last named speaker.

Stance: "claimed" for claims of responsibility, "denied" for denials,
"reported" for hearsay ("reportedly", "according to local media"), else
"asserted" (:mod:`.stance`, which assembly also reads). ``said_on`` is set when the speech verb is dated ("announced on
November 21"), resolved against the document's ``published`` date.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Document, Speaker
from .index import EntityIndex
from .registry import stage
from .stance import stance_of
from .time_resolve import parse_reference, resolve_time

_SAY_LEMMAS = {
    "say", "tell", "announce", "state", "add", "claim", "deny", "report", "confirm", "note", "warn",
    "explain", "declare", "insist", "allege", "accuse", "acknowledge", "admit", "write", "tweet", "post",
    "reiterate", "assert", "stress", "affirm",
}  # fmt: skip
_TITLES = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|official|officials|commander|governor|president|chief|"
    r"general|colonel|officer|director|secretary|ambassador|mayor|leader|head|spokesperson|analyst|"
    r"witness(?:es)?|residents?|source|sources|police|army|military|ministry|agency|council|senator|"
    r"prime\s+minister|representative|envoy|adviser|advisor|researcher|doctor|medic)\b",
    re.I,
)
_ORG_NOUN = r"(?:ministry|army|police|military|government|department|office|agency|council|command|forces)"
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_HONORIFICS = {"mr", "ms", "mrs", "dr"}
_QUOTE = re.compile(r"[\"“”]")
_DATED = re.compile(r"^\s*(?:(?:late|early)\s+)?on\s+$|^\s*$", re.I)


def _describe(span: Any, ents: EntityIndex) -> tuple[str | None, str | None, str | None]:
    """(name, title, organisation) from the tokens of a speaker phrase."""
    name = org = None
    for ent in ents.within(span.start, span.end):
        if ent.label_ == "PERSON" and name is None:
            name = ent.text
        elif ent.label_ in ("ORG", "GPE", "NORP") and org is None:
            org = ent.text
    title_tokens = [
        t
        for t in span
        if t.ent_type_ != "PERSON"
        and t.pos_ not in ("DET", "PUNCT", "PRON")
        and t.text.lower().rstrip(".") not in _HONORIFICS
    ]
    title_text = " ".join(t.text for t in title_tokens).strip()
    title: str | None = None
    if _TITLES.search(title_text):
        title = title_text
    elif name is None and org is None and title_text:
        title = title_text
    if org is not None and org.lower().startswith("the "):
        org = org[4:]
    if title is not None:
        title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.I)
        m = re.match(r"(.*?)\s+(?:for|of|at|with)\s+(?:the\s+)?(.+)$", title)
        if m and _TITLES.search(m[1]):
            title, org = m[1], org or m[2]
        title = title.strip(" ,") or None
    if org is not None and title:
        # the model often tags only "Interior" of "Interior ministry spokeswoman"
        grown = re.match(rf"{re.escape(org)}\s+{_ORG_NOUN}\b", title, re.I)
        if grown:
            org = grown.group(0)
    if org is None and title:
        # "Pentagon spokesman", "Interior ministry spokeswoman": the organisation before the title
        m = re.match(
            rf"^([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*(?:\s+{_ORG_NOUN})?)\s+(?:deputy\s+)?\w+",
            title,
        )
        if m and _TITLES.search(title[m.end(1) :]):
            org = m[1]
    return name, title, org


class SpeakerStage:
    """Attributes sentences to speakers (see the module docstring)."""

    def __call__(self, doc: Document) -> None:
        for sent in doc.sentences:
            sent.speaker = None
        sdoc = doc.spacy_doc
        if sdoc is None or not doc.sentences:
            return
        published = parse_reference(doc.published)
        spacy_sents = list(sdoc.sents)
        ents = EntityIndex(sdoc)
        last_named: Speaker | None = None
        found: dict[int, Speaker] = {}
        for sent in doc.sentences:
            if sent.index >= len(spacy_sents):
                break
            speaker = self._attribution(doc, spacy_sents[sent.index], sdoc, ents, published, last_named)
            if speaker is not None:
                speaker.stance = stance_of(sent.text)
                if (
                    speaker.name
                    and " " not in speaker.name
                    and last_named is not None
                    and last_named.name
                    and last_named.name.split()[-1] == speaker.name
                ):  # "Mr. Ryder" after "Patrick Ryder"
                    speaker.name = last_named.name
                    speaker.title = speaker.title or last_named.title
                    speaker.organisation = speaker.organisation or last_named.organisation
                found[sent.index] = speaker
                if speaker.name:
                    last_named = speaker
        self._quotes(doc, found)
        for index, speaker in found.items():
            doc.sentences[index].speaker = speaker

    def pipe(self, docs: list[Document]) -> None:
        for doc in docs:
            self(doc)

    def _attribution(
        self,
        doc: Document,
        ssent: Any,
        sdoc: Any,
        ents: EntityIndex,
        published: Any,
        last_named: Speaker | None,
    ) -> Speaker | None:
        m = _ACCORDING.search(ssent.text)
        if m:
            start = ssent.start_char + m.end()
            phrase = sdoc.char_span(start, ssent.end_char, alignment_mode="expand")
            if phrase is not None:
                tokens: list[Any] = []
                for t in phrase:
                    if (
                        t.is_punct
                        or (t.pos_ in ("VERB", "AUX", "ADP") and tokens)
                        or t.text.lower() in ("that",)
                    ):
                        break
                    tokens.append(t)
                if tokens:
                    span = sdoc[tokens[0].i : tokens[-1].i + 1]
                    name, title, org = _describe(span, ents)
                    return Speaker(name=name, title=title, organisation=org)
        for tok in ssent:
            if tok.lemma_.lower() not in _SAY_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                continue
            said_on = self._said_on(doc, tok, ents, published)
            if subj.pos_ == "PRON":
                if subj.text.lower() in ("he", "she") and last_named is not None:
                    return Speaker(
                        last_named.name, last_named.title, last_named.organisation, said_on=said_on
                    )
                if subj.text.lower() in ("it", "they", "we", "i"):
                    continue
            subtree = list(subj.subtree)
            span = sdoc[subtree[0].i : subtree[-1].i + 1]
            name, title, org = _describe(span, ents)
            if name is None and title is None and org is None:
                continue
            return Speaker(name=name, title=title, organisation=org, said_on=said_on)
        return None

    @staticmethod
    def _said_on(doc: Document, verb: Any, ents: EntityIndex, published: Any) -> str | None:
        end = verb.idx + len(verb.text)
        for ent in ents.starting_between(end, end + 14):
            if ent.label_ == "DATE":
                if _DATED.match(doc.text[end : ent.start_char]):
                    resolved = resolve_time(ent.text, published)
                    if resolved and resolved[0] and resolved[0] == resolved[1]:
                        return resolved[0]
        return None

    @staticmethod
    def _quotes(doc: Document, found: dict[int, Speaker]) -> None:
        """Give quoted sentences the attribution of their quote, neighbour or paragraph."""
        sents = doc.sentences
        quoted = [bool(_QUOTE.search(s.text)) for s in sents]
        # sentences inside one quote span (between an opening and closing mark)
        inside = [False] * len(sents)
        open_at: int | None = None
        for s in sents:
            for ch in _QUOTE.findall(s.text):
                if ch == "“" or (ch == '"' and open_at is None):
                    open_at = s.index if open_at is None else open_at
                elif open_at is not None:
                    for k in range(open_at, s.index + 1):
                        inside[k] = True
                    open_at = None
            if open_at is not None:
                inside[s.index] = True
            # a quote left open at a paragraph's end continues in the next paragraph
        n = len(sents)
        # run_end[i]: the first sentence after i that does not go on with a quote in i's
        # paragraph; last_found[m]: the last attributed sentence before m (the sentences after
        # the one being settled keep their own attribution while it is, so both hold throughout)
        run_end = list(range(1, n + 1))
        for i in range(n - 2, -1, -1):
            if inside[i + 1] and sents[i + 1].paragraph == sents[i].paragraph:
                run_end[i] = run_end[i + 1]
        last_found = [-1] * (n + 1)
        for m in range(1, n + 1):
            last_found[m] = m - 1 if (m - 1) in found else last_found[m - 1]
        for s in sents:
            i = s.index
            if i in found or not (quoted[i] or inside[i]):
                continue
            # the latest attribution in the quote that goes on after i, else i's neighbours
            in_run = last_found[run_end[i]]
            candidates = [in_run] if in_run > i else []
            for k in candidates + [i + 1, i - 1]:
                if 0 <= k < n and k in found and sents[k].paragraph == s.paragraph:
                    found[i] = found[k]
                    break
            else:
                # a quoted paragraph that continues the previous paragraph's quote
                if s.text.lstrip()[:1] in ('"', "“") and i > 0 and sents[i - 1].paragraph == s.paragraph - 1:
                    prev = sents[i - 1].index
                    if prev in found and (quoted[prev] or inside[prev]):
                        found[i] = found[prev]
        # sentences of one quote that continue to each other
        for s in sents:
            i = s.index
            if i not in found and inside[i] and i > 0 and inside[i - 1] and (i - 1) in found:
                found[i] = found[i - 1]


@stage("eventwire.speakers.v1", default_config={})
def make_speakers_stage(resources: Any) -> SpeakerStage:
    return SpeakerStage()
