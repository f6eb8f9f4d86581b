"""Check the training corpus (corpus/) or a check set and print its counts.

    .venv/bin/python scripts/check_corpus.py corpus [more folders]

Every line of every ``sentences/*.jsonl`` and ``articles/*.jsonl`` must follow corpus/README.md;
a bad line is printed with its file and line number and the script exits with 1.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from eventwire.learn.corpus import LABELS, scan  # noqa: E402


def main(folders: list[str]) -> int:
    errors: list[str] = []
    labels: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    countries: set[str] = set()
    articles = 0
    for folder in folders:
        corpus, problems, folder_labels, folder_roles = scan(folder)
        errors += problems
        labels += folder_labels
        roles += folder_roles
        countries |= corpus.countries
        articles += len(corpus.articles)
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
