"""Explicit zero casualty statements, for the quantities stage.

A sentence that says nobody was hurt gives a figure of 0 (``Range(0, 0, 0)``), whose
evidence is the zero wording itself. Four shapes of English are read:

* a negated subject with a casualty verb: "no one was killed", "nobody was hurt",
  "no civilians were injured", "none of the passengers was harmed", "no one in the
  convoy was hurt or killed", "no one died";
* a negated casualty noun: "no casualties", "there were no injuries", "no deaths were
  reported", "caused no casualties", "no fatalities", "no loss of life";
* "without": "without casualties", "without injuries", "without loss of life";
* a casualty verb with a negated object: "killing no one", "injured nobody".

What each gives: "killed", "died", "deaths", "fatalities", "loss of life" -> killed 0;
"injured", "hurt", "wounded", "injuries" -> injured 0; "casualties" and "harmed" (which
cover both) -> killed 0 and injured 0; "abducted", "arrested" -> that metric 0.

Wording that only says a figure is missing is no zero: "the number of casualties was not
known", "no figure for casualties was given", "no official casualty toll", "no casualty
figures", "it was not clear whether anyone was hurt"; nor is "no one claimed
responsibility" (no casualty word). Whether a zero holds for an incident that also has a
stated figure is the assembler's call (a stated figure wins).
"""

from __future__ import annotations

import re

from ..model import QuantityMention, Range

_KILLED = (
    r"killed|dead|died|slain|executed|massacred|shot\s+dead|gunned\s+down|martyred|murdered"
    r"|lost\s+(?:their|his|her)\s+li(?:fe|ves)"
)
_INJURED = r"injured|wounded|hurt"
_BOTH = r"harmed|killed\s+or\s+(?:injured|wounded|hurt)|(?:injured|wounded|hurt)\s+or\s+killed"
_ABDUCTED = r"abducted|kidnapped|taken\s+hostage|held\s+hostage|taken\s+captive"
_ARRESTED = r"arrested|detained|taken\s+into\s+custody|apprehended"

_PEOPLE = (
    r"people|persons?|civilians?|soldiers?|troops|officers?|policemen|residents?|villagers?|passengers?"
    r"|worshippers?|pupils?|students?|children|guards?|staff|workers?|one"
)
# "no one", "nobody", "none of them", "no civilians", "no other people", "no soldiers or civilians"
_WHO = (
    rf"(?:no[\s-]one(?:\s+else)?|nobody(?:\s+else)?|none(?:\s+of\s+(?:them|the\s+\w+))?"
    rf"|no\s+(?:\w+\s+)?(?:{_PEOPLE})(?:\s+(?:or|and)\s+(?:\w+\s+)?(?:{_PEOPLE}))?)"
)
# "no one in the crowded market was hurt", "no one on board was injured"
_WHERE = r"(?:\s+(?:in|on|at|inside|aboard|among|from|within)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?\w+(?:\s+\w+)?)?"
_BE = (
    r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been|got|appeared\s+to\s+have\s+been"
    r"|(?:is|are|was|were)\s+(?:believed|thought|said|reported)\s+to\s+have\s+been)"
)
_ADVERB = r"(?:\s+(?:reportedly|immediately|seriously|badly|fatally|critically|physically|also))?"

_SUBJECT_VERB = re.compile(
    rf"\b{_WHO}{_WHERE},?\s+(?:{_BE}{_ADVERB}\s+(?:reported\s+)?"
    rf"(?:(?P<both>{_BOTH})|(?P<killed>{_KILLED})|(?P<injured>{_INJURED})|(?P<abducted>{_ABDUCTED})"
    rf"|(?P<arrested>{_ARRESTED}))|(?P<died>died|lost\s+(?:their|his|her)\s+li(?:fe|ves)))\b",
    re.I,
)
# the noun is a figure's name, not a statement that there were none
_NOT_A_STATEMENT = r"(?!\s+(?:figures?|tolls?|counts?|numbers?|tallies|estimates?|reports?|data)\b)"
_NOUN = (
    r"(?P<casualties>casualties)|(?P<deaths>deaths|fatalities|loss(?:es)?\s+of\s+(?:human\s+)?li(?:fe|ves)"
    r"|lives\s+(?:were\s+)?lost)|(?P<injuries>injuries)"
)
# "no deaths or injuries", "no injuries or deaths"
_OR_NOUN = (
    r"(?:\s+(?:or|and)\s+(?:(?P<or_casualties>casualties)|(?P<or_deaths>deaths)|(?P<or_injuries>injuries)))?"
)
_NEGATED_NOUN = re.compile(
    rf"\b(?:no|without(?:\s+any)?)\s+(?:immediate\s+|reported\s+|other\s+|further\s+|serious\s+|human\s+"
    rf"|civilian\s+|major\s+)?(?:{_NOUN}){_OR_NOUN}\b{_NOT_A_STATEMENT}",
    re.I,
)
_VERB_NOBODY = re.compile(
    r"\b(?:(?P<killed>killing|killed|kills)|(?P<injured>injuring|injured|injures|wounding|wounded|hurting|hurt)"
    r"|(?P<both>harming|harmed))\s+(?:no[\s-]one|nobody)\b",
    re.I,
)


_KILLED_GROUPS = frozenset({"both", "casualties", "or_casualties", "killed", "died", "deaths", "or_deaths"})
_INJURED_GROUPS = frozenset({"both", "casualties", "or_casualties", "injured", "injuries", "or_injuries"})


def _metrics(m: re.Match[str]) -> list[str]:
    groups = {k for k, v in m.groupdict().items() if v}
    metrics = ["killed"] if groups & _KILLED_GROUPS else []
    metrics += ["injured"] if groups & _INJURED_GROUPS else []
    return metrics + [g for g in ("abducted", "arrested") if g in groups]


def zero_mentions(text: str, offset: int, index: int) -> list[QuantityMention]:
    """The zero figures a sentence states (``offset``: where it starts in the document)."""
    found: list[QuantityMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_SUBJECT_VERB, _NEGATED_NOUN, _VERB_NOBODY):
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            for metric in _metrics(m):
                found.append(
                    QuantityMention(
                        offset + m.start(), offset + m.end(), m.group(0), index, metric, Range(0, 0, 0)
                    )
                )
    return sorted(found, key=lambda q: q.start)


__all__ = ["zero_mentions"]
