"""Writing the user's files safely: a file placeviz writes holds either its old bytes or the new, never a mixture.

    atomic_write(path, data)                 # bytes: temp file in the same folder, fsync, replace
    atomic_write_text(path, text)            # the same, UTF-8
    write_via(path, lambda tmp: writer(tmp)) # writers that need a path (pyogrio, Qt's SVG/PDF devices, placeviz's PNGs)
    refuse_input_as_output(output, inputs)   # never write over the file being read
    defuse_formulas(frame)                   # CSV text cells a spreadsheet would run as a formula

Every failure to write (a full disk, a folder the user may not write to, a name too long, a read-only file)
is a ``FileWriteError``: a ``UserError`` with one sentence naming the file, and the previous file unchanged.
The temporary file is always removed. Exports, sidecars and command outputs all write through here; the
workspace has its own copy for now (``placeviz.workspace.atomic_write``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from placeviz.model.errors import UserError


class FileWriteError(UserError, ValueError):
    """A file placeviz could not write, with why and what to do; any previous file is unchanged."""


class SameFileError(FileWriteError):
    """An output that would overwrite the file being read."""


# errno -> why, in words (the sentence adds what to do)
_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "you may not write there",
    errno.EPERM: "you may not write there",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.EBUSY: "the file is in use",
    errno.ETXTBSY: "the file is in use",
    errno.EEXIST: "a file of that name is in the way",
}


def short_name(path: str | Path, limit: int = 60) -> str:
    """A file's name for a sentence: cut short (with an ellipsis) when it is very long."""
    name = Path(path).name or str(path)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def write_error(path: str | Path, exc: BaseException) -> FileWriteError:
    """The sentence for an error writing ``path``: what happened and what to do."""
    err = getattr(exc, "errno", None)
    why = _WHY.get(err) or getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
    what = {errno.ENAMETOOLONG: "choose a shorter name",
            errno.ENOSPC: "free some space or choose another disk",
            errno.EDQUOT: "free some space or choose another disk"}.get(err, "choose another folder or name")
    return FileWriteError(f"Could not write {short_name(path)} ({str(why).rstrip('.')}): any previous file "
                          f"is unchanged; {what}.")


def _real(path: str | Path) -> Path:
    """The absolute path with symlinks resolved (as far as they exist), so that writing replaces the file a
    link points at rather than the link."""
    return Path(os.path.realpath(Path(path).expanduser()))


def check_target(path: str | Path) -> Path:
    """The real path to write, or a FileWriteError when it cannot be written: a missing folder, a folder
    whose path is a file, a folder in place of the file, or an existing file marked read-only."""
    given = Path(path).expanduser()
    if not str(given) or given.name in ("", ".", ".."):
        raise FileWriteError("Give a file name to write to.")
    p = _real(given)
    folder = p.parent
    if not folder.exists():
        raise FileWriteError(f"The folder {folder} does not exist: create it or choose another place.")
    if not folder.is_dir():
        raise FileWriteError(f"{folder} is a file, not a folder: choose another place to save "
                             f"{short_name(given)}.")
    if p.is_dir():
        raise FileWriteError(f"{short_name(given)} is a folder: give a file name to write to.")
    if p.exists():
        mode = p.stat().st_mode
        # os.access answers for this user; the write bits are the user's own "read-only" mark, which an
        # administrator's account would otherwise ignore
        if not os.access(p, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise FileWriteError(f"{short_name(given)} is read-only: it was left unchanged; choose another name, "
                                 "or make it writable first.")
    return p


_UMASK: int | None = None
_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    global _UMASK
    with _UMASK_LOCK:
        if _UMASK is None:
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
        return _UMASK


def _remove_temp(tmp: Path) -> None:
    """The temporary file and anything its writer left beside it (SQLite's -journal, -wal, -shm)."""
    for extra in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(str(tmp) + extra)


def _fsync_file(p: Path) -> None:
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace(given: Path, fill: Callable[[Path], object], errors: tuple[type[BaseException], ...]) -> Path:
    """Make a temporary file beside the target, have ``fill(tmp)`` write it, fsync it and put it in place."""
    try:
        p = check_target(given)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        if isinstance(exc, UserError):
            raise
        raise write_error(given, exc) from exc
    errors = tuple({OSError, *errors})
    try:
        # a short prefix, so that a long (but valid) name does not fail here for the temp file's sake
        fd, name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.stem[:40]}.", suffix=f".tmp{p.suffix[:16]}")
    except OSError as exc:
        raise write_error(given, exc) from exc
    tmp = Path(name)
    try:
        os.close(fd)
        fill(tmp)
        if not tmp.exists():
            raise FileWriteError(f"Could not write {short_name(given)}: nothing was written; any previous file "
                                 "is unchanged.")
        _fsync_file(tmp)
        mode = stat.S_IMODE(p.stat().st_mode) if p.exists() else 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException as exc:
        _remove_temp(tmp)
        if isinstance(exc, UserError) or not isinstance(exc, errors):
            raise
        raise write_error(given, exc) from exc
    _remove_temp(tmp)  # only what a writer may have left beside it: the file itself is in place
    _fsync_dir(p.parent)
    return given


