"""Throughput and peak memory of the whole pipeline against spaCy alone.

Run by hand (numbers go in notes, never in test asserts)::

    .venv/bin/python benchmarks/throughput.py --n 400

It builds N articles of about 400 words from the sample corpus (articles are
joined until they reach the length, cycling with a different starting point
each time, so no two texts are the same), then in one process:

1. spaCy alone: the same model the pipeline loads, ``nlp.pipe`` over the texts
   (all its components, NER included) — the cost floor of any spaCy-based tool;
2. NER only: the same model with everything but tok2vec and ner disabled;
3. the whole eventwire pipeline (``Pipeline.pipe``), optionally with the
   SQLite writes (``--store``).

It prints articles per second for each, the ratio pipeline / spaCy, and the
process's peak resident memory. ``--trained`` also runs, in the same process and on the
same articles, the pipeline with the rule stage (``eventwire.event_types.v1``) and with the
trained stage (``.v2``) one after the other, and prints each one's event-typing stage time
and share of the pipeline's time, and the ratio of the two pipelines' rates.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from eventwire import Document, Pipeline, Settings, open_store
from eventwire.pipeline import Resources

ROOT = Path(__file__).resolve().parent.parent


def make_articles(n: int, words: int) -> list[Document]:
    records = [
        json.loads(line)
        for line in (ROOT / "samples" / "corpus.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    docs = []
    for i in range(n):
        parts: list[str] = []
        k = i
        while sum(len(p.split()) for p in parts) < words:
            parts.append(records[k % len(records)]["text"])
            k += 1 + i // len(records)
        text = "\n\n".join(parts)
        text = " ".join(text.split(" ")[:words])
        rec = records[i % len(records)]
        docs.append(Document(f"bench-{i}", text, published=rec.get("published"), outlet=rec.get("outlet")))
    return docs


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Samples the proportional set size (PSS: shared pages split between the processes
    sharing them) of this process and its children; keeps the largest total seen."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak_kb, self.stopped = interval, 0, threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(self.interval):
            pids = [me]
            try:
                pids += [int(p) for p in Path(f"/proc/{me}/task/{me}/children").read_text().split()]
            except OSError:
                pass
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=400, help="number of articles")
    ap.add_argument("--words", type=int, default=400, help="words per article")
    ap.add_argument(
        "--store", action="store_true", help="also write every document to a temporary SQLite file"
    )
    ap.add_argument(
        "--stage-times",
        action="store_true",
        help="also time each stage in one process and print its share of the pipeline's time",
    )
    ap.add_argument(
        "--trained",
        action="store_true",
        help="compare the pipeline with the rule stage and with the trained stage (one process)",
    )
    args = ap.parse_args()
    if args.trained:
        compare_trained(make_articles(min(args.n, 200), args.words))
        return 0

    docs = make_articles(args.n, args.words)
    mean_words = sum(len(d.text.split()) for d in docs) / len(docs)
    settings = Settings()
    resources = Resources(settings)
    t0 = time.perf_counter()
    pipeline = Pipeline(settings, resources)
    nlp = resources.nlp
    _ = resources.gazetteer
    print(f"load: {time.perf_counter() - t0:.2f} s (model + gazetteer); memory after load {peak_mb():.0f} MB")
    texts = [d.text for d in docs]
    list(pipeline.pipe(make_articles(8, args.words)))  # warm caches

    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    spacy_rate = len(texts) / (time.perf_counter() - t0)

    keep = {"tok2vec", "ner"}
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in keep]):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        ner_rate = len(texts) / (time.perf_counter() - t0)

    workers = settings.workers or min(2, os.cpu_count() or 1)
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=settings.batch_size, n_process=workers):
        pass
    spacy_par_rate = len(texts) / (time.perf_counter() - t0)

    events = 0
    sampler = MemorySampler()
    sampler.start()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db")) if args.store else None
        t0 = time.perf_counter()
        for doc in pipeline.pipe(docs):
            events += len(doc.events)
            if store is not None:
                store.add_document(doc, doc.events)
            doc.spacy_doc = None
        pipe_rate = len(docs) / (time.perf_counter() - t0)
        if store is not None:
            store.close()

    sampler.stopped.set()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles: {len(docs)} of {mean_words:.0f} words on average; events found: {events}")
    print(f"spaCy model alone, 1 process (all components): {spacy_rate:.1f} articles/s")
    print(f"spaCy NER only, 1 process (tok2vec+ner):       {ner_rate:.1f} articles/s")
    print(f"spaCy model alone, {workers} worker process(es):      {spacy_par_rate:.1f} articles/s")
    print(
        f"eventwire pipeline{' + SQLite' if args.store else ''}, {workers} worker process(es): {pipe_rate:.1f} articles/s"
    )
    print(f"ratio pipeline / spaCy NER only (1 process):   {pipe_rate / ner_rate:.2f}")
    print(f"ratio pipeline / spaCy model (same workers):   {pipe_rate / spacy_par_rate:.2f}")
    print(f"peak resident memory: main process {peak_mb():.0f} MB; largest worker {children:.0f} MB (RSS)")
    print(f"peak memory of the pipeline run, all processes (PSS): {sampler.peak_kb / 1024:.0f} MB")
    if args.stage_times:
        print_stage_times(pipeline, make_articles(min(args.n, 200), args.words))
    return 0


def stage_times(pipeline: Pipeline, docs: list[Document]) -> dict[str, float]:
    """Each stage's wall time (seconds) over ``docs`` in this process."""
    spent = dict.fromkeys((name for name, _ in pipeline.stages), 0.0)
    for doc in docs:
        for name, stage_obj in pipeline.stages:
            t0 = time.perf_counter()
            stage_obj(doc)
            spent[name] += time.perf_counter() - t0
        doc.spacy_doc = None
    return spent


def print_stage_times(pipeline: Pipeline, docs: list[Document]) -> None:
    """Each stage's wall time over ``docs`` in this process, and its share of the total."""
    spent = stage_times(pipeline, docs)
    total = sum(spent.values())
    print(f"time per stage over {len(docs)} articles, one process (total {total:.1f} s):")
    for name, secs in spent.items():
        print(f"  {name:28} {1000 * secs / len(docs):7.1f} ms/article  {100 * secs / total:5.1f}%")


def compare_trained(docs: list[Document]) -> None:
    """The pipeline with the rules and with the trained models, on the same articles, one process."""
    from eventwire.pipeline.runner import DEFAULT_STAGES

    resources = Resources(Settings())
    rates = {}
    for version in ("v1", "v2", "v1", "v2"):  # twice each, alternating, against drift of a shared machine
        stages = tuple(
            f"eventwire.event_types.{version}" if "event_types" in s else s for s in DEFAULT_STAGES
        )
        pipeline = Pipeline(Settings(pipeline=stages), resources)
        list(pipeline.pipe(make_articles(4, 200)))  # load the models
        spent = stage_times(pipeline, make_articles(len(docs), len(docs[0].text.split())))
        total = sum(spent.values())
        typing = spent[f"eventwire.event_types.{version}"]
        rates.setdefault(version, []).append(len(docs) / total)
        print(
            f"event_types.{version}: pipeline {len(docs) / total:.1f} articles/s; typing stage "
            f"{1000 * typing / len(docs):.1f} ms/article, {100 * typing / total:.1f}% of the pipeline"
        )
    v1, v2 = (sum(rates[v]) / len(rates[v]) for v in ("v1", "v2"))
    print(f"ratio trained / rules pipeline rate: {v2 / v1:.2f}")


if __name__ == "__main__":
    sys.exit(main())
