"""Crash recovery: autosaving the app's state and offering it back after a session that did not close.

:class:`Autosaver` writes the current state every few minutes to a per-process file in :func:`recovery_dir`
and deletes it on a clean exit; at start-up :func:`find_recoverable` lists the autosaves left by processes
that are no longer running, newest first, for the app to offer. No Qt here.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from placeviz.workspace.files import atomic_write, open_workspace, read_workspace_dict
from placeviz.workspace.model import SUFFIX, Workspace, WorkspaceError


def recovery_dir() -> Path:
    """Where autosaves live: $PLACEVIZ_RECOVERY_DIR, else the platform's per-user state folder."""
    env = os.environ.get("PLACEVIZ_RECOVERY_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "placeviz" / "recovery"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass
class RecoveryInfo:
    """An autosave left by a session that did not close cleanly."""

    path: Path  # the autosave file
    original: str | None  # the workspace it was the unsaved state of, if any
    saved_at: str
    maps: int
    pid: int

    def describe(self) -> str:
        what = f"unsaved changes to {Path(self.original).name}" if self.original else "an unsaved workspace"
        return f"{what} ({self.maps} map{'s' if self.maps != 1 else ''}), autosaved {self.saved_at}"


class Autosaver:
    """Autosaves the app's workspace to a per-process recovery file; ``discard()`` on a clean exit."""

    def __init__(self, directory: str | Path | None = None, pid: int | None = None):
        self.directory = Path(directory) if directory else recovery_dir()
        self.pid = os.getpid() if pid is None else int(pid)

    @property
    def path(self) -> Path:
        return self.directory / f"autosave-{self.pid}{SUFFIX}"

    def save(self, ws: Workspace) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        doc = ws.to_dict()
        doc["recovery"] = {"original": ws.path, "pid": self.pid}
        try:
            data = (json.dumps(doc, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise WorkspaceError(f"The workspace could not be autosaved ({exc}).") from exc
        return atomic_write(self.path, data)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def find_recoverable(directory: str | Path | None = None) -> list[RecoveryInfo]:
    """Autosaves left by placeviz sessions that are no longer running (crashed or killed), newest first.

    Unreadable autosaves are skipped (never deleted here): the app may say so and offer to discard them.
    """
    folder = Path(directory) if directory else recovery_dir()
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob(f"autosave-*{SUFFIX}"):
        try:
            pid = int(p.stem.split("-", 1)[1])
        except ValueError:
            continue
        if _pid_alive(pid):
            continue
        try:
            doc = read_workspace_dict(p)
        except WorkspaceError:
            continue
        rec = doc.get("recovery") or {}
        out.append(RecoveryInfo(path=p, original=rec.get("original"), saved_at=str(doc.get("saved_at") or ""),
                                maps=len(doc.get("maps") or []), pid=pid))
    out.sort(key=lambda r: r.path.stat().st_mtime, reverse=True)
    return out


def recover(info: RecoveryInfo, register: bool = True) -> Workspace:
    """The workspace in an autosave; its ``path`` is the original workspace's (None if it was never saved)."""
    ws = open_workspace(info.path, register=register)
    ws.path = info.original
    ws.warnings.insert(0, f"Recovered {info.describe()}: save it to keep it.")
    return ws


def discard_recovery(info: RecoveryInfo) -> None:
    with contextlib.suppress(FileNotFoundError):
        info.path.unlink()