def write_via(path: str | Path, write: Callable[[Path], object],
              errors: tuple[type[BaseException], ...] = (OSError,)) -> Path:
    """Have ``write(tmp)`` write the file at a temporary path in the same folder (ending like ``path``, so
    writers that go by the ending still work), then put it in place of ``path`` in one step.

    Exceptions of the types in ``errors`` (OSError always, plus what a library raises for a file it cannot
    write) become a FileWriteError sentence; a UserError passes through. Either way, and for any other
    exception, the temporary file is removed and the previous file is unchanged. Returns ``path``.
    """
    def fill(tmp: Path) -> None:
        os.unlink(tmp)  # the writer creates the file itself (SQLite, for one, will not open an empty file)
        write(tmp)

    return _replace(Path(path).expanduser(), fill, errors)


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that it holds either the old or the new bytes, never a mixture; refuses
    to replace a read-only file; every failure is one sentence (FileWriteError). Returns ``path``."""
    def fill(tmp: Path) -> None:
        with open(tmp, "wb") as f:  # the empty file mkstemp made for us
            f.write(data)
            f.flush()

    return _replace(Path(path).expanduser(), fill, (OSError,))


def atomic_write_text(path: str | Path, text: str) -> Path:
    """``atomic_write`` of ``text`` as UTF-8."""
    return atomic_write(path, text.encode("utf-8"))


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same path once symlinks and relative parts are resolved, or
    (for files that exist) the same file on disk, as with hard links."""
    ra, rb = _real(a), _real(b)
    if ra == rb:
        return True
    try:
        return os.path.samefile(ra, rb)
    except OSError:
        return False


def refuse_input_as_output(output: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """A SameFileError when ``output`` is one of ``inputs`` (the files being read): writing it would replace
    the user's source. An input that is a folder (a shapefile's) counts for every file inside it."""
    out = _real(output)
    for item in inputs:
        if item is None or str(item) == "":
            continue
        src = Path(item).expanduser()
        # a folder (a shapefile's) is read whole: an existing file directly inside it is being read too
        if same_file(out, src) or (src.is_dir() and out.exists() and out.parent == _real(src)):
            raise SameFileError(f"{short_name(output)} is the file being read: writing there would replace your "
                                "data; choose another output name.")


# -- CSV cells ---------------------------------------------------------------------------------------------

#: what a spreadsheet (Excel, LibreOffice, Sheets) takes as the start of a formula in a CSV cell: the OWASP
#: "CSV injection" list. A name such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` from the user's file
#: or a boundary set would otherwise run when the CSV is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_cell(value):
    """A text cell that starts like a formula, prefixed with a single quote (the OWASP convention: the
    spreadsheet then shows it as text); anything else (numbers, including negative ones) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def defuse_formulas(frame):
    """A copy of a DataFrame whose text cells and column names cannot run as formulas in a spreadsheet
    (``defuse_cell``).

    Only text is touched: numeric columns are left as they are, so -3.2 stays the number -3.2, and in a
    column of mixed values only the ``str`` cells are looked at."""
    import pandas as pd  # lazy: this module is imported by commands that never load pandas

    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s, pd.DataFrame):  # repeated column names: leave to the writer
            continue
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        elif not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        risky = s.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
        if risky.any():
            out[col] = s.where(~risky, s.map(defuse_cell))
    # the header row too: a boundary file's own column names ('=HYPERLINK(...)') are written as they came
    out.columns = [defuse_cell(c) if isinstance(c, str) and c.startswith(FORMULA_START) else c for c in out.columns]
    return out
