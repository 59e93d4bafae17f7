"""Showing text people typed (commentary, notes, names) as text, never as markup.

Streamlit escapes HTML unless a page passes `unsafe_allow_html` (no page does; a test checks),
but `st.markdown`, `st.write(str)`, `st.caption` and friends still render Markdown: a link, an
image that fetches a tracker, a heading. `plain(text)` escapes every Markdown character so the
text shows exactly as it was stored; data frames and `st.text` show text as it is already.
"""
from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def plain(text: object) -> str:
    """`text` with every Markdown (and HTML-looking) character backslash-escaped; None as an em dash."""
    if text is None:
        return "—"
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", "  \n")
