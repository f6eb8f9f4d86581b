"""Stage ``eventwire.quantities.v1``: casualty figures (killed, injured, abducted, arrested).

Each figure becomes a :class:`~eventwire.model.QuantityMention` whose value is a
:class:`~eventwire.model.Range`. How number phrases map to ranges:

* exact numbers ("12", "1,200", "twenty-three", "a dozen"): low = best = high = N
* "at least N", "no fewer than N": low = best = N, high open
* "more than N", "over N": low = best = N + 1, high open
* "up to N", "as many as N", "nearly N", "almost N", "at most N": best = high = N, low open
* "about N", "around N", "approximately N", "some N", "an estimated N": best = N,
  low/high = N -/+ 10 % (at least one apart)
* "N to M", "N-M", "between N and M", "from N to M": low = best = N, high = M
  (best is the lower figure, as ACLED codes the conservative count)
* vague words ("several", "dozens", "hundreds"...): the table in
  ``data/vague_quantities.json``
* "no one was killed", "nobody was hurt", "no casualties", "killing no one": 0 ("no casualties"
  gives killed 0 and injured 0), read by :mod:`eventwire.pipeline.zeros`

Figures joined in one clause ("two soldiers and three civilians were killed") are
summed into one mention whose subject is "mixed" when the subjects differ.

Numbers above :data:`MAX_COUNT` (10,000,000) are ignored as implausible (a parse or
typing error, not a casualty count: "1,000,000,000 killed" gives no mention at all, so
the figure is never stored): ``parse_count`` returns None for them.

A figure is ``cumulative`` (a running tally, not one incident) when its sentence
places it over a period ("since October 17", "so far this year", "this year",
"since the start of the war", "in the past three months") or when the figure is
explicitly said to exclude another one, right after it or later in its clause
("62 injured, not including the eight...", "62 injured in those attacks, not
counting the latest eight": the 62 is a tally of other incidents). The excluded figure itself ("the eight")
is kept as an ordinary, non-cumulative mention. "The death toll rose to 30" is
not cumulative: it is one incident's updated count. "In total" / "a total of" are
not cumulative either, as they usually sum one incident's victims.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

from ..model import Document, QuantityMention, Range
from .index import IntervalSet
from .registry import stage
from .zeros import zero_mentions

MAX_COUNT = 10_000_000

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


_SPEECH_AFTER = re.compile(
    r"\W*(?:said|says|say|told|tells|reported|reports|added|announced|stated|confirmed|claimed)\b", re.I
)


@cache
def vague_table() -> dict[str, Range]:
    """The vague-quantity table shipped in ``data/vague_quantities.json``."""
    text = importlib_resources.files("eventwire").joinpath("data/vague_quantities.json").read_text("utf-8")
    raw: dict[str, Any] = json.loads(text)
    return {k: Range(v["low"], v["best"], v["high"]) for k, v in raw.items() if not k.startswith("_")}


_WORD = "|".join(sorted([*_UNITS, *_SCALES, "dozen"], key=len, reverse=True))
_WORDNUM = (
    rf"(?:half\s+a\s+dozen|an?\s+(?:dozen|hundred|thousand)"
    rf"|(?:{_WORD})(?:(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{_WORD}))*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million|billion))?"
_N = rf"(?:{_DIGITS}|{_WORDNUM})"
_MOD = (
    r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|more\s+than|over|upwards\s+of"
    r"|in\s+excess\s+of|up\s+to|as\s+many\s+as|at\s+most|nearly|almost|close\s+to|approximately|about"
    r"|around|roughly|some|an\s+estimated|estimated|a\s+total\s+of|a\s+further|another)"
)


@cache
def _vague_re() -> str:
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(vague_table(), key=len, reverse=True))


@cache
def _numphrase() -> re.Pattern[str]:
    core = (
        rf"(?:between\s+{_N}\s+and\s+{_N}|from\s+{_N}\s+to\s+{_N}"
        rf"|{_DIGITS}\s*[-–]\s*{_DIGITS}(?![\w,])|{_N}(?:\s+(?:to|or)\s+{_N}(?![\w,]))?|{_vague_re()})"
    )
    return re.compile(rf"(?<![\w,.-])(?:{_MOD}\s+)?{core}(?![\w-])|(?<![\w-])an?(?=\s)", re.I)


@cache
def _full_numphrase() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:(?P<mod>{_MOD})\s+)?(?P<core>.+?)\s*", re.I)


def _word_value(text: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if words[:3] == ["half", "a", "dozen"]:
        return 6
    total = current = 0
    for w in words:
        if w in ("a", "an"):
            current = 1
        elif w in _UNITS:
            current += _UNITS[w]
        elif w == "dozen":
            current = max(current, 1) * 12
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
    return total + current


def _value(text: str) -> int | None:
    text = text.strip()
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(hundred|thousand|million|billion))?", text, re.I)
    if m:
        digits = m.group(1).replace(",", "")
        try:
            number = float(digits)
        except ValueError:
            return None
        if m.group(2):
            number *= _SCALES[m.group(2).lower()]
        elif "." in digits:
            return None  # "2.5 people" is no count
        return int(number)
    if re.fullmatch(_WORDNUM, text, re.I):
        return _word_value(text)
    return None


def _apply_mod(mod: str, n: int) -> Range:
    mod = " ".join(mod.lower().split())
    if mod in ("at least", "no fewer than", "no less than", "a minimum of"):
        return Range(n, n, None)
    if mod in ("more than", "over", "upwards of", "in excess of"):
        return Range(n + 1, n + 1, None)
    if mod in ("up to", "as many as", "at most", "nearly", "almost", "close to"):
        return Range(None, n, n)
    if mod in ("approximately", "about", "around", "roughly", "some", "an estimated", "estimated"):
        spread = max(1, round(n * 0.1))
        return Range(max(0, n - spread), n, n + spread)
    return Range(n, n, n)  # "a total of", "a further", "another"


def split_qualifier(text: str) -> tuple[str | None, str]:
    """A number phrase's qualifier and the rest: "approximately 66" -> ("approximately", "66")."""
    m = re.match(rf"\s*({_MOD})\s+", text, re.I)
    if m is None:
        return None, text.strip()
    return " ".join(m.group(1).lower().split()), text[m.end() :].strip()


