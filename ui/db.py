"""The dashboard's one connection to the store, and the cached reads the pages share.

The Streamlit process owns the database file for its lifetime (DuckDB allows one read-write
process per file); each call takes its own cursor, because a DuckDB connection must not be
shared between the threads Streamlit runs sessions on. Cached reads are cleared after a load.
"""
from __future__ import annotations

import streamlit as st

from data import queries, store


@st.cache_resource(show_spinner=False)
def _database(path: str):
    return store.connect(path)


def cursor():
    """A fresh cursor on the process's connection; use one per call."""
    return _database(str(store.db_path())).cursor()


def clear_caches() -> None:
    """After a write: every cached read may be stale."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False)
def load_history():
    return queries.load_history(cursor())


@st.cache_data(show_spinner=False)
def catalogue():
    return queries.catalogue(cursor())
