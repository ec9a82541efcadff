"""The preset store: one file for the window and the CLI, written atomically."""

from __future__ import annotations

import json

import pytest

from billing_desktop.errors import InvalidInput
from billing_desktop.presets import PresetStore, presets_path

MONTHLY = {
    "format": "xlsx", "scope": "by_tenant_model", "granularity": "month",
    "period": "last-month", "tenants": ["東京株式会社", "=cmd"], "timezone": "Europe/Berlin",
}  # fmt: skip


def test_saved_options_come_back_and_a_period_stays_relative(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    store.save("Monthly statements", MONTHLY)
    assert PresetStore(tmp_path / "presets.json").get("Monthly statements") == MONTHLY
    assert "start" not in store.get("Monthly statements")  # the period, not its dates


def test_list_is_sorted_and_delete_removes(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    for name in ("beta", "Alpha", "gamma"):
        store.save(name, {"format": "csv"})
    assert store.names() == ["Alpha", "beta", "gamma"]
    store.delete("beta")
    assert store.names() == ["Alpha", "gamma"]
    with pytest.raises(InvalidInput, match="No preset named 'beta'"):
        store.delete("beta")


def test_an_unknown_name_lists_the_known_ones(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    with pytest.raises(InvalidInput, match=r"No preset named 'x' \(presets: none saved yet\)"):
        store.get("x")
    store.save("Monthly", {"format": "csv"})
    with pytest.raises(InvalidInput, match=r"\(presets: Monthly\)"):
        store.get("x")


def test_a_damaged_file_is_one_sentence_and_left_alone(tmp_path):
    path = tmp_path / "presets.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"presets file .* cannot be read"):
        PresetStore(path).names()
    assert path.read_text(encoding="utf-8") == "{ not json"


def test_the_file_is_replaced_whole_and_keeps_no_temporary(tmp_path):
    store = PresetStore(tmp_path / "presets.json")
    store.save("a", {"format": "csv"})
    store.save("b", {"format": "json"})
    assert json.loads((tmp_path / "presets.json").read_text())["presets"]["b"] == {"format": "json"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["presets.json", "presets.json.lock"]


def test_it_lives_in_the_user_config_folder(user_dirs):
    assert presets_path() == user_dirs / "config" / "billing-desktop" / "presets.json"
