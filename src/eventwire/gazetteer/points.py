"""Points of the gazetteer's regions: a country's from its outline, a region's from its places,
and a place's admin2 from its nearest neighbour."""

from __future__ import annotations

import ast
import math
from typing import Any


def nearest_admin2(
    grid: dict[tuple[int, int], list[tuple[float, float, str, str]]], lat: float, lon: float, admin1: str
) -> str | None:
    """The admin2 of the nearest place within 15 km in the same admin1; ``grid`` holds places
    (lat, lon, admin1, admin2) in cells of 0.2 degrees (``int(lat * 5), int(lon * 5)``)."""
    gx, gy = int(lat * 5), int(lon * 5)
    best, best_d = None, 15.0
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for plat, plon, a1, a2 in grid.get((gx + dx, gy + dy), ()):
                if a1 != admin1:
                    continue
                d = math.hypot((plat - lat) * 111.0, (plon - lon) * 111.0 * math.cos(math.radians(lat)))
                if d < best_d:
                    best, best_d = a2, d
    return best


def box_middle(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """The middle of the box around ``points``, trimmed of the outer 5% when there are many."""
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 20 if len(points) >= 20 else 0
    lo_lat, hi_lat = lats[k], lats[-1 - k]
    lo_lon, hi_lon = lons[k], lons[-1 - k]
    if hi_lon - lo_lon > 180:  # straddles the antimeridian: fall back to the median
        return lats[len(lats) // 2], lons[len(lons) // 2]
    return round((lo_lat + hi_lat) / 2, 5), round((lo_lon + hi_lon) / 2, 5)


def largest_polygon_centroid(geo: Any) -> tuple[float, float] | None:
    """Area centroid (lat, lon) of the largest polygon of a countryinfo ``geoJSON`` value,
    or None when it holds less than 60% of the area."""
    if not geo:
        return None
    if isinstance(geo, str):
        try:
            geo = ast.literal_eval(geo)
        except (ValueError, SyntaxError):
            return None
    rings: list[list[list[float]]] = []
    for feat in geo.get("features", []):
        g = feat.get("geometry") or {}
        if g.get("type") == "Polygon":
            rings.append(g["coordinates"][0])
        elif g.get("type") == "MultiPolygon":
            rings += [poly[0] for poly in g["coordinates"]]
    best: tuple[float, float, float] | None = None  # area, cx, cy
    total = 0.0
    for ring in rings:
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if a == 0:
            continue
        area = abs(a) / 2
        total += area
        if best is None or area > best[0]:
            best = (area, cx / (3 * a), cy / (3 * a))
    if best is None or best[0] < 0.6 * total:
        return None  # an archipelago: no one island stands for it (the caller takes countryinfo's point)
    return round(best[2], 5), round(best[1], 5)
