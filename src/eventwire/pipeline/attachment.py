"""Where a place hangs in the dependency parse: on an event's trigger, or on a statement.

Two questions, both read from spaCy's parse of the sentence (no list of places):

* :func:`statement_place`: is the place where something was said, or where its
  speaker sits? "said in Washington", "told reporters in Geneva", "speaking in
  Abuja", "a statement issued in Baghdad", "at a news conference in Kabul",
  "a spokesman in Washington said", "according to officials in Baghdad", "the
  Brussels-based group", "based in Nairobi", "Washington said". The places stage
  marks such a mention ``role="statement"``; it never places an event. People at
  the scene ("residents of Dambarai said") are not statement places: they live
  where it happened.
* :func:`in_speech_frame`: is the place in a statement's frame rather than in
  what it reports ("the governor, who was visiting X, said gunmen ...")? Such a
  place comes after the others of an incident.
* :func:`attached_to_trigger`: does the place belong to the trigger's own
  phrase or clause? "attacked X", "struck the X base", "the X base was hit",
  "in/at/near/on/outside X" on the trigger's verb, "the attack on X", "an
  explosion at the X market"; a verb tied to the trigger ("stormed X, killing
  nine", "killed nine after storming X") counts as the trigger's clause. Places of
  origin or direction ("militants from X", "fled to X") do not.

The module is neutral: the places stage asks the first, the assemble stage the
second; stages still share their results only through the Document.
"""

from __future__ import annotations

from typing import Any

SPEECH_VERBS = frozenset(
    {
        "say", "tell", "speak", "announce", "state", "add", "declare", "confirm", "claim", "deny",
        "warn", "insist", "allege", "accuse", "acknowledge", "admit", "write", "tweet", "post",
        "reiterate", "assert", "stress", "affirm", "explain", "brief", "comment", "testify", "vow",
        "pledge", "condemn", "denounce", "urge", "blame", "address", "remark", "respond", "reply",
    }
)  # fmt: skip
# nouns of a statement: "in a statement from X", "at a news conference in X"
SPEECH_NOUNS = frozenset(
    {
        "statement", "statements", "conference", "briefing", "interview", "speech", "remarks",
        "communique", "communiqué", "release", "broadcast", "announcement", "comments",
    }
)  # fmt: skip
# who a statement is told to: "told reporters in Geneva"
AUDIENCE_NOUNS = frozenset(
    {"reporters", "journalists", "media", "press", "lawmakers", "parliament", "legislators", "audience"}
)
# verbs that put out a statement: "a statement issued in Baghdad", "a briefing held in Kabul"
ISSUE_VERBS = frozenset(
    {"issue", "release", "publish", "post", "give", "hold", "make", "deliver", "send", "read", "sign", "air"}
)
# where an organisation or person sits: "the Brussels-based group", "headquartered in Geneva"
SEAT_WORDS = frozenset({"based", "headquartered"})
# speakers who are at the scene: where they are is where it happened
LAY_SPEAKERS = frozenset(
    {
        "resident", "residents", "witness", "witnesses", "eyewitness", "eyewitnesses", "villager",
        "villagers", "survivor", "survivors", "local", "locals", "farmer", "farmers",
    }
)  # fmt: skip
# prepositions that say where a statement was made or a speaker is
_AT_PREPS = frozenset({"in", "at", "from", "inside"})
# prepositions of origin or direction: the place is not where the event happened
_AWAY_PREPS = frozenset({"from", "to", "toward", "towards", "via", "past", "for", "since", "with", "like"})
# the dependency links a place climbs by to the word it describes
_NOUN_LINKS = frozenset({"compound", "appos", "amod", "npadvmod", "nmod", "poss", "conj", "pobj", "prep"})


def _root(sdoc: Any, start: int, end: int) -> Any:
    span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
    return span.root if span is not None and len(span) else None


def _is_verb(tok: Any) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX"))


def _is_root(tok: Any) -> bool:
    return bool(tok.head.i == tok.i)


def _up_to_verb(tok: Any) -> tuple[list[Any], Any]:
    """The tokens from ``tok`` up to (not including) the first verb above it, and that verb
    (None when the climb reaches the sentence's root first)."""
    path = [tok]
    while not _is_root(tok):
        tok = tok.head
        if _is_verb(tok):
            return path, tok
        path.append(tok)
    return path, None


def _speech_verb(tok: Any) -> bool:
    return _is_verb(tok) and tok.lemma_.lower() in SPEECH_VERBS


