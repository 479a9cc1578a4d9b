"""Running slow work (loading England, identify, exports) off the GUI thread, with progress.

``run_task(fn, on_done, on_error, on_progress)`` runs ``fn(progress)`` in Qt's global thread pool; the
callbacks run back on the GUI thread. A task's result is delivered only if the task is still current for
its ``channel`` (a newer request on the same channel supersedes it), so a slow old load never overwrites
a newer map.
"""

from __future__ import annotations

import contextlib
import traceback

from PyQt6 import sip
from PyQt6.QtCore import QObject, QRunnable, QThreadPool, pyqtSignal

from placeviz.model.errors import UserError


class _Signals(QObject):
    done = pyqtSignal(object)
    failed = pyqtSignal(object)
    progress = pyqtSignal(float)


class Task(QRunnable):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self):  # in a worker thread
        with contextlib.suppress(RuntimeError):  # the app closed and the receiver is gone: nobody to tell
            self._run()

    def _run(self):
        try:
            result = self.fn(self.signals.progress.emit)
        except UserError as exc:
            self.signals.failed.emit(exc)
        except Exception as exc:  # shown as a message, with the details logged for a bug report
            exc.details = traceback.format_exc()
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_generation: dict[str, int] = {}
_live: set = set()  # keep signal objects alive until delivered


def run_task(fn, on_done, on_error=None, on_progress=None, channel: str | None = None, owner=None) -> Task:
    """Run ``fn(progress)`` in a worker thread; ``on_done(result)`` / ``on_error(exc)`` on the GUI thread.

    With ``owner`` (a QObject, usually the window), nothing is delivered once the owner is deleted."""
    task = Task(fn)
    gen = None
    if channel is not None:
        gen = _generation[channel] = _generation.get(channel, 0) + 1
    sig = task.signals
    _live.add(sig)

    def current() -> bool:
        if owner is not None and sip.isdeleted(owner):
            return False
        return channel is None or _generation.get(channel) == gen

    def done(result):
        _live.discard(sig)
        if current():
            on_done(result)

    def failed(exc):
        _live.discard(sig)
        if current() and on_error is not None:
            on_error(exc)

    sig.done.connect(done)
    sig.failed.connect(failed)
    if on_progress is not None:
        sig.progress.connect(lambda f: current() and on_progress(f))
    QThreadPool.globalInstance().start(task)
    return task


def supersede(channel: str) -> None:
    """Nothing still running on ``channel`` is delivered any more: what replaced it came another way."""
    _generation[channel] = _generation.get(channel, 0) + 1


def wait_for_all(msecs: int = 30_000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
