"""Near-duplicate sentences in the corpus, and overlap between the corpus and the check set.

    .venv/bin/python scripts/near_duplicates.py [--threshold 0.8] [--show 20]

The measure: each sentence becomes the set of its lower-cased word 3-grams (word 1-grams for
sentences of fewer than 3 words); two sentences are near-duplicates when the Jaccard similarity
of their sets is at least ``--threshold``. Every labelled sentence counts: ``sentences/*.jsonl``
and each sentence of ``articles/*.jsonl``. Prints the pairs inside the corpus, the pairs between
the corpus and the check set (``tests/fixtures/event_check``: these would leak the check into
training), and exits with 1 when there are any of either.

``--drop`` removes, from the corpus's ``sentences/*.jsonl`` files, the later sentence of each
pair inside the corpus and the corpus sentence of each pair with the check set (the check set is
never changed); pairs that involve an article sentence are only reported.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from scipy.sparse import csr_matrix

ROOT = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"\w+")


def sentences(folder: Path) -> list[tuple[str, str]]:
    """(where, text) for every labelled sentence under ``folder``."""
    out: list[tuple[str, str]] = []
    for path in sorted((folder / "sentences").glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.strip():
                out.append((f"{path.relative_to(ROOT)}:{n}", json.loads(line)["text"]))
    for path in sorted((folder / "articles").glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.strip():
                for p, para in enumerate(json.loads(line)["paragraphs"]):
                    for s, sent in enumerate(para):
                        out.append((f"{path.relative_to(ROOT)}:{n} p{p}s{s}", sent["text"]))
    return out


def shingles(text: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return set(words)
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def matrix(texts: list[str], vocab: dict[str, int]) -> csr_matrix:
    rows, cols = [], []
    for i, text in enumerate(texts):
        for sh in shingles(text):
            rows.append(i)
            cols.append(vocab.setdefault(sh, len(vocab)))
    return csr_matrix(([1] * len(rows), (rows, cols)), shape=(len(texts), 1 << 24), dtype="int32")


def pairs(a: csr_matrix, b: csr_matrix, threshold: float, same: bool) -> list[tuple[int, int, float]]:
    """(i, j, jaccard) of rows of ``a`` and ``b`` at least ``threshold`` alike."""
    sizes_a = a.sum(axis=1).A1
    sizes_b = b.sum(axis=1).A1
    inter = (a @ b.T).tocoo()
    found = []
    for i, j, v in zip(inter.row, inter.col, inter.data, strict=True):
        if same and j <= i:
            continue
        jac = v / (sizes_a[i] + sizes_b[j] - v)
        if jac >= threshold:
            found.append((int(i), int(j), float(jac)))
    return sorted(found, key=lambda p: -p[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--cross-threshold", type=float, default=0.5, help="for pairs with the check set")
    parser.add_argument("--drop", action="store_true", help="remove the corpus side of every pair")
    args = parser.parse_args()
    corpus = sentences(ROOT / "corpus")
    check = sentences(ROOT / "tests" / "fixtures" / "event_check")
    vocab: dict[str, int] = {}
    c = matrix([t for _, t in corpus], vocab)
    k = matrix([t for _, t in check], vocab)
    inside = pairs(c, c, args.threshold, same=True)
    across = pairs(c, k, args.cross_threshold, same=False) if check else []
    print(
        f"{len(corpus)} corpus sentences, {len(check)} check-set sentences; "
        f"word 3-gram Jaccard >= {args.threshold}"
    )
    print(f"near-duplicate pairs inside the corpus: {len(inside)}")
    for i, j, jac in inside[: args.show]:
        print(f"  {jac:.2f}  {corpus[i][0]}  ~  {corpus[j][0]}")
    print(f"pairs between the corpus and the check set (>= {args.cross_threshold}): {len(across)}")
    for i, j, jac in across[: args.show]:
        print(f"  {jac:.2f}  {corpus[i][0]}  ~  {check[j][0]}")
    if args.drop:
        drop({corpus[j][0] for _, j, _ in inside} | {corpus[i][0] for i, _, _ in across})
        return 0
    return 1 if inside or across else 0


def drop(wheres: set[str]) -> None:
    """Remove the sentence lines named ``path:line`` (article sentences are left, and listed)."""
    by_file: dict[str, set[int]] = {}
    for where in sorted(wheres):
        if " p" in where:
            print(f"left (an article sentence): {where}")
            continue
        path, _, line = where.rpartition(":")
        by_file.setdefault(path, set()).add(int(line))
    for path, lines in by_file.items():
        file = ROOT / path
        kept = [t for n, t in enumerate(file.read_text("utf-8").splitlines(), start=1) if n not in lines]
        file.write_text("\n".join(kept) + "\n", "utf-8")
        print(f"dropped {len(lines)} sentence(s) from {path}")


if __name__ == "__main__":
    sys.exit(main())