def statement_place(sdoc: Any, start: int, end: int) -> str | None:
    """How the place written at ``start``..``end`` belongs to a statement: "where" when the
    statement was made there or its speaker sits there ("said in Washington", "a spokesman
    in Washington said", "the Geneva-based group"), "speaker" when the place names the
    speaker itself ("Washington said", "Washington officials said", "Iraq's ministry
    said"), None when it belongs to no statement (see the module docstring)."""
    place = _root(sdoc, start, end)
    if place is None:
        return None
    tok = place
    while tok.dep_ in ("conj", "appos") and not _is_root(tok) and not _is_verb(tok.head):
        tok = tok.head  # "in Baghdad and Erbil", "Erbil, the regional capital"
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return "speaker" if _speech_verb(tok.head) else None
    if tok.head.lower_ in SEAT_WORDS and tok.dep_ in ("npadvmod", "compound", "nmod", "amod"):
        return "where"  # "the Geneva-based group"
    if tok.dep_ in ("compound", "nmod", "amod", "poss") and not _is_root(tok):
        return "speaker" if _speaker(tok.head) else None
    if tok.dep_ != "pobj" or tok.head.lower_ not in _AT_PREPS:
        return None
    return "where" if _statement_word(tok.head.head) else None


def _statement_word(governor: Any) -> bool:
    """Whether the word a place's "in/at/from" hangs on is a statement's: its verb, its noun,
    its audience, the verb that issued it, the seat of an organisation, or its speaker."""
    word = governor.lower_
    if word in SEAT_WORDS or word in SPEECH_NOUNS:
        return True  # "based in Nairobi", "in a statement from Geneva", "a news conference in Kabul"
    if _speech_verb(governor):
        return True  # "said in Washington", "speaking in Abuja", "told reporters in Geneva"
    if word in AUDIENCE_NOUNS and _speech_verb(governor.head):
        return True  # "told reporters in Geneva" (parsed on the audience)
    if _is_verb(governor):
        if governor.lemma_.lower() not in ISSUE_VERBS:
            return False
        # "a statement issued in Baghdad": the verb's noun is a statement
        nouns = [governor.head] if governor.dep_ in ("acl", "relcl") else []
        nouns += [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
        return any(n.lower_ in SPEECH_NOUNS for n in nouns)
    return _speaker(governor)  # "a spokesman in Washington said", "according to officials in Baghdad"


def _speaker(noun: Any) -> bool:
    """Whether ``noun`` (or the noun phrase it sits in) is who says something: the subject of
    a speech verb or the object of "according to", not a witness at the scene."""
    tok = noun
    for _ in range(6):  # "a spokesman for the embassy in X", at most a few links up
        if _is_verb(tok):
            return False
        if tok.lower_ in LAY_SPEAKERS:
            return False
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return _speech_verb(tok.head)
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
            return True
        if tok.dep_ == "prep" and tok.lower_ == "of":
            return False  # "the governor of X state": a jurisdiction, not a seat
        if tok.dep_ not in _NOUN_LINKS or _is_root(tok):
            return False
        tok = tok.head
    return False


# how a speech verb's content hangs on it: "said [gunmen attacked X]"
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "dobj", "conj"})


def in_speech_frame(sdoc: Any, start: int, end: int) -> bool:
    """Whether the place at ``start``..``end`` sits in the frame of a statement rather than
    in what it reports: under a speech verb, but not inside its content clause ("the
    governor, who was visiting X, said ..."; not "the governor said gunmen attacked X")."""
    tok = _root(sdoc, start, end)
    if tok is None:
        return False
    while not _is_root(tok):
        head = tok.head
        if _speech_verb(head):
            return tok.dep_ not in _CONTENT_DEPS
        tok = head
    return False


def _clause_of(tok: Any) -> Any:
    """The verb whose clause holds ``tok`` (the token itself when it is a verb), or None."""
    if _is_verb(tok):
        return tok
    return _up_to_verb(tok)[1]


def _trigger_verbs(trigger: Any) -> set[int]:
    """Token indexes of the verbs that tell the trigger's event: its own clause's verb and
    the verbs tied to it ("stormed X, killing nine"; "killed nine after storming X").
    Never a speech verb ("officials said")."""
    verb = _clause_of(trigger)
    if verb is None or _speech_verb(verb):
        return set()
    verbs = {verb.i}
    if verb.dep_ in ("conj", "advcl", "xcomp") and _is_verb(verb.head) and not _speech_verb(verb.head):
        verbs.add(verb.head.i)
    for child in verb.children:
        if child.dep_ in ("conj", "advcl", "xcomp") and _is_verb(child) and not _speech_verb(child):
            verbs.add(child.i)
    return verbs


def attached_to_trigger(sdoc: Any, trigger_start: int, trigger_end: int, start: int, end: int) -> bool:
    """Whether the place at ``start``..``end`` belongs to the event whose trigger is at
    ``trigger_start``..``trigger_end`` (see the module docstring)."""
    trigger = _root(sdoc, trigger_start, trigger_end)
    place = _root(sdoc, start, end)
    if trigger is None or place is None or trigger.sent.start != place.sent.start:
        return False
    while trigger.dep_ in ("compound", "amod") and not _is_root(trigger) and not _is_verb(trigger):
        trigger = trigger.head  # "artillery barrage": the phrase's head
    path, verb = _up_to_verb(place)
    for tok in path:
        if tok.i == trigger.i:
            return True  # "the attack on X", "an explosion at the X market"
        if tok.dep_ == "prep" and tok.lower_ in _AWAY_PREPS:
            return False  # "militants from X", "fled to X"
    return verb is not None and verb.i in _trigger_verbs(trigger)
