"""The wording cues the incident grouper reads (``eventwire.pipeline.incidents``): background,
continuation, references back, counts, responses, and which event types one incident may mix."""

from __future__ import annotations

import re

BACKGROUND_CUE = re.compile(
    r"\b(previously|earlier this year|last year|in (?:19|20)\d\d|a similar|the first time|"
    r"(?:a|one|two|three|several) (?:years?|months?|decades?) ago|since then|in the past|"
    r"had (?:been )?(?:\w+ed|killed|attacked|launched|struck|fought|taken|seized)|recalled|"
    r"was the (?:deadliest|worst|latest)|marked the|"
    r"as part of (?:the|an?|its|their|our) (?:[\w-]+ ){0,3}(?:coalition|mission|force|alliance|contingent))\b",
    re.I,
)
CONTINUATION = re.compile(r"^\W*(then|later|subsequently|afterwards|at the time)\b", re.I)
REFERS_BACK = re.compile(
    r"^\W*(?:this|that|the|these|those|its|their|it)\s+(?:[\w-]+\s+)?"
    r"(?:attack|attacks|strike|strikes|raid|response|assault|explosion|blast|bombing|clash|clashes|"
    r"fighting|operation|incident|shelling|ambush|protest|demonstration|riot|violence)\b",
    re.I,
)
PLURAL_BACK = re.compile(
    r"^\W*(?:the|these|those|such)\s+(?:[\w-]+\s+)?(?:attacks|strikes|incidents|raids)\b", re.I
)
COUNT = re.compile(
    r"\b(?:\d[\d,]*|[a-z]+ty(?:-[a-z]+)?|dozens|hundreds)\s+(?:times|attacks|strikes|incidents|raids)\b", re.I
)
LINK_CUE = re.compile(
    r"\b(in (?:response|retaliation|reprisal) (?:to|for)|retaliat\w*|in revenge for|"
    r"respon(?:se|ded|ding)|self-defen[cs]e|"
    r"(?:hours?|days?|shortly|immediately|soon)?\s*after (?:the|these|this|an?|those) "
    r"(?:\w+\s+){0,2}(?:attack|attacks|raid|strike|strikes|assault|bombing|launch|launched|forces launched))",
    re.I,
)


FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
}


DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|its|their|\w+['\u2019]s)\s+(?:[\w-]+\s+)?$", re.I
)
CASUALTY_ONLY = re.compile(
    r"(?:killed|killing|wounded|wounding|injured|injuring|injuries|dead|died|deaths?|bodies|hurt|casualties)",
    re.I,
)
# sub-event types that, told without a place or day of their own, are part of the
# violent incident or the riot before them ("the attackers also torched shops")
SIDE_EFFECTS = frozenset({"Looting/property destruction"})


def family(event_type: str) -> str | None:
    """Event types that one incident's sentences may mix; strategic developments stand alone."""
    return FAMILIES.get(event_type)
