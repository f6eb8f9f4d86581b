"""Reading and checking the training corpus (the format is in ``corpus/README.md``).

A corpus folder holds ``sentences/*.jsonl`` (one labelled sentence or short snippet per line) and
``articles/*.jsonl`` (one article per line, every sentence with its role). :func:`check` lists
every problem as ``file:line: reason``; :func:`read` raises :class:`CorpusError` on the first
ones and returns the rows the models are trained on.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..taxonomy import SUB_EVENT_TYPES

NONE = "None"
LABELS = frozenset(SUB_EVENT_TYPES) | {NONE}
ROLES = frozenset({"new", "background", "context", "statement"})
SPANS = ("trigger", "place", "date", "actor1", "actor2")


@dataclass(frozen=True)
class Sentence:
    """One labelled sentence of the sentence corpus."""

    id: str
    text: str
    label: str
    reported_as: str | None


@dataclass(frozen=True)
class ArticleSentence:
    """One sentence of a labelled article, with the one before it (its context)."""

    article: str
    index: int  # position in the article
    paragraph: int
    text: str
    previous: str
    role: str
    label: str | None
    incident: int | None = None  # which new incident of the article (new sentences only)


@dataclass
class Corpus:
    """What a corpus folder holds, plus counts for the report."""

    sentences: list[Sentence] = field(default_factory=list)
    articles: list[list[ArticleSentence]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)


def _check_sentence(d: dict[str, Any], where: str, errors: list[str]) -> None:
    for key in ("id", "text", "label", "writer"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            errors.append(f"{where}: field {key!r} must be a non-empty string")
            return
    if d["label"] not in LABELS:
        errors.append(f"{where}: unknown label {d['label']!r}")
    trig = d.get("trigger")
    if trig is not None and (not isinstance(trig, str) or trig not in d["text"]):
        errors.append(f"{where}: trigger {trig!r} is not in the text")
    if d["label"] != NONE and d.get("reported_as") not in ("new", "background"):
        errors.append(f"{where}: reported_as must be 'new' or 'background' for an event")


def _check_article(d: dict[str, Any], where: str, errors: list[str], roles: Counter[str]) -> None:
    for key in ("id", "writer"):
        if not isinstance(d.get(key), str):
            errors.append(f"{where}: field {key!r} must be a string")
            return
    paragraphs = d.get("paragraphs")
    if not isinstance(paragraphs, list) or not paragraphs:
        errors.append(f"{where}: 'paragraphs' must be a non-empty list of lists of sentences")
        return
    for p, para in enumerate(paragraphs):
        if not isinstance(para, list) or not para:
            errors.append(f"{where}: paragraph {p} must be a non-empty list")
            continue
        for s, sent in enumerate(para):
            at = f"{where} paragraph {p} sentence {s}"
            if not isinstance(sent, dict) or not isinstance(sent.get("text"), str):
                errors.append(f"{at}: a sentence is an object with 'text'")
                continue
            role = sent.get("role")
            if role not in ROLES:
                errors.append(f"{at}: role must be one of {sorted(ROLES)}, got {role!r}")
                continue
            roles[role] += 1
            if role in ("new", "background") and sent.get("label") not in LABELS - {NONE}:
                errors.append(f"{at}: a {role} sentence needs an event label, got {sent.get('label')!r}")
            if role == "new" and not isinstance(sent.get("incident"), int):
                errors.append(f"{at}: a new sentence needs 'incident' (1, 2, ...)")
            for key in SPANS:
                value = sent.get(key)
                if value is not None and (not isinstance(value, str) or value not in sent["text"]):
                    errors.append(f"{at}: {key} {value!r} is not in the sentence")
            for key in ("killed", "injured"):
                value = sent.get(key)
                if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                    errors.append(f"{at}: {key} must be a whole number or null, got {value!r}")


def _article_rows(d: dict[str, Any]) -> list[ArticleSentence]:
    rows: list[ArticleSentence] = []
    previous = ""
    for p, para in enumerate(d["paragraphs"]):
        for sent in para:
            rows.append(
                ArticleSentence(
                    d["id"],
                    len(rows),
                    p,
                    sent["text"],
                    previous,
                    sent["role"],
                    sent.get("label"),
                    sent.get("incident"),
                )
            )
            previous = sent["text"]
    return rows


def scan(folder: str | Path) -> tuple[Corpus, list[str], Counter[str], Counter[str]]:
    """Every row of a corpus folder, every problem (``file:line: reason``), label and role counts."""
    root = Path(folder)
    corpus = Corpus()
    errors: list[str] = []
    labels: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    if not root.is_dir():
        return (
            corpus,
            [f"{root}: not a folder (expected sentences/*.jsonl and articles/*.jsonl)"],
            labels,
            roles,
        )
    for kind in ("sentences", "articles"):
        for path in sorted((root / kind).glob("*.jsonl")):
            corpus.files.append(path)
            try:
                lines = path.read_text("utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                errors.append(f"{path}: cannot read ({exc})")
                continue
            if not any(line.strip() for line in lines):
                errors.append(f"{path}: empty file")
            for n, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    d = json.loads(line)
                except json.JSONDecodeError as exc:
                    errors.append(f"{where}: not valid JSON ({exc.msg})")
                    continue
                if not isinstance(d, dict):
                    errors.append(f"{where}: not a JSON object")
                    continue
                ids[str(d.get("id"))] += 1
                if d.get("country"):
                    corpus.countries.add(str(d["country"]))
                before = len(errors)
                if kind == "sentences":
                    _check_sentence(d, where, errors)
                    labels[str(d.get("label"))] += 1
                    if len(errors) == before:
                        corpus.sentences.append(
                            Sentence(d["id"], d["text"], d["label"], d.get("reported_as"))
                        )
                else:
                    _check_article(d, where, errors, roles)
                    if len(errors) == before:
                        corpus.articles.append(_article_rows(d))
    errors += [f"{root}: id {i!r} is used {c} times" for i, c in ids.items() if c > 1]
    return corpus, errors, labels, roles


def read(folder: str | Path) -> Corpus:
    """The corpus in ``folder``; :class:`CorpusError` names the first bad lines (file and line)."""
    corpus, errors, _labels, _roles = scan(folder)
    if errors:
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise CorpusError("; ".join(errors[:5]) + more)
    if not corpus.sentences:
        raise CorpusError(f"{Path(folder)}: no labelled sentences in sentences/*.jsonl")
    if not corpus.articles:
        raise CorpusError(f"{Path(folder)}: no labelled articles in articles/*.jsonl")
    return corpus
