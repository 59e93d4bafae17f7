"""Text people typed is shown as text: no page allows raw HTML, and `plain` makes Markdown inert."""
from __future__ import annotations

import html
import re
from pathlib import Path

import mistune
import pytest

from ui.safe import plain

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "<script>alert('pidash')</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1)) ![tracker](http://evil.example/t.png)",
    "# Not a heading",
    "**not bold** _not italic_ `not code` ~~not struck~~",
    "1. not a list\n- nor this\n> nor a quote",
    "a & b &amp; c &lt;tag&gt;",
    ":red[alarm] $x^2$ :smile:",
    "=HYPERLINK(\"http://evil.example\",\"open\") +cmd|' /C calc'!A0 @SUM(1)",
    "'); DROP TABLE load; --",
    "http://auto.link www.example.com",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "back\\slash and trailing \\",
    "Welsh Ll\u0177r, R\u202egnp.exe, \U0001F600",
]


def rendered(text: str) -> str:
    return mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_renders_as_exactly_itself_with_no_markup(text):
    out = rendered(plain(text))
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", out))
    assert tags <= {"p", "br"}, out
    shown = html.unescape(re.sub(r"<br />\n?", "\n", re.sub(r"</?p>", "", out))).strip()
    assert shown == text.strip()


def test_plain_shows_a_missing_value_as_a_dash():
    assert plain(None) == "—"


def test_no_page_lets_raw_html_through():
    offenders = []
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        for pattern in ("unsafe_allow_html", "st.html(", "components.html(", "components.v1"):
            if pattern in text and path.name != "safe.py":
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []
