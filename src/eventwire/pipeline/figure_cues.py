"""The words around a casualty figure, as regex patterns: the cue that names its metric
(killed, injured, abducted, arrested), either after the number ("12 villagers were
killed") or before it ("killing 12 villagers"); the subject between number and cue; and
the context that makes a figure cumulative ("since October 17", "not including the
eight") or no count at all (dates, "2 of whom", "no", an active verb with an object).
"""

from __future__ import annotations

import re
from functools import cache

# event-count metrics: a tally sentence of these kinds tells no incident of its own
# (the tallies stage counts them; incident grouping skips their sentences)
EVENT_COUNT_METRICS = frozenset({"attacks", "strikes", "raids", "bombings", "clashes", "incidents"})

# a speech verb after a subject ("..., an army spokesman said"): the speaker is no victim
SPEECH_AFTER = re.compile(
    r"\W*(?:said|says|say|told|tells|reported|reports|added|announced|stated|confirmed|claimed)\b", re.I
)

# cues after the number, by metric
_KILLED_R = (
    r"killed|dead|died|die|deaths?|fatalities|slain|executed|massacred|beheaded|lost\s+their\s+lives"
    r"|lost\s+his\s+life|lost\s+her\s+life|perished|bodies|corpses|shot\s+dead|gunned\s+down"
    r"|shot\s+and\s+killed|burned\s+to\s+death|killed\s+outright|martyred"
)
_INJURED_R = r"injured|wounded|hurt|injuries|(?:sustained|suffered)\s+(?:\w+\s+)?(?:injuries|wounds)"
_ABDUCTED_R = r"abducted|kidnapped|taken\s+hostage|held\s+hostage|taken\s+captive|seized"
_ARRESTED_R = r"arrested|detained|rounded\s+up|taken\s+into\s+custody|apprehended"
RIGHT_CUES = {"killed": _KILLED_R, "injured": _INJURED_R, "abducted": _ABDUCTED_R, "arrested": _ARRESTED_R}

# cues before the number, by metric
LEFT_CUES = {
    "killed": (
        r"killing|killed|kills|kill|slaying|slew|slaughtered|slaughtering|massacring|massacred|executing"
        r"|shot\s+dead|shooting\s+dead|shoots\s+dead|gunned\s+down|gunning\s+down|murdered|murdering"
        r"|lynched|lynching|assassinated|assassinating"
        r"|executed|beheading|beheaded|(?:the\s+)?deaths?\s+of|claim(?:ed|ing)\s+the\s+lives\s+of"
        r"|took\s+the\s+lives\s+of|taking\s+the\s+lives\s+of|(?:the\s+)?bodies\s+of"
        r"|(?:death\s+)?toll\b[^.;]{0,40}?\b(?:to|at|of|reached|hit|is|was|stood\s+at|stands\s+at)"
    ),
    "injured": r"wounding|wounded|injuring|injured|hurting|hurt|injuries\s+to",
    "abducted": r"abducting|abducted|kidnapping|kidnapped|kidnap|abduct|seized|seizing",
    "arrested": r"arresting|arrested|arrest|detaining|detained|detain|rounding\s+up|rounded\s+up|apprehended",
}