def parse_count(text: str) -> Range | None:
    """The Range a number phrase stands for ("at least 12", "dozens", "3 to 5"), or None.

    None for text that is not a number phrase and for counts above MAX_COUNT.
    """
    m = _full_numphrase().fullmatch(text)
    if not m:
        return None
    mod, core = m.group("mod") or "", " ".join(m.group("core").split())
    lower = core.lower()
    vague = vague_table().get(lower)
    if vague is not None:
        return Range(vague.low, vague.best, vague.high)
    if lower in ("a", "an"):
        return Range(1, 1, 1)
    rng = re.fullmatch(
        rf"(?:between\s+({_N})\s+and\s+({_N})|from\s+({_N})\s+to\s+({_N})"
        rf"|({_N})\s+(?:to|or)\s+({_N})|({_DIGITS})\s*[-–]\s*({_DIGITS}))",
        core,
        re.I,
    )
    if rng:
        a_text, b_text = [g for g in rng.groups() if g is not None]
        a, b = _value(a_text), _value(b_text)
        if a is None or b is None or max(a, b) > MAX_COUNT:
            return None
        low, high = min(a, b), max(a, b)
        result = Range(low, low, high)
        if mod:
            base = _apply_mod(mod, low)
            result = Range(base.low if base.low is not None else None, low, high)
        return result
    n = _value(core)
    if n is None or n > MAX_COUNT:
        return None
    return _apply_mod(mod, n) if mod else Range(n, n, n)


# ---------------------------------------------------------------------------
# cues

_KILLED_R = (
    r"killed|dead|died|die|deaths?|fatalities|slain|executed|massacred|beheaded|lost\s+their\s+lives"
    r"|lost\s+his\s+life|lost\s+her\s+life|perished|bodies|corpses|shot\s+dead|gunned\s+down"
    r"|shot\s+and\s+killed|burned\s+to\s+death|killed\s+outright|martyred"
)
_INJURED_R = r"injured|wounded|hurt|injuries|(?:sustained|suffered)\s+(?:\w+\s+)?(?:injuries|wounds)"
_ABDUCTED_R = r"abducted|kidnapped|taken\s+hostage|held\s+hostage|taken\s+captive|seized"
_ARRESTED_R = r"arrested|detained|rounded\s+up|taken\s+into\s+custody|apprehended"
_RIGHT_CUES = {"killed": _KILLED_R, "injured": _INJURED_R, "abducted": _ABDUCTED_R, "arrested": _ARRESTED_R}

