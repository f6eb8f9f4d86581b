"""A registry of pipeline stages, spaCy-style.

A stage factory is registered under a versioned name with a declared default
config. ``create_stage(name, resources, config)`` merges the config over the
defaults (unknown keys are an error) and returns the stage: a callable that
annotates one :class:`~eventwire.model.Document` in place. A stage may also
offer ``pipe(docs)`` to process a batch at once.

Stages never call each other: they read what earlier stages left on the
Document and add their own annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import ConfigError
from ..model import Document


class Stage(Protocol):
    def __call__(self, doc: Document) -> None: ...


@dataclass(frozen=True)
class StageFactory:
    name: str
    func: Callable[..., Stage]
    default_config: dict[str, Any] = field(default_factory=dict)


_FACTORIES: dict[str, StageFactory] = {}


def stage(
    name: str, default_config: dict[str, Any] | None = None
) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    """Register a stage factory ``func(resources, **config) -> Stage`` under ``name``."""

    def decorate(func: Callable[..., Stage]) -> Callable[..., Stage]:
        _FACTORIES[name] = StageFactory(name, func, dict(default_config or {}))
        return func

    return decorate


def _load_builtin_stages() -> None:
    # Importing the modules registers their factories (cheap: no models loaded).
    from . import (  # noqa: F401
        actors,
        assemble,
        event_types,
        nlp,
        places,
        quantities,
        speakers,
        tallies,
        times,
        weapons,
    )


def registered() -> dict[str, StageFactory]:
    """All registered factories, by name."""
    _load_builtin_stages()
    return dict(_FACTORIES)


def create_stage(name: str, resources: Any, config: dict[str, Any] | None = None) -> Stage:
    """Build the stage registered as ``name`` with ``config`` over its defaults."""
    factories = registered()
    if name not in factories:
        raise ConfigError(f"pipeline: unknown stage {name!r} (known: {', '.join(sorted(factories))})")
    factory = factories[name]
    config = dict(config or {})
    unknown = set(config) - set(factory.default_config)
    if unknown:
        raise ConfigError(f"pipeline: stage {name!r} has no setting(s) {', '.join(sorted(unknown))}")
    return factory.func(resources, **{**factory.default_config, **config})


def pipe_stage(stage_obj: Stage, docs: Iterable[Document]) -> None:
    """Run a stage over a batch, using its ``pipe`` when it has one."""
    pipe = getattr(stage_obj, "pipe", None)
    if pipe is not None:
        pipe(list(docs))
    else:
        for doc in docs:
            stage_obj(doc)
