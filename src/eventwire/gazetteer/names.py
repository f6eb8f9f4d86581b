"""Place-name keys: how "Al-Asad", "al Asad" and "Asad" meet in the index.

:func:`normalize` gives the exact lookup key; :func:`skeleton` a looser key
for transliteration variants ("Deir ez-Zor" / "Dayr az Zawr", "Erbil" /
"Irbil" / "Arbil"), used only when the exact key finds nothing.
"""

from __future__ import annotations

import re
import unicodedata

_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ath|ed|es|ez|the) (?=\S{3})")
_APOSTROPHES = re.compile(r"[\u2018\u2019'`\u02bc\u02bb\u02be\u02bf\u00b4.]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/,]+")

_BLOB_SEPARATORS = re.compile(r"[ \t\-\u2010-\u2015_/,]+")
_BLOB_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ath|ed|es|ez|the) (?=\S{3})", re.MULTILINE)
_BLOB_EDGES = re.compile(r"^ | $", re.MULTILINE)

_INNER_ARTICLES = frozenset(
    {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "ed", "es", "ez", "ul"}
)
_GENERIC_WORDS = re.compile(
    r"\s+(?:province|state|region|governorate|prefecture|district|county|department|division|"
    r"municipality|oblast|parish|territory|lga|local\s+government\s+area)$",
    re.IGNORECASE,
)


def strip_accents(text: str) -> str:
    """``"Al Anbār"`` -> ``"Al Anbar"``."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize(name: str) -> str:
    """The lookup key of a place name.

    Case-folded, accents stripped, apostrophes and dots dropped, hyphens and
    spaces unified, and a leading Arabic/English article ("al-", "el-",
    "ad-", "the") removed: ``normalize("Al-Asad") == normalize("asad")``.
    """
    s = name.lower() if name.isascii() else strip_accents(name).casefold()
    s = _APOSTROPHES.sub("", s)
    s = _SEPARATORS.sub(" ", s).strip()
    return _ARTICLE.sub("", s, count=1)


def normalize_many(names: list[str]) -> list[str]:
    """:func:`normalize` over many names at once (one pass of each regex over a joined blob)."""
    blob = "\n".join(n if n.isascii() else strip_accents(n) for n in names).replace("\r", " ").casefold()
    blob = _APOSTROPHES.sub("", blob)
    blob = _BLOB_SEPARATORS.sub(" ", blob)
    blob = _BLOB_EDGES.sub("", blob)
    blob = _BLOB_ARTICLE.sub("", blob)
    return blob.split("\n")


def skeleton(key: str) -> str:
    """A loose key of a normalised name: inner articles dropped, q/k and dj/j merged,
    vowels (and y, w, a final h) dropped, doubled letters collapsed.

    ``skeleton(normalize("Deir ez-Zor")) == skeleton(normalize("Dayr az Zawr"))``.
    """
    words = []
    for word in key.split():
        if word in _INNER_ARTICLES:
            continue
        w = word.replace("dj", "j").replace("q", "k").replace("ck", "k").replace("ph", "f")
        if len(w) > 2 and w.endswith("h"):
            w = w[:-1]
        w = w[0] + re.sub(r"[aeiouyw]", "", w[1:]) if w[0] not in "aeiouyw" else re.sub(r"[aeiouyw]", "", w)
        w = re.sub(r"(.)\1+", r"\1", w)
        if w:
            words.append(w)
    return " ".join(words)


def strip_generic(name: str) -> str:
    """``"Kano State"`` -> ``"Kano"``; a name that is only a generic word is kept."""
    short = _GENERIC_WORDS.sub("", name.strip())
    return short if short else name


def base_variants(core: str) -> list[str]:
    """The ways a text names an air base called ``core``."""
    return [f"{core} {suffix}" for suffix in ("air base", "airbase", "airfield", "air field", "base")]
