"""Reading the geoparsing corpora of Gritta et al. ("A Pragmatic Guide to Geoparsing Evaluation", 2019).

Every file is ``<articles><article>`` with the article in ``<text>`` (plain or
CDATA) and its toponyms in ``<toponyms><toponym>`` or ``<locations><location>``:

- LGL and TR-News: ``<toponym><phrase/><start/><end/><gaztag geonameid=..>
  <name/><lat/><lon/><country/>..</gaztag>``; a toponym without gaztag has no
  coordinates;
- GeoVirus: ``<location><name/><start/><end/><lat/><lon/><page/>``, offsets one
  character to the right of the name;
- GeoWebNews: ``<toponym><extractedName/><normalisedName/><type/><start/><end/>
  <geonamesID/><latitude/><longitude/>``, the id and the point often absent.

So a toponym's name is its ``<phrase>``, ``<extractedName>`` or ``<name>``;
its point ``<lat>``/``<lon>`` or ``<latitude>``/``<longitude>``, in a
``<gaztag>`` or in the toponym itself. Element namespaces are ignored.

What is kept, dropped and counted (per article, so ``limit`` keeps the counts honest):

- a toponym without coordinates is kept for recognition and left out of
  resolution (``no_point``);
- GeoWebNews' ``Literal_Expression`` and ``Non_Lit_Expression`` ("the city",
  "residents") are annotated there for completeness but are not toponyms: dropped
  (``not_toponyms``);
- when the name is not at ``text[start:end]`` (letter case and runs of
  whitespace aside) but is within REALIGN characters of it, the span moves to
  the nearest such place, leftwards first (``realigned``; every GeoVirus toponym);
- impossible offsets (negative, ``start >= end``, past the end of the text) or a
  name found neither at its offsets nor near them: dropped (``skipped``), or with
  ``strict`` an EvaluationError naming the file, article, offsets and text length.

Anything else malformed (XML, a missing or non-integer offset, a latitude that
is not a number or not on Earth) is an EvaluationError: that is a misread file,
not a slip in one annotation.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..errors import EvaluationError

REALIGN = 3  # how far (characters) a name may sit from its offsets and still be realigned
NOT_TOPONYMS = frozenset({"literal_expression", "non_lit_expression", "non_literal_expression"})
LAYOUTS = "LGL/GeoVirus/TR-News/GeoWebNews XML"


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym; ``latitude``/``longitude`` None when it has no coordinates."""

    start: int
    end: int
    phrase: str
    latitude: float | None = None
    longitude: float | None = None
    name: str | None = None  # the gazetteer name (LGL), the Wikipedia page (GeoVirus), the normalised name
    country: str | None = None
    geonameid: str | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class GoldArticle:
    """One article: its label (docid or position), text and gold toponyms in text order.

    ``skipped`` holds one reason per toponym dropped for impossible offsets.
    """

    label: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    realigned: int = 0
    not_toponyms: int = 0