_LEFT_CUES = {
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
_TIME_UNITS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
    "minutes", "times", "percent", "km", "miles", "kilometres", "kilometers", "metres", "meters", "%",
}  # fmt: skip
_CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak|onset)|the\s+war|the\s+conflict|then|early|late|mid"
    r"|last|January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|\d)"
    r"|\b(?:so\s+far|thus\s+far|to\s+date|earlier)\s+this\s+(?:year|month)\b|\bthis\s+year\b"
    r"|\bin\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:weeks|months|years)\b|\bso\s+far\s+in\s+\d{4}\b",
    re.I,
)
_EXCLUDES = re.compile(r"\s*,?\s*(?:not\s+including|excluding|not\s+counting|in\s+addition\s+to)\b", re.I)
# "62 injured in those attacks, not counting the latest eight": the exclusion later in the clause
_EXCLUDES_LATER = re.compile(r"[^.;:\d]{0,60}?,\s*(?:not\s+including|excluding|not\s+counting)\b", re.I)
_EXCLUDED = re.compile(
    r"(?:not\s+including|excluding|not\s+counting|in\s+addition\s+to)\s+(?:the\s+)?$", re.I
)
_DATEISH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b\d{4}\b|\d{1,2}[:.]\d\d|day|week|month|year"
    r"|night|morning|evening|afternoon|ago|hour|minute|century|decade|[ap]\.?m\b",
    re.I,
)
_PARTITIVE = re.compile(r"\s+of\s+(?:whom|them|those|which)\b", re.I)
_NO_BEFORE = re.compile(r"\bno[\s-]$", re.I)
_JOIN = re.compile(r"\s*(?:,\s*and|,|and)\s*", re.I)
_OBJECT_AFTER = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|him|them|us|our|\d+|at\s+least|several|dozens)\b", re.I
)


@cache
def _right_re() -> re.Pattern[str]:
    cues = "|".join(f"(?P<{m}>{c})" for m, c in _RIGHT_CUES.items())
    return re.compile(
        rf"\s*(?P<subj>{_SUBJ})\s*(?:\([^)]*\)\s*)?"
        r"(?:,\s*(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them|all\s+of\s+them)[^,]{0,80},\s*)?"
        rf"(?:(?:who|which|that)\s+)?(?P<aux>(?:{_AUX}\s+)*)(?:{cues})\b",
        re.I,
    )


@cache
def _left_re() -> re.Pattern[str]:
    cues = "|".join(f"(?P<{m}>\\b(?:{c}))" for m, c in _LEFT_CUES.items())
    return re.compile(rf"(?:{cues})\s+$", re.I)


@cache
def _subj_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?P<subj>{_SUBJ})", re.I)


def _clean_subject(text: str) -> str | None:
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


def _add(a: Range, b: Range) -> Range:
    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return Range(plus(a.low, b.low), plus(a.best, b.best), plus(a.high, b.high))


