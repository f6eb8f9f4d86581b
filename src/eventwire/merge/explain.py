"""Why an event holds its reports, in words: for ``eventwire show`` and the web page."""

from __future__ import annotations

from ..model import Event, MergeNote


def _values(note: MergeNote) -> str:
    parts = [note.sub_event_type or "untyped", note.event_date or "undated", note.location or "no place"]
    if note.fatalities is not None:
        parts.append(f"killed {note.fatalities}")
    if note.reported_as != "new":
        parts.append(note.reported_as)
    return ", ".join(parts)


def merge_lines(event: Event) -> list[str]:
    """One line per merged report: its document, why it is part of the event, and its own values."""
    lines = []
    doc_of = {n.report_id: n.document_id for n in event.merge}
    for i, note in enumerate(event.merge, 1):
        where = f"{note.document_id} ({note.outlet or 'unknown outlet'}, {note.published or 'undated'})"
        if note.how == "anchor":
            why = "first report"
        elif note.how == "manual":
            why = f"merged by hand with {note.joined} ({doc_of.get(note.joined or '', '?')})"
        else:
            scores = ", ".join(f"{k} {v:g}" for k, v in note.criteria.items())
            why = f"matched {note.joined} ({doc_of.get(note.joined or '', '?')}) at {note.score:g}: {scores}"
        lines.append(f"{i}. {where}: {why}; its own version: {_values(note)}")
    return lines
