"""Build the offline basemap: country outlines from the countryinfo package, simplified.

Run once when countryinfo changes; the result ships in ``static/basemap/countries.geojson``::

    .venv/bin/python -m eventwire.web.basemap

Coordinates are rounded to ``PRECISION`` decimals (about 1 km) and repeated
points dropped, which keeps the file small enough to load with the page.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

PRECISION = 2
OUT = Path(__file__).parent / "static" / "basemap" / "countries.geojson"


def _ring(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat, *_ in ring:
        point = [round(lon, PRECISION), round(lat, PRECISION)]
        if not out or out[-1] != point:
            out.append(point)
    return out if len(out) >= 4 else []


def _geometry(geometry: dict[str, Any]) -> dict[str, Any] | None:
    kind = geometry.get("type")
    if kind == "Polygon":
        rings = [r for r in (_ring(r) for r in geometry["coordinates"]) if r]
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if kind == "MultiPolygon":
        polygons = [[r for r in (_ring(r) for r in poly) if r] for poly in geometry["coordinates"]]
        polygons = [p for p in polygons if p]
        return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None
    return None


def build() -> dict[str, Any]:
    """A FeatureCollection of every country outline countryinfo ships ({"name", "iso3"} properties)."""
    features: list[dict[str, Any]] = []
    data = resources.files("countryinfo").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        record = json.loads(entry.read_text("utf-8"))
        for f in (record.get("geoJSON") or {}).get("features", []):
            geometry = _geometry(f.get("geometry") or {})
            if geometry is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": record.get("name"),
                        "iso3": (record.get("ISO") or {}).get("alpha3"),
                    },
                    "geometry": geometry,
                }
            )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    collection = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":")), "utf-8")
    sys.stdout.write(f"{OUT}: {len(collection['features'])} outlines, {OUT.stat().st_size} bytes\n")


if __name__ == "__main__":
    main()
