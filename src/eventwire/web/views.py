"""The JSON the pages are built from: event details with evidence in context, documents with
their evidence spans marked. Plain dicts; the templates and the page's script render them as text."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..api import LinkedEvents
from ..merge.explain import merge_lines
from ..model import Event

CONTEXT_CHARS = 320  # characters of the document shown on each side of an evidence sentence


def event_json(e: Event) -> dict[str, Any]:
    """``e.to_dict()`` (built without ``dataclasses.asdict``'s deep copies); tests check that
    the two agree."""
    return e.to_dict()


def event_href(event_id: str) -> str:
    """The path of an event's page (and JSON)."""
    return "/events/" + quote(event_id, safe="")


def document_href(document_id: str) -> str:
    """The path of a document's page (and JSON)."""
    return "/documents/" + quote(document_id, safe="")


def event_summary(e: Event) -> dict[str, Any]:
    """A one-line view of an event, with the path of its page."""
    return {
        "event_id": e.event_id,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "event_date": e.event_date,
        "country": e.country,
        "location": e.location,
        "fatalities": e.fatalities.best,
        "reported_as": e.reported_as,
        "href": event_href(e.event_id),
    }


def _trim_before(text: str) -> str:
    if len(text) < CONTEXT_CHARS:
        return text
    cut = text.find(" ")
    return "…" + text[cut + 1 :] if 0 <= cut < 40 else "…" + text


def _trim_after(text: str) -> str:
    if len(text) < CONTEXT_CHARS:
        return text
    cut = text.rfind(" ")
    return text[:cut] + "…" if cut > len(text) - 40 else text + "…"


def in_context(text: str | None, sentence: str, start: int, end: int) -> dict[str, str]:
    """The evidence sentence with the document text around it: {"before", "sentence", "after"}.

    When the offsets do not point at the sentence in ``text`` (no document, or a
    different text) only the sentence is given.
    """
    if text is None or not 0 <= start <= end <= len(text) or text[start:end].strip() != sentence.strip():
        return {"before": "", "sentence": sentence, "after": ""}
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return {"before": _trim_before(before), "sentence": text[start:end], "after": _trim_after(after)}


def speakers_of(e: Event) -> list[dict[str, Any]]:
    """Who the sources and claims quote, once each: {"name", "title", "organisation", "stance", "document_id"}."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in e.claims:
        if c.speaker or c.organisation:
            key = (c.speaker, c.speaker_title, c.organisation, c.stance)
            seen.setdefault(
                key,
                {
                    "name": c.speaker,
                    "title": c.speaker_title,
                    "organisation": c.organisation,
                    "stance": c.stance,
                    "document_id": c.document_id,
                },
            )
    named = {v["name"] for v in seen.values()} | {v["organisation"] for v in seen.values()}
    for s in e.sources:
        if s.speaker and s.speaker not in named:
            named.add(s.speaker)
            seen[(s.speaker,)] = {
                "name": s.speaker,
                "title": None,
                "organisation": None,
                "stance": None,
                "document_id": s.document_id,
            }
    return list(seen.values())


def sources_by_document(e: Event, documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The event's sources, one entry per article (in the order they first support the event)
    with its evidence sentences inside, each in context."""
    articles: dict[str, dict[str, Any]] = {}
    for s in e.sources:
        doc = documents.get(s.document_id)
        article = articles.get(s.document_id)
        if article is None:
            article = articles[s.document_id] = {
                "document_id": s.document_id,
                "title": doc.get("title") if doc else None,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published,
                "href": document_href(s.document_id),
                "evidence": [],
            }
        article["evidence"].append(
            {
                "sentence": s.sentence,
                "speaker": s.speaker,
                "char_start": s.char_start,
                "char_end": s.char_end,
                "context": in_context(doc.get("text") if doc else None, s.sentence, s.char_start, s.char_end),
            }
        )
    for article in articles.values():
        article["evidence"].sort(key=lambda ev: ev["char_start"])  # in reading order
    return list(articles.values())


def event_detail(e: Event, linked: LinkedEvents, documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Everything the event panel shows: the record, its sources by article with their evidence
    in context, speakers, claims, the reports merged into it and why, links."""
    sources = sources_by_document(e, documents)
    return {
        "event": event_json(e),
        "sources": sources,
        "claims": [c.to_dict() for c in e.claims],
        "speakers": speakers_of(e),
        "reports": [
            {**m.to_dict(), "explanation": line} for m, line in zip(e.merge, merge_lines(e), strict=True)
        ],
        "linked": {
            "responds_to": event_summary(linked.responds_to) if linked.responds_to else None,
            "responses": [event_summary(r) for r in linked.responses],
        },
    }


def document_view(document: dict[str, Any], events: list[Event]) -> dict[str, Any]:
    """The document with its evidence spans: ``spans`` (merged where they overlap, with the
    events each supports) and ``segments``, the text cut at the spans for rendering."""
    text: str = document.get("text") or ""
    doc_id = document.get("document_id")
    raw: list[tuple[int, int, str]] = []
    for e in events:
        for s in e.sources:
            if s.document_id == doc_id and 0 <= s.char_start < s.char_end <= len(text):
                raw.append((s.char_start, s.char_end, e.event_id))
    raw.sort()
    spans: list[dict[str, Any]] = []
    for start, end, event_id in raw:
        if spans and start < spans[-1]["end"]:
            last = spans[-1]
            last["end"] = max(last["end"], end)
            if event_id not in last["event_ids"]:
                last["event_ids"].append(event_id)
        else:
            spans.append({"start": start, "end": end, "event_ids": [event_id]})
    segments: list[dict[str, Any]] = []
    at = 0
    for span in spans:
        if span["start"] > at:
            segments.append({"text": text[at : span["start"]], "event_ids": []})
        segments.append({"text": text[span["start"] : span["end"]], "event_ids": span["event_ids"]})
        at = span["end"]
    if at < len(text):
        segments.append({"text": text[at:], "event_ids": []})
    return {
        "document": document,
        "spans": spans,
        "segments": segments,
        "events": [event_summary(e) for e in events],
    }
