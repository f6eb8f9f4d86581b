"""A sentence's stance towards what it reports, read from its wording alone.

Neutral: the speakers stage stores it on each attributed sentence's speaker, and the
assembler reads it for sentences nobody is quoted saying.
"""

from __future__ import annotations

import re

__all__ = ["stance_of"]

_CLAIMED = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:\w+\s+){0,2}?responsibility\b|\btook\s+responsibility\b"
    r"|\bsaid\s+(?:it|they)\s+(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|conducted|launched)\b"
    r"|\bclaim(?:ed|s)\s+(?:\w+\s+){0,6}?(?:that|to\s+have)\b",  # "claimed on its radio that its fighters killed"
    re.I,
)
_DENIED = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected\s+(?:the\s+)?claims?|refuted|dismissed\s+(?:the\s+)?claims?)\b",
    re.I,
)
_REPORTED = re.compile(
    r"\breportedly\b|\baccording\s+to\s+(?:local\s+|state\s+|unconfirmed\s+|media\s+)*(?:media|reports?|sources|residents"
    r"|witnesses|accounts|news)\b|\b(?:media|reports?|news\s+agencies)\s+(?:said|reported|say)\b|\bit\s+was\s+reported\b"
    r"|\bwere\s+reported\b|\bwas\s+reported\b",
    re.I,
)


def stance_of(text: str) -> str:
    """A sentence's stance: "claimed", "denied", "reported" (hearsay) or "asserted"."""
    if _CLAIMED.search(text):
        return "claimed"
    if _DENIED.search(text):
        return "denied"
    if _REPORTED.search(text):
        return "reported"
    return "asserted"
