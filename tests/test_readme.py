"""Every example command in README.md runs as written on the shipped samples, offline.

Each line that starts with ``eventwire`` in a ``sh`` code block is run through the CLI
(in process), a block's lines in order (a block may use a file its earlier line wrote;
blocks do not depend on each other), in a temporary directory holding a store ingested from ``samples/``;
``samples`` and ``tests`` there point at the repository's. A block preceded by the
comment ``<!-- readme-test: skip (reason) -->`` is not run. Opening a network connection
during a command fails it.
"""

from __future__ import annotations

import re
import shlex
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

ROOT = Path(__file__).parent.parent
SKIP = re.compile(r"<!--\s*readme-test:\s*skip\b")
runner = CliRunner()


def examples(text: str) -> list[list[tuple[int, str]]]:
    """The runnable ``sh`` blocks, each a list of (line number, command) of its ``eventwire`` lines."""
    blocks: list[list[tuple[int, str]]] = []
    lines = text.splitlines()
    inside = skipped = False
    for number, line in enumerate(lines, 1):
        if not inside and line.startswith("```"):
            inside = True
            previous = next((p for p in reversed(lines[: number - 1]) if p.strip()), "")
            skipped = line.strip() != "```sh" or bool(SKIP.search(previous))
            if not skipped:
                blocks.append([])
        elif inside and line.startswith("```"):
            inside = False
        elif inside and not skipped and line.startswith("eventwire "):
            blocks[-1].append((number, line))
    return [block for block in blocks if block]


README_EXAMPLES = examples((ROOT / "README.md").read_text("utf-8"))


def test_the_readme_has_runnable_examples_and_the_marker_skips_blocks() -> None:
    assert sum(len(block) for block in README_EXAMPLES) >= 10
    text = (
        "```sh\neventwire stats\n```\n\n<!-- readme-test: skip (a server) -->\n```sh\neventwire serve\n```\n"
        "```sh\neventwire export -o a.csv\neventwire tallies\n```\n"
    )
    assert examples(text) == [
        [(2, "eventwire stats")],
        [(10, "eventwire export -o a.csv"), (11, "eventwire tallies")],
    ]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with ``eventwire.db`` ingested from samples/, as ``make demo`` leaves it."""
    path = tmp_path_factory.mktemp("readme")
    (path / "samples").symlink_to(ROOT / "samples")
    (path / "tests").symlink_to(ROOT / "tests")
    result = runner.invoke(app, ["ingest", str(ROOT / "samples"), "--db", str(path / "eventwire.db"), "-q"])
    assert result.exit_code == 0, result.output
    return path


class NoNetwork(Exception):
    pass


@pytest.mark.parametrize("block", README_EXAMPLES, ids=[f"README.md:{b[0][0]}" for b in README_EXAMPLES])
def test_a_readme_example_block_runs(workdir: Path, monkeypatch: Any, block: list[tuple[int, str]]) -> None:
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("EVENTWIRE_DB", str(workdir / "eventwire.db"))
    for line, command in block:

        def refuse(self: socket.socket, address: Any, line: int = line) -> None:
            raise NoNetwork(f"README.md line {line} opened a connection to {address}")

        monkeypatch.setattr(socket.socket, "connect", refuse)
        args = shlex.split(command, comments=True)[1:]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"README.md line {line}: {command}\n{result.output}"
