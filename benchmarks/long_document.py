"""Cost of one long document, per size: is every stage linear in sentences?

Run by hand (numbers go in notes, never in test asserts)::

    .venv/bin/python benchmarks/long_document.py                 # 500 .. 8000 sentences
    .venv/bin/python benchmarks/long_document.py --sizes 500,2000 --variant html
    .venv/bin/python benchmarks/long_document.py --profile 2000  # cProfile of one size

It builds one document of N sentences from invented event sentences (several
templates, invented actors, a few real town names so the gazetteer and the
resolver have readings to weigh), in one of three shapes:

* ``prose``: paragraphs of three or four sentences;
* ``press``: one press-release line per paragraph ("KANO, 3 May -- ...");
* ``html``: an HTML page with one ``<p>`` per sentence, read by the intake HTML
  reader (trafilatura), as a page from the web would be.

Each size runs in a fresh subprocess (so the peak resident memory is that
size's own) with the default settings except ``max_sentences``, which is lifted
above the largest size unless ``--bounded`` is given. It prints, per N: seconds
for the whole pipeline, milliseconds per sentence, the "ratio to linear"
(time(N) / time(smallest)) / (N / smallest) — 1.0 is perfectly linear, 2.0 at
8000 means the cost per sentence doubled — the peak RSS, and each stage's
seconds so a super-linear stage stands out.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

SIZES = (500, 1000, 2000, 4000, 8000)

_TOWNS = ("Kano", "Maiduguri", "Mosul", "Kirkuk", "Goma", "Bunia", "Gao", "Mopti", "Aleppo", "Idlib",
          "Kandahar", "Herat", "Sittwe", "Bamako", "Benghazi", "Misrata")  # fmt: skip
_INVENTED = ("Varossa", "Tembeli", "Okanu Ridge", "Marrakand", "Selvik", "Dunmoor", "Quessa", "Lorrin Falls")
_ACTORS = ("the Red Hollow Brigade", "gunmen of the Sable Front", "fighters of the Iron Reed Movement",
           "militants of the Ashen Crescent", "the Northern Lantern Militia", "police officers",
           "soldiers of the 14th Infantry Division", "unidentified attackers")  # fmt: skip
_VICTIMS = ("civilians", "farmers", "soldiers", "police officers", "traders", "villagers", "students")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SPEAKERS = ("Anselm Todorov", "Mira Kovalenko", "Jonah Whitcombe", "Leyla Ferreiro", "Ibsen Marlow")
_TITLES = ("a police spokesman", "the regional governor", "an army spokeswoman", "a local official")

_TEMPLATES = (
    "{actor} killed {n} {victim} in {town} on {day}, {speaker}, {title}, said.",
    "At least {n} {victim} were injured when {actor} attacked a market near {invented} on {day}.",
    "{actor} abducted {n} {victim} from a village outside {town} late on {day}.",
    "Police arrested {n} suspects in {town} after clashes with {actor}, according to {speaker}.",
    "An explosion near a checkpoint in {invented} killed {n} people on {day}, residents said.",
    '"We counted {n} bodies in {town}," {speaker} told reporters on {day}.',
    "{actor} have carried out {n} attacks in the {invented} district since {month}.",
    "Protesters marched through {town} on {day} to demand the release of {n} detained {victim}.",
    "Airstrikes hit positions held by {actor} south of {town}, killing {n} fighters, the army said.",
    "The ministry said {n} {victim} had fled {invented} after the shelling on {day}.",
)
_MONTHS = ("January", "March", "May", "July", "September", "November")


def sentences(n: int, seed: int = 7) -> list[str]:
    """``n`` varied invented event sentences."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(
            rng.choice(_TEMPLATES)
            .format(
                actor=rng.choice(_ACTORS),
                n=rng.randint(2, 60),
                victim=rng.choice(_VICTIMS),
                town=rng.choice(_TOWNS),
                invented=rng.choice(_INVENTED),
                day=rng.choice(_DAYS),
                speaker=rng.choice(_SPEAKERS),
                title=rng.choice(_TITLES),
                month=rng.choice(_MONTHS),
            )
            .replace("  ", " ")
        )
    return [s[0].upper() + s[1:] for s in out]


