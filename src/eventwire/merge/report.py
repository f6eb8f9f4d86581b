"""A report: one document's version of an event, with what merging compares.

The pipeline makes one :class:`~eventwire.model.Event` per incident per
document. Merging groups these per-document events ("reports") into stored
events; a :class:`Report` wraps one of them with the features the comparison
reads (a date window, a point with its uncertainty, content words, actors).
Every feature is a function of the report alone, so comparing two reports
never depends on what else is stored: that is what makes merging order-independent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..model import Event

# ACLED event types that can describe one incident seen differently by two outlets
# (a raid reported as a clash by one and as shelling by another); across
# families (violence, demonstrations, strategic developments) never.
FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}

# Uncertainty radius (km) of a point by ACLED geo-precision: 1 the named town,
# 2 a place near or in part of a district, 3 a region or country (no usable point).
RADIUS_KM = {1: 5.0, 2: 25.0}
COARSE_TYPES = {"country", "admin1", "region", "sea"}
MAX_SPAN_DAYS = 31  # a date window longer than this is too vague to merge automatically

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words every conflict report uses: they say nothing about which incident it is.
_STOP = frozenset(
    """
    the and for are but not you all any can had her was one our out day get has him his how man new now
    old see two way who boy did its let put say she too use that with have this will your from they know
    want been good much some time very when come here just like long make many more only over such take
    than them well were what which their there would about after again also said says could other into
    these those while where being under since until then says told according reported reports report
    people person killed kill killing dead death deaths died wounded wound injured injuring injuries
    attack attacks attacked official officials local sources source least more than including among
    near town city village area district province region country government forces force security
    yesterday today monday tuesday wednesday thursday friday saturday sunday morning evening night
    week month year hours hour earlier later last first second third statement spokesman spokesperson
    """.split()
)
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: lower case, common suffix off, first five letters ("strikes" -> "strik")."""
    w = word.casefold()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return w[:5]


def content_words(text: str) -> frozenset[str]:
    """Stems of the words that can tell one incident from another."""
    return frozenset(stem(w) for w in _WORD.findall(text) if w.casefold() not in _STOP)


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class Report:
    """One document's event and its comparison features (see the module docstring)."""

    event: Event
    document_id: str
    published: str | None = None
    family: str = field(init=False)
    first_day: int | None = field(init=False)  # date window, as day ordinals; None: undated
    last_day: int | None = field(init=False)
    radius_km: float | None = field(init=False)  # None: no usable point (coarse or unknown)
    country: str | None = field(init=False)  # ISO3 or name, upper case
    admin1: str | None = field(init=False)
    words: frozenset[str] = field(init=False)
    actors: frozenset[str] = field(init=False)  # named actors, civilians excluded
    victims: frozenset[str] = field(init=False)  # "Civilians (X)" and the like

    def __post_init__(self) -> None:
        e = self.event
        set_ = object.__setattr__
        set_(self, "family", FAMILIES.get(e.event_type, e.event_type))
        first = _day(e.date_start) or _day(e.event_date)
        last = _day(e.date_end) or first
        if first is not None and last is not None and last < first:
            first, last = last, first
        set_(self, "first_day", first)
        set_(self, "last_day", last)
        precise = (
            e.latitude is not None
            and e.longitude is not None
            and e.geo_precision in RADIUS_KM
            and (e.location_type or "") not in COARSE_TYPES
        )
        set_(self, "radius_km", RADIUS_KM[e.geo_precision or 0] if precise else None)
        set_(self, "country", (e.iso3 or e.country or "").upper() or None)
        set_(self, "admin1", (e.admin1 or "").casefold() or None)
        text = " ".join(s.sentence for s in e.sources)
        set_(self, "words", content_words(text))
        names = [e.actor1, e.actor2, *e.assoc_actor_1, *e.assoc_actor_2]
        named = {n.casefold() for n in names if n}
        set_(self, "victims", frozenset(n for n in named if n.startswith("civilians")))
        set_(self, "actors", frozenset(named - self.victims))

    @property
    def report_id(self) -> str:
        return self.event.event_id

    @property
    def is_new(self) -> bool:
        return self.event.reported_as == "new"

    @property
    def dated(self) -> bool:
        """Whether the date window is known and short enough to merge on."""
        return (
            self.first_day is not None
            and self.last_day is not None
            and self.last_day - self.first_day < MAX_SPAN_DAYS
        )

    @property
    def placed(self) -> bool:
        """Whether the report has a usable point or at least a country."""
        return self.radius_km is not None or self.country is not None

    def order_key(self) -> tuple[int, str, str]:
        """Earliest first: new before background, then publication, then id (the anchor of a group)."""
        return (0 if self.is_new else 1, self.published or "9999", self.report_id)
