"""AppTest runs the app in the test's own process: what the app caches for the process outlives the test."""
import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def release_the_dashboards_database():
    """After each page test: stop the inbox worker and close the connection ui/db.py holds (DuckDB
    reports a connection still open at exit as a leak), and drop the reads cached from that database."""
    yield
    st.cache_resource.clear()
    st.cache_data.clear()
