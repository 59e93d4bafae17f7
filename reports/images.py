"""Static chart images for the PDF: plotly figures rendered by kaleido 1.x in the system Chromium.

Starting Chromium takes seconds, so one kaleido browser is opened per process, on its own event
loop in a daemon thread, and every image after the first reuses it (the dashboard builds many
packs in one process). Each render has a time limit, so a browser that dies cannot hang a
build. kaleido is imported here only when the first image is wanted.
"""
from __future__ import annotations

import atexit
import os
import shutil
import threading
from pathlib import Path

CHROMIUM_ENV = "PIDASH_CHROMIUM"
START_SECONDS = 60
RENDER_SECONDS = 60
TABS = 2  # a pack's charts are drawn two at a time: one tab draws while the other reloads plotly.js


class ChromiumMissing(RuntimeError):
    """The PDF needs a Chromium browser for its charts and none was found."""


def chromium_path() -> Path:
    """The browser to use: $PIDASH_CHROMIUM, else `chromium` on the PATH; raises ChromiumMissing."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise ChromiumMissing(
            f"{CHROMIUM_ENV} is set to '{configured}', but no executable browser is there. "
            "Install Chromium (Debian: 'sudo apt-get install chromium') and point "
            f"{CHROMIUM_ENV} at it (usually /usr/bin/chromium), or unset {CHROMIUM_ENV}."
        )
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumMissing(
        "the PDF's charts need Chromium and none was found on the PATH. Install it "
        f"(Debian: 'sudo apt-get install chromium') or set {CHROMIUM_ENV} to the browser's path."
    )


class _Renderer:
    """One kaleido browser for the process, driven from a private event loop."""

    def __init__(self, browser: Path):
        import asyncio

        import kaleido

        self.browser = browser
        self._asyncio = asyncio
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pidash-kaleido", daemon=True)
        self._thread.start()

        async def open_browser():
            k = kaleido.Kaleido(path=str(browser), n=TABS, mathjax=False, timeout=RENDER_SECONDS)
            await k.open()
            return k

        try:
            self._kaleido = self._run(open_browser(), START_SECONDS)
        except Exception as err:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise ChromiumMissing(
                f"Chromium at {browser} would not start for kaleido ({type(err).__name__}: {err}). "
                "Check that the Debian package 'chromium' is installed and runs headless."
            ) from err

    def _run(self, coroutine, seconds: float):
        future = self._asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=seconds)
        except TimeoutError:
            future.cancel()
            raise

    def png(self, figure, width: int, height: int, scale: float) -> bytes:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        return self._run(self._kaleido.calc_fig(figure, opts=opts), RENDER_SECONDS)

    def pngs(self, figures: list, width: int, height: int, scale: float) -> list[bytes]:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        shares = [list(range(i, len(figures), TABS)) for i in range(min(TABS, len(figures)))]

        async def every_figure():
            drawn = await self._asyncio.gather(*(self._batch([figures[i] for i in share], opts) for share in shares))
            out: list[bytes] = [b""] * len(figures)
            for share, images in zip(shares, drawn):
                for i, image in zip(share, images):
                    out[i] = image
            return out

        return self._run(every_figure(), RENDER_SECONDS * max(1, len(figures)))

    async def _batch(self, figures: list, opts: dict) -> list[bytes]:
        """Draw figures one after another in one tab. kaleido reloads plotly.js in a tab after every
        figure (about half of each figure's time); within one pack's batch that is not needed, so
        this uses kaleido 1.5's tab directly (the images are byte-for-byte the same) and reloads
        once at the end. Should those internals change, it falls back to one calc_fig each."""
        try:
            from kaleido import _profiler
            from kaleido._utils import fig_tools

            tab = await self._kaleido._get_kaleido_tab()
        except (ImportError, AttributeError):
            return [await self._kaleido.calc_fig(f, opts=opts) for f in figures]
        try:
            out = []
            for figure in figures:
                spec = fig_tools.coerce_for_js(figure, None, opts)
                profile = _profiler.RenderTaskProfile(spec, None, tab.tab.target_id)
                out.append(await self._asyncio.wait_for(
                    tab._calc_fig(spec, topojson=None, render_prof=profile, stepper=False), RENDER_SECONDS))
            return out
        finally:
            await self._kaleido._return_kaleido_tab(tab)

    def close(self) -> None:
        try:
            self._run(self._kaleido.close(), 15)
        except Exception:  # noqa: BLE001 - closing at exit; nothing left to tell anyone
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)


_lock = threading.Lock()
_renderer: _Renderer | None = None


def _shared_renderer() -> _Renderer:
    """Start the browser on first use (once per process); a new path starts a new one."""
    global _renderer
    browser = chromium_path()
    with _lock:
        if _renderer is not None and _renderer.browser != browser:
            _renderer.close()
            _renderer = None
        if _renderer is None:
            _renderer = _Renderer(browser)
            atexit.register(_renderer.close)
        return _renderer


def start_browser() -> None:
    """Start the shared browser in the background (it takes seconds): a pack calls this first, so
    Chromium starts while the figures are read. A failure here is left to the first render to report."""
    def start():
        try:
            _shared_renderer()
        except Exception:  # noqa: BLE001 - figure_png/figures_png raise it properly when used
            pass

    threading.Thread(target=start, name="pidash-kaleido-start", daemon=True).start()


def figures_png(figures: list, width: int = 900, height: int = 380, scale: float = 2) -> list[bytes]:
    """Several plotly figures as PNG bytes, in order, drawn TABS at a time (each image as
    `figure_png` draws it); raises ChromiumMissing when no browser can be used."""
    if not figures:
        return []
    renderer = _shared_renderer()
    with _lock:
        return renderer.pngs(list(figures), width, height, scale)


def figure_png(figure, width: int = 900, height: int = 380, scale: float = 2) -> bytes:
    """A plotly figure as PNG bytes; raises ChromiumMissing when no browser can be used."""
    renderer = _shared_renderer()
    with _lock:  # one page of the browser at a time: requests from several sessions queue here
        return renderer.png(figure, width, height, scale)
