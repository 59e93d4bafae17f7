"""Charts drawn in one batch are the images drawn one by one: the batch only saves reloads."""
from __future__ import annotations

import struct

import plotly.graph_objects as go

from reports import images


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def _figure(n: int) -> go.Figure:
    return go.Figure(go.Scatter(x=list(range(12)), y=[(i * n) % 7 for i in range(12)], name=f"series {n}"),
                     layout={"title": f"Chart {n}"})


def test_a_batch_of_charts_matches_each_chart_drawn_alone():
    figures = [_figure(n) for n in range(1, 6)]
    batch = images.figures_png(figures, width=600, height=300, scale=1)
    alone = [images.figure_png(f, width=600, height=300, scale=1) for f in figures]
    assert [_size(p) for p in batch] == [(600, 300)] * 5
    assert batch == alone  # same pixels, same order
    assert len(set(batch)) == 5  # and each chart is its own


def test_starting_the_browser_early_is_the_browser_the_charts_use():
    images.start_browser()
    png = images.figure_png(_figure(7), width=300, height=200, scale=2)
    assert _size(png) == (600, 400)
    assert images._shared_renderer() is images._shared_renderer()
