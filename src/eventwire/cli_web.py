"""``eventwire serve``: the HTTP API and the analyst's web page over the store.

Binds to ``serve_host``/``serve_port`` from the settings (127.0.0.1:8765 by
default), uses the same database as the other commands (``--db``,
``$EVENTWIRE_DB``, the config file) and prints its address. Registered in
:mod:`.cli` with ``app.command()(serve)``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from .cli_support import ConfigOption, err, out
from .cli_support import run as _run
from .errors import ConfigError
from .settings import Settings, load_settings


def _settings(
    db: str | None, config: Path | None, host: str | None, port: int | None, workers: int
) -> Settings:
    if not 1 <= workers <= 64:
        raise ConfigError(f"--workers: {workers} is not between 1 and 64")
    settings = load_settings(config).with_overrides(db=db, serve_host=host, serve_port=port)
    if not 0 < settings.serve_port < 65536:
        raise ConfigError(f"--port: {settings.serve_port} is not a TCP port (1-65535)")
    return settings


def serve(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLite database file or postgresql://USER@HOST:PORT/DB (default: $EVENTWIRE_DB or eventwire.db).",
        ),
    ] = None,
    config: ConfigOption = None,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to bind (default: the serve_host setting, 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", help="Port (default: the serve_port setting, 8765).")
    ] = None,
    workers: Annotated[
        int,
        typer.Option("--workers", help="Server processes sharing the port (more for concurrent clients)."),
    ] = 1,
) -> None:
    """Serve the HTTP API and the analyst's desk (map, timeline, events, tallies) in a browser."""
    import uvicorn

    from .store import is_url, redacted
    from .web import create_app

    settings = _run(lambda: _settings(db, config, host, port, workers))
    app = _run(lambda: create_app(settings))
    if settings.serve_host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {settings.serve_host}, reachable from other machines", markup=False)
    where = f"[{settings.serve_host}]" if ":" in settings.serve_host else settings.serve_host
    out.print(
        f"eventwire: serving {redacted(settings.db)} at http://{where}:{settings.serve_port}/ "
        f"(API schema: /openapi.json; writes {'need the api_token' if settings.api_token else 'disabled'}); "
        "Ctrl+C stops",
        markup=False,
    )
    if workers == 1:
        uvicorn.run(app, host=settings.serve_host, port=settings.serve_port, log_level="warning")
        return
    # each worker process builds its own app from the same settings, passed on in the environment
    os.environ["EVENTWIRE_DB"] = settings.db if is_url(settings.db) else str(Path(settings.db).resolve())
    if config is not None:
        os.environ["EVENTWIRE_CONFIG"] = str(config.resolve())
    uvicorn.run(
        "eventwire.web.app:app_from_environment",
        factory=True,
        host=settings.serve_host,
        port=settings.serve_port,
        workers=workers,
        log_level="warning",
    )
