"""Hand-made reports for the merging tests: one document's event, as the pipeline would give it.

Places are points on an invented map: Harbour Town at (10.0, 20.0), its airport
3 km away, Hill Town 140 km north, all in "Freedonia" (FRD).
"""

from __future__ import annotations

from eventwire.model import Claim, Document, Event, Evidence, Range
from eventwire.taxonomy import disorder_type_of, event_type_of

HARBOUR = (10.0, 20.0)
AIRPORT = (10.02, 20.015)
HILL = (11.26, 20.0)


def report(
    event_id: str,
    document_id: str,
    *,
    sub: str = "Shelling/artillery/missile attack",
    day: str | None = "2024-03-04",
    precision: int = 1,
    point: tuple[float, float] | None = HARBOUR,
    place: str | None = "Harbour Town",
    geo_precision: int = 1,
    location_type: str = "city",
    country: str | None = "Freedonia",
    killed: int | None = None,
    stance: str = "asserted",
    actor1: str | None = "Rebels of the Coast",
    actor2: str | None = "Civilians (Freedonia)",
    weapon: str | None = "artillery",
    sentence: str = "Rebel guns shelled the fish market of Harbour Town, wrecking stalls near the quay.",
    published: str = "2024-03-05",
    reported_as: str = "new",
    responds_to: str | None = None,
    confidence: float = 0.7,
) -> Event:
    """One document's event; ``killed`` also becomes a figure claim with ``stance``."""
    claims = []
    if killed is not None:
        claims.append(
            Claim(
                "figure",
                document_id,
                sentence,
                0,
                len(sentence),
                stance=stance,
                metric="killed",
                value=Range(killed, killed, killed),
                published=published,
            )
        )
    return Event(
        event_id=event_id,
        event_type=event_type_of(sub),
        sub_event_type=sub,
        disorder_type=disorder_type_of(sub),
        event_date=day,
        date_start=day,
        date_end=day,
        time_precision=precision if day else None,
        date_prec=1 if day else None,
        actor1=actor1,
        actor2=actor2,
        country=country,
        iso3="FRD" if country == "Freedonia" else None,
        admin1="Coast" if point == HARBOUR or point == AIRPORT else ("Hills" if point == HILL else None),
        location=place,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        geo_precision=geo_precision if point or country else None,
        location_type=location_type if place else None,
        location_as_written=place,
        weapon=weapon,
        fatalities=Range(killed, killed, killed) if killed is not None else Range(),
        reported_as=reported_as,
        responds_to=responds_to,
        confidence=confidence,
        sources=[Evidence(document_id, f"Outlet {document_id}", None, published, sentence, 0, len(sentence))],
        claims=claims,
    )


def document(document_id: str, published: str = "2024-03-05") -> Document:
    return Document(
        document_id, f"Text of {document_id}.", published=published, outlet=f"Outlet {document_id}"
    )