def build_text(n: int, variant: str) -> str:
    """The text (or, for ``html``, the page) of one document of ``n`` sentences."""
    sents = sentences(n)
    if variant == "prose":
        paras = [" ".join(sents[i : i + 4]) for i in range(0, n, 4)]
        return "\n\n".join(paras)
    if variant == "press":
        rng = random.Random(11)
        lines = [
            f"{rng.choice(_TOWNS).upper()}, {rng.randint(1, 28)} {rng.choice(_MONTHS)} -- {s}" for s in sents
        ]
        return "\n\n".join(lines)
    if variant == "html":
        body = "\n".join(f"<p>{s}</p>" for s in sents)
        return (
            "<html><head><title>Weekly incident digest</title>"
            '<meta property="article:published_time" content="2024-05-20"></head>'
            f"<body><article><h1>Weekly incident digest</h1>\n{body}\n</article></body></html>"
        )
    raise ValueError(f"unknown variant {variant!r}")


def run_one(n: int, variant: str, bounded: bool) -> dict[str, object]:
    """In this process: build, run every stage in order with a timer, report."""
    from dataclasses import fields, replace

    from eventwire import Document, Pipeline, Settings

    settings = Settings()
    if not bounded and "max_sentences" in {f.name for f in fields(Settings)}:
        settings = replace(settings, max_sentences=max(SIZES) * 2)  # type: ignore[call-arg]
    pipeline = Pipeline(settings)
    _ = pipeline.resources.nlp, pipeline.resources.gazetteer
    pipeline(Document("warm", "Gunmen killed two police officers in Kano on Monday.", published="2024-05-20"))
    text = build_text(n, variant)
    t_read = 0.0
    if variant == "html":
        from eventwire.intake.html import document_from_html

        t0 = time.perf_counter()
        doc = document_from_html(text, "bench.html")
        t_read = time.perf_counter() - t0
        doc.published = doc.published or "2024-05-20"
    else:
        doc = Document("bench", text, published="2024-05-20")
    spent: dict[str, float] = {}
    for name, stage_obj in pipeline.stages:
        t0 = time.perf_counter()
        stage_obj(doc)
        spent[name] = time.perf_counter() - t0
    return {
        "n": n,
        "chars": len(doc.text),
        "sentences": len(doc.sentences),
        "entities": len(doc.entities),
        "places": len(doc.places),
        "events": len(doc.events),
        "notes": list(getattr(doc, "notes", []) or []),
        "read": t_read,
        "stages": spent,
        "total": sum(spent.values()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def profile(n: int, variant: str) -> None:
    """cProfile of one size, the 25 costliest functions by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    run_one(n, variant, bounded=False)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated sentence counts")
    ap.add_argument("--variant", choices=("prose", "press", "html"), default="prose")
    ap.add_argument("--bounded", action="store_true", help="keep the default max_sentences")
    ap.add_argument("--profile", type=int, metavar="N", help="cProfile one size instead")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the subprocess's own size
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.variant, args.bounded)))
        return 0
    if args.profile:
        profile(args.profile, args.variant)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(n), "--variant", args.variant]
        if args.bounded:
            cmd.append("--bounded")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        r = rows[-1]
        base = rows[0]
        ratio = (r["total"] / base["total"]) / (r["n"] / base["n"])  # type: ignore[operator]
        print(
            f"N={r['n']:>5} sents={r['sentences']:>5} chars={r['chars']:>8} events={r['events']:>5} "
            f"time={r['total']:8.2f} s  {1000 * r['total'] / r['n']:6.2f} ms/sent  "  # type: ignore[operator]
            f"ratio to linear {ratio:5.2f}  peak RSS {r['peak_mb']:6.0f} MB"
            + (f"  read {r['read']:.2f} s" if args.variant == "html" else ""),
            flush=True,
        )
        stages = r["stages"]
        assert isinstance(stages, dict)
        base_stages = base["stages"]
        assert isinstance(base_stages, dict)
        print(
            "        "
            + "  ".join(
                f"{name.split('.')[1]} {secs:.2f}"
                + (
                    f" (x{(secs / base_stages[name]) / (r['n'] / base['n']):.1f})"  # type: ignore[operator]
                    if base_stages.get(name)
                    else ""
                )
                for name, secs in stages.items()
            ),
            flush=True,
        )
        for note in r["notes"]:  # type: ignore[attr-defined]
            print(f"        note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