class QuantityStage:
    """Finds casualty figures sentence by sentence (see the module docstring)."""

    def __call__(self, doc: Document) -> None:
        # spaCy's small model also tags "between 10 and 15" as DATE: block only date-like entities
        blocked = [
            (e.start, e.end)
            for e in doc.entities
            if e.label in ("PERCENT", "MONEY") or (e.label in ("DATE", "TIME") and _DATEISH.search(e.text))
        ]
        blocked_at = IntervalSet(blocked)
        mentions: list[QuantityMention] = []
        for sent in doc.sentences:
            found = self._sentence(doc, sent.index, sent.start, sent.text, blocked_at)
            killed = [q for q in found if q.metric == "killed"]
            if all(q.value.best == 1 for q in killed):  # none, or "a policeman was killed"
                named = named_victims(doc, sent.index)
                if named and named[0].value.best and named[0].value.best > len(killed):
                    found = [q for q in found if q.metric != "killed"] + named
            mentions.extend(found)
        doc.quantities = mentions

    def pipe(self, docs: list[Document]) -> None:
        for doc in docs:
            self(doc)

    def _sentence(
        self, doc: Document, index: int, offset: int, text: str, blocked: IntervalSet
    ) -> list[QuantityMention]:
        found: list[QuantityMention] = []
        cumulative_sentence = bool(_CUMULATIVE.search(text))
        # numbers inside dates ("12 May", "2023") are no counts
        matches = [
            m for m in _numphrase().finditer(text)
            if not blocked.holds(offset + m.start())
            and not _NO_BEFORE.search(text, 0, m.start())
            and not _PARTITIVE.match(text, m.end())  # "3 people, 2 of whom were soldiers"
        ]  # fmt: skip
        i = 0
        while i < len(matches):
            group = [matches[i]]
            subjects = []
            # chain "two soldiers and three civilians"
            while True:
                last = group[-1]
                sm = _subj_re().match(text, last.end())
                subj = sm.group("subj").strip() if sm else ""
                subjects.append(subj)
                nxt = matches[i + len(group)] if i + len(group) < len(matches) else None
                if nxt is None or not subj or not sm:
                    break
                between = text[sm.end() : nxt.start()]
                if not _JOIN.fullmatch(between):
                    break
                nsub = _subj_re().match(text, nxt.end())
                if not nsub or not nsub.group("subj").strip():
                    break
                if _SPEECH_AFTER.match(text, nsub.end()):
                    break  # "wounding four soldiers, an army spokesman said": the speaker is no victim
                group.append(nxt)
            i += len(group)
            mention = self._group(text, group, subjects)
            if mention is None:
                continue
            metric, value, subject, start, end = mention
            after = text[end:]
            cumulative = (
                cumulative_sentence or bool(_EXCLUDES.match(after)) or bool(_EXCLUDES_LATER.match(after))
            )
            if _EXCLUDED.search(text[: group[0].start()]):
                cumulative = False
            found.append(
                QuantityMention(
                    offset + start, offset + end, text[start:end], index, metric, value, subject, cumulative
                )
            )
        found.extend(zero_mentions(text, offset, index))
        return found

    @staticmethod
    def _group(
        text: str, group: list[re.Match[str]], subjects: list[str]
    ) -> tuple[str, Range, str | None, int, int] | None:
        values = [parse_count(m.group(0)) for m in group]
        if any(v is None for v in values):
            return None
        singular = [m.group(0).lower() in ("a", "an") for m in group]
        for subj in subjects:
            words = subj.lower().split()
            if words and words[0] in _TIME_UNITS:
                return None
        metric: str | None = None
        end = 0
        right = _right_re().match(text, group[-1].end())
        if right:
            metric = next(m for m in _RIGHT_CUES if right.group(m))
            has_aux = bool(right.group("aux").strip())
            cue_is_verb = metric != "killed" or right.group("killed").lower() not in (
                "dead", "deaths", "death", "fatalities", "bodies", "corpses"
            )  # fmt: skip
            # "two gunmen killed 12 people": an active verb with an object is no count of victims
            if not has_aux and cue_is_verb and _OBJECT_AFTER.match(text, right.end()):
                metric = None
            elif any(singular) and not has_aux:
                metric = None
            else:
                end = right.end()
        start = group[0].start()
        if metric is None:
            left = _left_re().search(text[max(0, group[0].start() - 80) : group[0].start()])
            if left:
                metric = next(m for m in _LEFT_CUES if left.group(m))
                last_sub = _subj_re().match(text, group[-1].end())
                end = last_sub.end("subj") if last_sub and last_sub.group("subj") else group[-1].end()
                end = max(end, group[-1].end())
        if metric is None:
            return None
        if any(singular) and not subjects[0]:
            return None
        total = values[0]
        assert total is not None
        for v in values[1:]:
            assert v is not None
            total = _add(total, v)
        cleaned = [_clean_subject(s) for s in subjects]
        distinct = {c.lower() for c in cleaned if c}
        subject: str | None
        if len(group) > 1 and len(distinct) > 1:
            subject = "mixed"
        else:
            subject = next((c for c in cleaned if c), None)
        return metric, total, subject, start, end


