"""``eventwire train``: rebuild the trained event models from the corpus (see eventwire.learn.train);
``eventwire gazetteer train-ranker``: rebuild the toponym ranker (see eventwire.learn.train_ranker)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_support import ConfigOption, JsonOption, out, print_json, run
from .settings import load_settings


def train(
    corpus: Annotated[
        Path, typer.Argument(help="The corpus folder (sentences/*.jsonl, articles/*.jsonl).")
    ] = Path("corpus"),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the model files (default: the package's)."),
    ] = None,
    folds: Annotated[
        int, typer.Option(help="Cross-validation folds for the report and the score scale.")
    ] = 5,
    seed: Annotated[int, typer.Option(help="The training seed (the same seed gives the same files).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Train the event typer and the new/background model on the corpus and write their files."""
    from .learn.shipped import models_dir
    from .learn.train import train as train_models

    report = run(lambda: train_models(corpus, output or models_dir(), folds=folds, seed=seed))
    figures: dict[str, dict[str, Any]] = {
        name: {"n": f.n, "macro_f1": f.macro_f1, "weighted_f1": f.weighted_f1, "per_class": f.per_class}
        for name, f in (("event_typer", report.typer), ("reporting", report.reporting))
    }
    if as_json:
        print_json(
            {"corpus_digest": report.corpus_digest, "files": [str(p) for p in report.files], **figures}
        )
        return
    for name, f in figures.items():
        out.print(
            f"{name}: {f['n']} examples, {folds}-fold CV macro F1 {f['macro_f1']:.3f}, "
            f"weighted F1 {f['weighted_f1']:.3f}",
            markup=False,
        )
        for label, value in sorted(f["per_class"].items(), key=lambda kv: kv[1]):
            out.print(f"  {value:.3f}  {label}", markup=False)
    for path in report.files:
        out.print(f"wrote {path}", markup=False)


def train_ranker(
    corpora: Annotated[
        list[Path],
        typer.Argument(help="Annotated geoparsing corpora (LGL, GeoVirus, TR-News or GeoWebNews XML)."),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The ranker file to write (default: the package's)."),
    ] = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Train the toponym ranker on annotated corpora; print cross-corpus figures (acc@161)."""
    from .learn.ranker import shipped_path
    from .learn.train_ranker import train_ranker as train

    settings = run(lambda: load_settings(config))
    report = run(lambda: train(corpora, output or shipped_path(), settings))
    if as_json:
        print_json({"corpora": report.corpora, "figures": report.figures, "file": str(report.file)})
        return
    for name, n in report.corpora.items():
        out.print(f"{name}: {n} gold toponyms with coordinates", markup=False)
    for setup, figures in report.figures.items():
        shown = ", ".join(f"{k} {v}" for k, v in figures.items())
        out.print(f"{setup}: {shown}", markup=False)
    out.print(f"wrote {report.file}", markup=False)