_STOP = (
    r"and|or|but|in|on|at|from|by|with|to|for|were|was|are|is|have|has|had|been|being|who|which|that"
    r"|after|when|while|during|since|as|including|not|also|reportedly|allegedly|later|all|got|get"
    r"|found|confirmed|feared|believed|said|reported|according|during|each|per|times|percent|years?"
    r"|months?|weeks?|days?|hours?|minutes?|km|miles?|kilometres?|kilometers?|metres?|meters?"
    r"|early|late|last|this|next|yesterday|today|tonight|overnight|near|outside|inside|across|into|over"
    r"|under|around|about|there|here|then|where|because|amid|among|against|before|within|across"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|more|than|so|far|total"
)
_CUE_WORDS = (
    r"killed|dead|died|die|deaths?|fatalities|slain|executed|massacred|beheaded|lost|perished|bodies"
    r"|martyred|corpses|shot|gunned|burned|injured|wounded|hurt|injuries|sustained|suffered|abducted|kidnapped"
    r"|taken|held|seized|arrested|detained|rounded|apprehended|casualties"
)
_SUBJ_WORD = rf"(?!(?:{_STOP}|{_CUE_WORDS})\b)[A-Za-z][\w'’-]*"
_SUBJ = rf"(?:{_SUBJ_WORD}(?:\s+{_SUBJ_WORD}){{0,5}})?"
_AUX = (
    r"(?:were|was|are|is|have|has|had|been|being|got|get|reportedly|allegedly|also|later|all|subsequently"
    r"|found|confirmed|feared|believed|to\s+have|said\s+to\s+be|reported|either|both|critically|seriously"
    r"|badly|slightly|fatally|lightly)"
)
# a subject starting with one of these ("3 years", "5 km") makes the number no count
TIME_UNITS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
    "minutes", "times", "percent", "km", "miles", "kilometres", "kilometers", "metres", "meters", "%",
}  # fmt: skip
# a sentence that places its figures over a period
CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak|onset)|the\s+war|the\s+conflict|then|early|late|mid"
    r"|last|January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|\d)"
    r"|\b(?:so\s+far|thus\s+far|to\s+date|earlier)\s+this\s+(?:year|month)\b|\bthis\s+year\b"
    r"|\bin\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:weeks|months|years)\b|\bso\s+far\s+in\s+\d{4}\b",
    re.I,
)
# "62 injured, not including the eight...": an exclusion right after a figure makes it a tally
EXCLUDES = re.compile(r"\s*,?\s*(?:not\s+including|excluding|not\s+counting|in\s+addition\s+to)\b", re.I)
# "62 injured in those attacks, not counting the latest eight": the exclusion later in the clause
EXCLUDES_LATER = re.compile(r"[^.;:\d]{0,60}?,\s*(?:not\s+including|excluding|not\s+counting)\b", re.I)
# "...not including the eight": the excluded figure itself
EXCLUDED = re.compile(r"(?:not\s+including|excluding|not\s+counting|in\s+addition\s+to)\s+(?:the\s+)?$", re.I)
# a DATE/TIME entity that really is a date, not "between 10 and 15"
DATEISH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b\d{4}\b|\d{1,2}[:.]\d\d|day|week|month|year"
    r"|night|morning|evening|afternoon|ago|hour|minute|century|decade|[ap]\.?m\b",
    re.I,
)
# "2 of whom": part of a figure already counted
PARTITIVE = re.compile(r"\s+of\s+(?:whom|them|those|which)\b", re.I)
# "no" right before a number
NO_BEFORE = re.compile(r"\bno[\s-]$", re.I)
# what joins figures summed in one clause ("two soldiers and three civilians")
JOIN = re.compile(r"\s*(?:,\s*and|,|and)\s*", re.I)
# an object after an active verb ("gunmen killed 12 people"): the number is no victim count
OBJECT_AFTER = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|him|them|us|our|\d+|at\s+least|several|dozens)\b", re.I
)


@cache
def right_cue() -> re.Pattern[str]:
    """Subject and cue after a number ("villagers were killed"); the cue's group names its metric."""
    cues = "|".join(f"(?P<{m}>{c})" for m, c in RIGHT_CUES.items())
    return re.compile(
        rf"\s*(?P<subj>{_SUBJ})\s*(?:\([^)]*\)\s*)?"
        r"(?:,\s*(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them|all\s+of\s+them)[^,]{0,80},\s*)?"
        rf"(?:(?:who|which|that)\s+)?(?P<aux>(?:{_AUX}\s+)*)(?:{cues})\b",
        re.I,
    )


@cache
def left_cue() -> re.Pattern[str]:
    """A cue ending right before a number ("killing "); the cue's group names its metric."""
    cues = "|".join(f"(?P<{m}>\\b(?:{c}))" for m, c in LEFT_CUES.items())
    return re.compile(rf"(?:{cues})\s+$", re.I)


@cache
def subject_words() -> re.Pattern[str]:
    """The words that may follow a number as its subject ("police officers")."""
    return re.compile(rf"\s*(?P<subj>{_SUBJ})", re.I)


def clean_subject(text: str) -> str | None:
    """A subject without leading "of the"/"other"/"more" or trailing "of the"; None if nothing is left."""
    words = text.split()
    while words and words[0].lower() in ("of", "the", "other", "more"):
        words = words[1:]
    while words and words[-1].lower() in ("of", "the"):
        words = words[:-1]
    if not words:
        return None
    subject = " ".join(words).strip(".,;:")
    if subject.lower() in ("others", "people") and len(words) == 1:
        return subject.lower()
    return subject or None


def is_cumulative_sentence(text: str) -> bool:
    """Does the sentence place its figures over a period ("since October 17", "so far this year")?"""
    return bool(CUMULATIVE.search(text))


__all__ = [
    "CUMULATIVE",
    "DATEISH",
    "EXCLUDED",
    "EXCLUDES",
    "EXCLUDES_LATER",
    "JOIN",
    "LEFT_CUES",
    "NO_BEFORE",
    "OBJECT_AFTER",
    "PARTITIVE",
    "RIGHT_CUES",
    "SPEECH_AFTER",
    "TIME_UNITS",
    "clean_subject",
    "is_cumulative_sentence",
    "left_cue",
    "right_cue",
    "subject_words",
]