@stage("eventwire.quantities.v1", default_config={})
def make_quantities_stage(resources: Any) -> QuantityStage:
    return QuantityStage()


__all__ = [
    "MAX_COUNT",
    "QuantityStage",
    "is_cumulative_sentence",
    "make_quantities_stage",
    "named_victims",
    "number_phrase",
    "parse_count",
    "split_qualifier",
    "vague_table",
]


def is_cumulative_sentence(text: str) -> bool:
    """Does the sentence place its figures over a period ("since October 17", "so far this year")?"""
    return bool(_CUMULATIVE.search(text))


def number_phrase() -> re.Pattern[str]:
    """The compiled pattern that finds number phrases ("approximately 66", "dozens")."""
    return _numphrase()


# -- victims counted by name, not by number ------------------------------------

_KILL_VERBS = frozenset(
    {
        "kill",
        "murder",
        "execute",
        "behead",
        "lynch",
        "assassinate",
        "slay",
        "slaughter",
        "massacre",
        "strangle",
    }
)
_TO_DEATH_VERBS = frozenset(
    {"shoot", "beat", "stab", "hack", "burn", "stone", "gun", "club", "torture", "find"}
)
_HUMAN = frozenset(
    """man woman child boy girl baby infant teenager youth student teacher driver passenger soldier officer
    policeman policewoman gendarme civilian farmer herder herdsman trader shopkeeper merchant chief leader
    commander official journalist reporter worker resident villager pastor priest imam cleric fighter
    militant rebel gunman insurgent jihadist suspect member victim person guard colonel general captain
    lieutenant sergeant major corporal private judge lawyer doctor nurse mayor councillor politician
    activist protester demonstrator elder motorcyclist pilot spokesman minister governor deputy candidate
    assailant attacker father mother son daughter wife husband brother sister uncle nephew relative
    businessman trader miner fisherman hunter herder vigilante commissioner administrator headman
    customer patient prisoner detainee inmate hostage refugee migrant worker teacher agent informant
    headmaster headteacher principal pupil bodyguard escort aide cook employee engineer contractor tourist
    volunteer nun monk bishop chairman secretary senator lawmaker legislator magistrate prosecutor ranger
    warden watchman toddler landlord tenant vendor porter carpenter mechanic butcher tailor""".split()
)
_SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _is_single_person(tok: Any) -> bool:
    if any(c.dep_ == "nummod" for c in tok.children):
        return False  # "12 soldiers": the number pass counts those
    if tok.lower_ in _SINGLE_PRONOUNS:
        return True
    if tok.tag_ not in ("NN", "NNP"):
        return False
    return tok.ent_type_ == "PERSON" or tok.lemma_.lower() in _HUMAN


def _victims_of(verb: Any) -> list[Any]:
    lemma = verb.lemma_.lower()
    deps = {c.dep_: c for c in verb.children}
    if lemma == "die":
        return [deps["nsubj"]] if "nsubj" in deps else []
    to_death = any(
        c.lower_ in ("dead", "death") or (c.dep_ == "prep" and any(g.lower_ == "death" for g in c.children))
        for c in verb.children
    ) or any(c.lower_ == "fatally" for c in verb.children)
    if lemma in _KILL_VERBS or (lemma in _TO_DEATH_VERBS and to_death):
        for dep in ("nsubjpass", "dobj"):
            if dep in deps:
                return [deps[dep]]
    return []


def named_victims(doc: Document, index: int) -> list[QuantityMention]:
    """People killed and named without a number ("gunmen killed the village chief and his
    driver", "a herder died", "he was shot dead"): one each, from the dependency parse."""
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    sent = doc.sentences[index]
    span = sdoc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return []
    for verb in span:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        victims = _victims_of(verb)
        if not victims:
            continue
        people = [t for t in (victims[0], *victims[0].conjuncts) if _is_single_person(t)]
        if people:
            first, last = min(people, key=lambda t: t.i), max(people, key=lambda t: t.i)
            start, end = first.idx, last.idx + len(last.text)
            n = len(people)
            return [
                QuantityMention(start, end, doc.text[start:end], index, "killed", Range(n, n, n), first.text)
            ]
    return []
