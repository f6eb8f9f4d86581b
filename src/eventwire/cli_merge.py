"""``eventwire merge`` and ``eventwire split``: an analyst corrects a merging decision,
and the correction survives later ingests."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_support import ConfigOption, DbOption, JsonOption, out, print_json, run, settings_for
from .merge.explain import merge_lines


def merge(
    event_ids: Annotated[list[str], typer.Argument(help="Two or more event ids to merge into one.")],
    force: Annotated[
        bool, typer.Option("--force", help="Merge even events of unrelated types, far-apart dates or places.")
    ] = False,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge events an automatic decision kept apart; later ingests keep them together."""
    from .api import merge_events

    settings = run(lambda: settings_for(db, config))
    event = run(lambda: merge_events(settings, event_ids, force=force))
    if as_json:
        print_json(event.to_dict())
        return
    out.print(f"merged into {event.event_id} ({len(event.merge)} reports)", markup=False)
    for line in merge_lines(event):
        out.print(f"  {line}", markup=False)


def split(
    event_id: Annotated[str, typer.Argument(help="The event to split.")],
    documents: Annotated[
        list[str] | None,
        typer.Option(
            "--document", "-d", help="A source document to take out (repeatable); none: split every source."
        ),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Split an event whose sources report different incidents; later ingests keep them apart."""
    from .api import split_event

    settings = run(lambda: settings_for(db, config))
    events = run(lambda: split_event(settings, event_id, documents or None))
    if as_json:
        print_json([e.to_dict() for e in events])
        return
    out.print(f"split {event_id} into {len(events)} events", markup=False)
    for event in events:
        docs = ", ".join(m.document_id for m in event.merge)
        out.print(
            f"  {event.event_id}: {event.sub_event_type}, {event.event_date or 'undated'}; {docs}",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``merge`` and ``split`` to the top-level command."""
    app.command("merge")(merge)
    app.command("split")(split)
