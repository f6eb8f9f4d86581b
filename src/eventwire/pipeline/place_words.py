"""The words the places stage reads around a name: which entity labels may be places, which
words before or after a name make it one (or not), and which say what kind of place it is."""

from __future__ import annotations

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAYBE_PLACE_LABELS = frozenset(
    {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE"}
)  # the small model gives these to some towns

LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "on",
        "from",
        "to",
        "into",
        "toward",
        "towards",
        "around",
        "across",
        "inside",
        "throughout",
        "between",
        "via",
        "off",
        "outskirts",
        "nearby",
        "within",
        "past",
    }
)
NEAR_WORDS = frozenset(
    {
        "near",
        "outside",
        "around",
        "outskirts",
        "nearby",
        "close",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
    }
)
# words right after a name that show it is used as a place ("the Ketsimba area", "Dravenko residents")
LOCATIVE_AFTER = frozenset(
    {
        "area",
        "areas",
        "locality",
        "zone",
        "neighbourhood",
        "neighborhood",
        "commune",
        "hill",
        "hills",
        "highlands",
        "outskirts",
        "villagers",
        "residents",
        "camp",
        "campus",
        "market",
        "prison",
        "hospital",
        "forest",
        "road",
        "highway",
        "checkpoint",
    }
)
# words right after a name that make it a people or a group, not a place
NOT_PLACE_AFTER = frozenset(
    {
        "ethnic",
        "tribe",
        "tribes",
        "tribesmen",
        "clan",
        "clans",
        "militia",
        "militias",
        "militiamen",
        "community",
        "communities",
        "herders",
        "youths",
        "regime",
    }
)
# nouns before "of X" that make X a place: "the city of X", "the outskirts of X"
PLACE_OF_HEADS = frozenset(
    {
        "city",
        "town",
        "village",
        "outskirts",
        "province",
        "governorate",
        "north",
        "residents",
        "people",
        "governor",
        "mayor",
        "centre",
        "center",
        "streets",
        "heart",
        "south",
        "east",
        "west",
        "edge",
        "edges",
        "suburbs",
        "suburb",
        "districts",
        "district",
        "parts",
        "part",
        "entrance",
        "periphery",
        "countryside",
        "municipality",
        "commune",
        "county",
        "prefecture",
        "region",
        "area",
    }
)
# head words of organisations named after their town ("University of Zubrakand")
INSTITUTIONS = frozenset(
    {
        "university",
        "hospital",
        "prison",
        "airport",
        "stadium",
        "market",
        "school",
        "college",
        "mosque",
        "church",
        "cathedral",
        "camp",
        "police",
        "council",
        "municipality",
    }
)
# heads of local public bodies named after their town or county ("Dalton Police Department")
LOCAL_BODIES = frozenset({"department", "commission", "sheriff", "schools", "board"})
# words after a name that say what kind of place it is -> feature-type hint
SUFFIX_HINTS: dict[tuple[str, ...], str] = {
    ("air", "base"): "airbase",
    ("airbase",): "airbase",
    ("airport",): "airbase",
    ("air", "field"): "airbase",
    ("airfield",): "airbase",
    ("military", "base"): "airbase",
    ("base",): "airbase",
    ("garrison",): "facility",
    ("border", "crossing"): "facility",
    ("crossing",): "facility",
    ("gas", "field"): "facility",
    ("oil", "field"): "facility",
    ("province",): "admin1",
    ("governorate",): "admin1",
    ("state",): "admin1",
    ("region",): "admin1",
    ("district",): "admin2",
    ("county",): "admin2",
    ("lga",): "admin2",
    ("local", "government", "area"): "admin2",
    ("city",): "city",
    ("town",): "city",
    ("village",): "city",
}
