"""Settings: packaged defaults, a user file that overrides only what it sets, the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import ConfigError, load_settings


def test_defaults_ship_with_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_DB", raising=False)
    monkeypatch.delenv("EVENTWIRE_CONFIG", raising=False)
    settings = load_settings()
    assert settings.db == "eventwire.db"
    assert settings.max_bytes == 20_000_000


def test_a_user_file_overrides_only_what_it_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_DB", raising=False)
    path = tmp_path / "eventwire.toml"
    path.write_text('max_bytes = 1000\n[stages."eventwire.assemble.v1"]\nmax_km = 10.0\n', "utf-8")
    settings = load_settings(path)
    assert settings.max_bytes == 1000
    assert settings.db == "eventwire.db"
    assert settings.stage_config["eventwire.assemble.v1"] == {"max_km": 10.0}


def test_the_environment_picks_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_DB", "/tmp/elsewhere.db")
    assert load_settings().db == "/tmp/elsewhere.db"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_bytes = ", "not valid TOML"),
        ("colour = 'blue'\n", "unknown setting 'colour'"),
        ("max_bytes = 'big'\n", "must be int"),
        ("max_bytes = -5\n", "must be positive"),
        ("pipeline = 'eventwire.spacy.v1'\n", "list of stage names"),
        ("stages = 3\n", "table"),
    ],
)
def test_a_wrong_config_file_is_named_with_the_reason(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_missing_or_undecodable_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "none.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes("db = 'caf\xe9.db'\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(latin)
