"""great-expectations in a process of its own, for a command-line load.

Importing great-expectations is seconds of pure Python; inside the loading process it holds the
GIL while the file is read and normalised. `pidash load` starts this process first thing, so the
import runs on the other core while the file is read, and sends it the (small) frames to check
(checks.gx.validate_jobs). A `Worker` is a checker like checks.gx.IN_PROCESS: the load pipeline is
handed one or the other. The dashboard imports great-expectations in its own long-lived process.

This module imports nothing heavy: the command line starts the worker before pandas is loaded.
"""
from __future__ import annotations

import atexit
import os
import pickle
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class CheckerStopped(RuntimeError):
    """The checking process died or failed: nothing was written."""


class Worker:
    """The parent's end: one job list at a time, answered in order."""

    def __init__(self) -> None:
        env = {**os.environ, "GX_ANALYTICS_ENABLED": "False",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen([sys.executable, "-m", "checks.worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env, cwd=ROOT)
        self._lock = threading.Lock()

    def preload(self) -> None:
        """Nothing to do here: the checking process imports great-expectations as it starts."""

    def validate(self, jobs: list) -> list:
        with self._lock:
            try:
                pickle.dump(jobs, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.flush()
                reply = pickle.load(self.process.stdout)
            except (BrokenPipeError, EOFError, OSError) as err:
                raise CheckerStopped(f"the great-expectations process stopped ({type(err).__name__}); "
                                     "nothing was written") from None
        if isinstance(reply, str):
            raise CheckerStopped(f"the checks could not run: {reply}")
        return reply

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # end of input: the worker returns
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()


_current: Worker | None = None
_start_lock = threading.Lock()


def start() -> Worker:
    """Start the checking process (once per process); later checks in this process go to it."""
    global _current
    with _start_lock:
        if _current is None or _current.process.poll() is not None:
            _current = Worker()
            atexit.register(stop)
        return _current


def stop() -> None:
    global _current
    with _start_lock:
        if _current is not None:
            _current.close()
            _current = None


def serve() -> None:
    """The worker's loop: import great-expectations, then answer each job list until input ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which closes our input
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything printed goes to stderr, never into a reply
    requests = sys.stdin.buffer
    from checks import gx

    gx.imported()
    while True:
        try:
            jobs = pickle.load(requests)
        except (EOFError, pickle.UnpicklingError, OSError):
            # the parent is done, or was killed part-way through sending (a truncated request):
            # nothing to answer or tidy, so skip the interpreter's teardown of great-expectations
            replies.close()
            os._exit(0)
        try:
            reply = gx.validate_jobs(jobs)
        except Exception as err:  # noqa: BLE001 - the parent reports it and writes nothing
            reply = f"{type(err).__name__}: {err}"
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()


if __name__ == "__main__":
    serve()
