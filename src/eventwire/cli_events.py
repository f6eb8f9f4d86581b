"""``eventwire events`` and ``eventwire show``: stored events, listed and one by one."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from .cli_format import Columns, claim_line
from .cli_support import (
    ActorOption,
    BboxOption,
    ConfigOption,
    CountryOption,
    DateFromOption,
    DateToOption,
    DbOption,
    EventTypeOption,
    JsonlOption,
    JsonOption,
    ListJsonOption,
    ReportedAsOption,
    SearchOption,
    SubTypeOption,
    event_filter_of,
    out,
    print_json,
    print_list,
    run,
    settings_for,
)
from .merge.explain import merge_lines
from .model import PLACE_KEYS, Event

COLUMNS: Columns[Event] = Columns(
    {
        "event_id": lambda e: e.event_id,
        "date": lambda e: e.event_date or "",
        "type": lambda e: e.event_type,
        "sub_type": lambda e: e.sub_event_type,
        "location": lambda e: e.location or "",
        "country": lambda e: e.country or "",
        "actor1": lambda e: e.actor1 or "",
        "actor2": lambda e: e.actor2 or "",
        "killed": lambda e: "" if e.fatalities.best is None else str(e.fatalities.best),
        "injured": lambda e: "" if e.injuries.best is None else str(e.injuries.best),
        "as": lambda e: e.reported_as,
    },
    default=("event_id", "date", "sub_type", "location", "killed"),
    no_wrap=("event_id", "date"),
)
ColumnsOption = Annotated[
    str | None,
    typer.Option("--columns", help="Columns to show, comma-separated (see --wide for all of them)."),
]
WideOption = Annotated[bool, typer.Option("--wide", help="Show every column.")]


def events(
    db: DbOption = None,
    config: ConfigOption = None,
    event_type: EventTypeOption = None,
    sub_event_type: SubTypeOption = None,
    country: CountryOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    actor: ActorOption = None,
    search: SearchOption = None,
    bbox: BboxOption = None,
    reported_as: ReportedAsOption = "all",
    limit: Annotated[int, typer.Option(min=1, help="At most this many events.")] = 100,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    as_json: ListJsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """List stored events, filtered (columns: event_id, date, sub_type, location, killed;
    --wide adds type, country, actors, injured, as)."""
    from .api import list_events

    settings = run(lambda: settings_for(db, config))
    names = COLUMNS.chosen(columns, wide)
    filters = run(
        lambda: event_filter_of(
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            search=search,
            bbox=bbox,
            reported_as=reported_as,
            limit=limit,
            settings=settings,
        )
    )
    found = run(lambda: list_events(settings, filters))
    if print_list([ev.to_dict() for ev in found], as_json=as_json, as_jsonl=as_jsonl):
        return
    out.print(COLUMNS.table(found, names))
    out.print(f"{len(found)} event(s)")


# the event's place record, printed by `show` as one "place" line
_PLACE_KEYS = frozenset(PLACE_KEYS)


def _place_line(ev: Event) -> str:
    """E.g. 'Al Asad Air Base (airbase) in Anbar, Iraq [IRQ] at 33.7856, 42.4412;
    geo_precision 1, where_prec 1; gazetteer icao:ORAA; written "Al-Asad air base"'."""
    if ev.location is None and ev.country is None and ev.latitude is None:
        return "unknown"
    name = ev.location or "unnamed place"
    head = f"{name} ({ev.location_type})" if ev.location_type else name
    within = [x for x in (ev.admin2, ev.admin1, ev.country) if x and x != ev.location]
    if within:
        head += " in " + ", ".join(within)
    if ev.iso3:
        head += f" [{ev.iso3}]"
    if ev.latitude is not None and ev.longitude is not None:
        head += f" at {ev.latitude}, {ev.longitude}"
    parts = [head]
    codes = [
        f"{k} {v}"
        for k, v in (("geo_precision", ev.geo_precision), ("where_prec", ev.where_prec))
        if v is not None
    ]
    if codes:
        parts.append(", ".join(codes))
    if ev.gazetteer_id:
        parts.append(f"gazetteer {ev.gazetteer_id}")
    if ev.location_as_written:
        parts.append(f'written "{ev.location_as_written}"')
    elif ev.location_type == "country":
        parts.append("not written: the report's main country")
    return "; ".join(parts)


def show(
    event_id: Annotated[str, typer.Argument(help="An event id from `eventwire events`.")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one event with every evidence sentence, its document and speaker."""
    from .api import get_event

    settings = run(lambda: settings_for(db, config))
    ev = run(lambda: get_event(settings, event_id))
    if as_json:
        print_json(ev.to_dict())
        return
    d = ev.to_dict()
    for key, value in d.items():
        if key in ("sources", "claims", "merge") or (key in _PLACE_KEYS and key != "location"):
            continue
        if key == "location":
            key, value = "place", _place_line(ev)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v is not None) or "unknown"
        elif isinstance(value, list):
            value = "; ".join(value)
        text = escape("" if value is None else str(value))
        out.print(f"[bold]{key:15}[/bold] {text}", markup=True, highlight=False)
    notes = merge_lines(ev)
    out.print(f"[bold]reports[/bold] ({len(ev.merge)} document(s) merged)")
    for line in notes:
        out.print(f"  {line}", markup=False)
    out.print(f"[bold]evidence[/bold] ({len(ev.sources)} sentence(s))")
    for i, src in enumerate(ev.sources, 1):
        out.print(f"  {i}. “{src.sentence}”", markup=False)
        who = f"said by {src.speaker}; " if src.speaker else ""
        out.print(
            f"     {who}document {src.document_id} ({src.outlet or 'unknown outlet'}, "
            f"{src.published or 'undated'}), chars {src.char_start}-{src.char_end}"
            + (f", {src.url}" if src.url else ""),
            markup=False,
        )
    out.print(f"[bold]claims[/bold] ({len(ev.claims)})")
    for i, claim in enumerate(ev.claims, 1):
        out.print(f"  {i}. {claim_line(claim)}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``events`` and ``show`` to the top-level command."""
    app.command("events")(events)
    app.command("show")(show)
