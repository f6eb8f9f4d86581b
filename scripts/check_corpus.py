"""Check the training corpus (corpus/) or a check set and print its counts.

    .venv/bin/python scripts/check_corpus.py corpus [more folders]

Every line of every ``sentences/*.jsonl`` and ``articles/*.jsonl`` must follow corpus/README.md;
a bad line is printed with its file and line number and the script exits with 1.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from eventwire.taxonomy import EVENT_TYPES, sub_event_types_of  # noqa: E402

LABELS = {s for t in EVENT_TYPES for s in sub_event_types_of(t)} | {"None"}
ROLES = {"new", "background", "context", "statement"}
SPANS = ("trigger", "place", "date", "actor1", "actor2")


def check_sentence(d: dict, where: str, errors: list[str]) -> None:
    for key in ("id", "text", "label", "writer"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            errors.append(f"{where}: field {key!r} must be a non-empty string")
            return
    if d["label"] not in LABELS:
        errors.append(f"{where}: unknown label {d['label']!r}")
    trig = d.get("trigger")
    if trig is not None and (not isinstance(trig, str) or trig not in d["text"]):
        errors.append(f"{where}: trigger {trig!r} is not in the text")
    if d["label"] != "None" and d.get("reported_as") not in ("new", "background"):
        errors.append(f"{where}: reported_as must be 'new' or 'background' for an event")


def check_article(d: dict, where: str, errors: list[str], roles: Counter[str]) -> None:
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
            if role in ("new", "background"):
                if sent.get("label") not in LABELS - {"None"}:
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


def main(folders: list[str]) -> int:
    errors: list[str] = []
    labels: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    countries: set[str] = set()
    ids: Counter[str] = Counter()
    articles = 0
    for folder in map(Path, folders):
        for kind in ("sentences", "articles"):
            for path in sorted((folder / kind).glob("*.jsonl")):
                for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
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
                        countries.add(str(d["country"]))
                    if kind == "sentences":
                        check_sentence(d, where, errors)
                        labels[str(d.get("label"))] += 1
                    else:
                        check_article(d, where, errors, roles)
                        articles += 1
    errors += [f"id {i!r} is used {c} times" for i, c in ids.items() if c > 1]
    for line in errors[:200]:
        print(line)
    print(f"sentences: {sum(labels.values())}; articles: {articles}; countries: {len(countries)}")
    for label in sorted(LABELS):
        print(f"  {labels[label]:5d}  {label}")
    print(f"article sentences by role: {dict(roles)}")
    print(f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or ["corpus"]))
