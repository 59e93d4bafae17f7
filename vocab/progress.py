"""The progress callback long jobs take (a load, an evidence pack), and the one that shows nothing.

In the lowest layer so loads/, reports/, ui/ and cli/ share one, rather than each keeping a copy.
"""
from __future__ import annotations

from typing import Callable

Progress = Callable[[float, str], None]  # (fraction done, 0 to 1; what is happening now)


def quiet(fraction: float, message: str) -> None:
    """Show nothing: the default where no one is watching."""
