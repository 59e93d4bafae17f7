"""ui/db.py's one caching decorator: each read its own cache, each database its own entries."""
import pytest
import streamlit as st

from ui import db


@pytest.fixture(autouse=True)
def empty_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_each_read_keeps_its_own_cache_and_each_database_its_own_entries(monkeypatch, tmp_path):
    calls = []

    @db.per_database
    def first() -> str:
        calls.append("first")
        return "first"

    @db.per_database
    def second() -> str:  # same (empty) arguments as first: must not get first's entry
        calls.append("second")
        return "second"

    monkeypatch.setenv("PIDASH_DB", str(tmp_path / "a.duckdb"))
    assert (first(), first(), second(), second()) == ("first", "first", "second", "second")
    assert calls == ["first", "second"]
    monkeypatch.setenv("PIDASH_DB", str(tmp_path / "b.duckdb"))  # another database: read again
    assert first() == "first" and calls == ["first", "second", "first"]


def test_a_default_given_or_left_out_is_one_entry(monkeypatch, tmp_path):
    calls = []

    @db.per_database
    def versions(current_only: bool = True) -> bool:
        """The docstring and name stay the read's own."""
        calls.append(current_only)
        return current_only

    monkeypatch.setenv("PIDASH_DB", str(tmp_path / "a.duckdb"))
    assert (versions(), versions(True), versions(current_only=True), versions(False)) == (True, True, True, False)
    assert calls == [True, False]
    assert versions.__name__ == "versions" and versions.__doc__.startswith("The docstring")
