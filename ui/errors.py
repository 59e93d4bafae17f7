"""An unexpected error on a page: a short message with a reference for the person, the traceback
for the server log.

A traceback tells a user nothing they can act on and may show file paths, SQL or data; the
reference lets whoever runs pidash find the full story in the log.
"""
from __future__ import annotations

import logging
import secrets

import streamlit as st
from streamlit.errors import FragmentHandledException

log = logging.getLogger("pidash")


def run_page(page) -> None:
    """Run the page st.navigation chose; an exception is logged with a reference and shown as one line.

    st.stop and st.rerun are not caught: Streamlit raises them as BaseException, not Exception.
    FragmentHandledException is Streamlit saying a fragment's error was already shown: passed on.
    """
    try:
        page.run()
    except FragmentHandledException:
        raise
    except Exception:
        ref = reference()
        log.exception("page %r failed (reference %s)", page.title, ref)
        st.error(f"Something went wrong on this page. It has been logged: if it keeps happening, tell whoever "
                 f"runs pidash (reference {ref}).", icon=":material/error:")


def reference() -> str:
    """A short id that joins what the user saw to the log line (8 hex digits: unique enough per server)."""
    return secrets.token_hex(4)
