"""Workspaces: the open maps, comparisons, imported layers and areas, saved so that no work is lost.

Four modules, each importing only those before it:

- ``model``: what a workspace holds (:class:`Workspace`, :class:`Comparison`, :class:`ImportedLayer`,
  :class:`SavedAreas`) and its JSON, every value checked on the way back in; :class:`WorkspaceError`.
- ``grids``: imported layers' grids copied beside a workspace, so that it reopens with them.
- ``files``: reading a workspace file (refusing damaged, truncated and newer ones) and writing it atomically.
- ``recovery``: autosaving to a per-process file and offering it back after a crash.

Import from ``placeviz.workspace``; the names below are its interface. No Qt here.

How the desktop app uses it:

- Save: ``save_workspace(Workspace.capture(maps, comparisons, areas, active, title), path)``; catch
  WorkspaceError and show it. Do not pass ``force=True`` unless the user confirmed replacing a file that
  placeviz cannot read (the error says so).
- Open: ``ws = open_workspace(path)`` (the imported layers join the catalog); show ``ws.warnings``; apply
  ``ws.maps[ws.active]``, ``ws.comparisons``, ``ws.areas``.
- Autosave: one ``Autosaver()`` per window; ``autosaver.save(Workspace.capture(...))`` every few minutes
  and after changes (a timer), ``autosaver.discard()`` on a clean close.
- Start-up: for each ``info in find_recoverable()``, ask "Recover {info.describe()}?"; yes ->
  ``recover(info)`` (its ``path`` is the original file, so Save goes back there), then
  ``discard_recovery(info)`` once saved; no -> ``discard_recovery(info)``.
"""

from placeviz.workspace.files import (
    MAX_WORKSPACE_BYTES,
    atomic_write,
    open_workspace,
    read_workspace_dict,
    save_workspace,
)
from placeviz.workspace.model import (
    FORMAT,
    SUFFIX,
    VERSION,
    Comparison,
    ImportedLayer,
    SavedAreas,
    Workspace,
    WorkspaceError,
    layer_from_dict,
    layer_to_dict,
)
from placeviz.workspace.recovery import (
    Autosaver,
    RecoveryInfo,
    discard_recovery,
    find_recoverable,
    recover,
    recovery_dir,
)

__all__ = [
    "FORMAT", "MAX_WORKSPACE_BYTES", "SUFFIX", "VERSION", "Autosaver", "Comparison", "ImportedLayer",
    "RecoveryInfo", "SavedAreas", "Workspace", "WorkspaceError", "atomic_write", "discard_recovery",
    "find_recoverable", "layer_from_dict", "layer_to_dict", "open_workspace", "read_workspace_dict", "recover",
    "recovery_dir", "save_workspace",
]