class ImpossibleOffsets(ValueError):
    """A toponym's offsets cannot be used; read_corpus skips it, or with ``strict`` raises EvaluationError."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(node: ET.Element | None, *tags: str) -> str | None:
    """The stripped text of the first of ``tags`` that ``node`` has and that is not empty."""
    if node is None:
        return None
    for tag in tags:
        value = node.findtext(tag)
        if value is not None and value.strip():
            return value.strip()
    return None


def _number(value: str | None, what: str, where: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise EvaluationError(f"{where}: {what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise EvaluationError(f"{where}: {what} {value!r} is not a finite number")
    return number


def _offset(node: ET.Element, what: str, where: str) -> int:
    value = _text(node, what)
    if value is None:
        raise EvaluationError(f"{where}: missing <{what}>")
    try:
        return int(value)
    except ValueError:
        raise EvaluationError(f"{where}: <{what}> {value!r} is not an integer") from None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def align(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """The span of ``phrase`` at or within REALIGN characters of ``start:end``; raises ImpossibleOffsets."""
    n = len(text)
    where = f"offsets {start}:{end}"
    size = f"(text of {n} characters)"
    if start < 0 or end < 0:
        raise ImpossibleOffsets(f"{where} are negative {size}")
    if start >= end:
        raise ImpossibleOffsets(f"{where} are empty or reversed {size}")
    inside = end <= n
    if not phrase or (inside and _same(text[start:end], phrase)):
        if not inside:
            raise ImpossibleOffsets(f"{where} run past the end of the text {size}")
        return start, end
    for shift in sorted(range(-REALIGN, REALIGN + 1), key=lambda d: (abs(d), d)):
        s = start + shift
        if shift and 0 <= s and s + len(phrase) <= n and text[s : s + len(phrase)] == phrase:
            return s, s + len(phrase)
    if not inside:
        raise ImpossibleOffsets(f"{where} run past the end of the text {size}")
    raise ImpossibleOffsets(
        f"{where} hold {text[start:end]!r}, not {phrase!r}, and it is not within {REALIGN} characters {size}"
    )


def _point(node: ET.Element, where: str) -> tuple[float | None, float | None, ET.Element]:
    """Latitude, longitude and the element holding them (the gaztag, else the toponym)."""
    gaztag = node.find("gaztag")
    for holder in (gaztag, node):
        if holder is None:
            continue
        lat = _number(_text(holder, "lat", "latitude"), "lat", where)
        lon = _number(_text(holder, "lon", "longitude"), "lon", where)
        if (lat is None) != (lon is None):
            raise EvaluationError(f"{where}: has only one of lat and lon")
        if lat is not None and lon is not None:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise EvaluationError(f"{where}: lat/lon {lat}, {lon} is not a point on Earth")
            return lat, lon, holder
    return None, None, gaztag if gaztag is not None else node


def _toponym(node: ET.Element, text: str, where: str) -> tuple[GoldToponym, bool]:
    """The toponym and whether it was realigned; raises ImpossibleOffsets."""
    start = _offset(node, "start", where)
    end = _offset(node, "end", where)
    phrase = _text(node, "phrase", "extractedName", "name") or ""
    s, e = align(text, start, end, phrase)
    lat, lon, holder = _point(node, where)
    page = _text(holder, "page")
    if holder.tag == "gaztag":
        name = _text(holder, "name")
    elif page:
        name = unquote(page.rsplit("/", 1)[-1]).replace("_", " ") or None
    else:
        name = _text(node, "normalisedName")
    geonameid = holder.get("geonameid") or _text(node, "geonamesID", "geonameid")
    toponym = GoldToponym(
        s, e, phrase or text[s:e], lat, lon, name, _text(holder, "country"), (geonameid or "").strip() or None
    )
    return toponym, (s, e) != (start, end)


def _parse(p: Path) -> ET.Element:
    try:
        root = ET.parse(p).getroot()
    except FileNotFoundError:
        raise EvaluationError(f"{p}: file not found") from None
    except IsADirectoryError:
        raise EvaluationError(f"{p}: is a directory, not an XML file") from None
    except ET.ParseError as exc:
        raise EvaluationError(f"{p}: not well-formed XML ({exc}); expected {LAYOUTS}") from None
    for node in root.iter():
        if isinstance(node.tag, str):
            node.tag = _local(node.tag)
    return root


def read_corpus(path: str | Path, strict: bool = False) -> list[GoldArticle]:
    """The articles of a geoparsing corpus file (layouts above), toponyms sorted by offset.

    Raises EvaluationError naming the file, the article and the reason; also when
    no toponym with coordinates is left to score.
    """
    p = Path(path)
    root = _parse(p)
    nodes = root.findall("article") if root.tag == "articles" else []
    if not nodes:
        raise EvaluationError(f"{p}: no <articles><article> elements (root is <{root.tag}>)")
    articles = []
    for i, node in enumerate(nodes):
        docid = node.get("docid") or node.get("id")
        label = f"article {i}" + (f" (docid {docid})" if docid else "")
        text = node.findtext("text")
        if text is None:
            raise EvaluationError(f"{p}: {label}: no <text>")
        article = GoldArticle(docid or str(i), text)
        for j, t in enumerate(node.findall("toponyms/toponym") + node.findall("locations/location")):
            where = f"{p}: {label}, toponym {j}"
            if (_text(t, "type") or "").casefold() in NOT_TOPONYMS:
                article.not_toponyms += 1
                continue
            try:
                toponym, realigned = _toponym(t, text, where)
            except ImpossibleOffsets as skip:
                if strict:
                    raise EvaluationError(f"{where}: {skip}") from None
                article.skipped.append(f"{label}, toponym {j}: {skip}")
                continue
            article.toponyms.append(toponym)
            article.realigned += realigned
        article.toponyms.sort(key=lambda g: (g.start, g.end))
        articles.append(article)
    if not any(g.has_point for a in articles for g in a.toponyms):
        found = sum(len(a.toponyms) + len(a.skipped) for a in articles)
        skipped = sum(len(a.skipped) for a in articles)
        detail = f" ({found} toponyms, {skipped} skipped for impossible offsets)" if found else ""
        raise EvaluationError(f"{p}: no <toponym> with coordinates found{detail}; expected {LAYOUTS}")
    return articles
