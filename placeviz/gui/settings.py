"""What the desktop app remembers between sessions (QSettings): the workspaces opened or saved lately, and
where the window was (its size, its panels, the last place, level and layer).

Everything is in one INI file in the user's settings folder (``settings()``); tests point QSettings at a
folder of their own with ``QSettings.setPath`` and never touch the user's.
"""

from __future__ import annotations

import json
from pathlib import Path

from PyQt6.QtCore import QByteArray, QSettings, QSize

from placeviz.gui.plain_text import plain_tip
from placeviz.model.errors import UserError
from placeviz.model.spec import LEVELS, MapSpec

RECENT_LIMIT = 8
RECENT_KEY = "recent/workspaces"


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "placeviz", "placeviz")


# -- recent workspaces --------------------------------------------------------------------------------------

def recent_files() -> list[str]:
    """The workspaces opened or saved lately, newest first (those since moved or deleted included)."""
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings gives one entry back as a plain string
        value = [value]
    return [str(v) for v in value or [] if v][:RECENT_LIMIT]


def remember_file(path) -> list[str]:
    """Put ``path`` first in the recent list (once; at most RECENT_LIMIT kept)."""
    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files() if p != path]
    settings().setValue(RECENT_KEY, files[:RECENT_LIMIT])
    return files[:RECENT_LIMIT]


def forget_files(paths=None) -> None:
    """Take ``paths`` (or every file) off the recent list."""
    keep = [] if paths is None else [p for p in recent_files() if p not in set(map(str, paths))]
    settings().setValue(RECENT_KEY, keep)


def fill_recent_menu(menu, open_file) -> None:
    """The File > Open recent menu: each workspace by name (its folder in the tooltip); one moved or deleted
    since is greyed and says so; then "Remove missing files" and "Clear the list"."""
    menu.clear()
    files = recent_files()
    if not files:
        none = menu.addAction("No workspaces opened or saved yet")
        none.setEnabled(False)
        return
    missing = [p for p in files if not Path(p).is_file()]
    for i, p in enumerate(files, 1):
        name = Path(p).name
        gone = p in missing
        a = menu.addAction(f"&{i} {name}" + (" — moved or deleted" if gone else ""))
        tip = f"{p} is no longer there: it was moved, renamed or deleted." if gone else p
        a.setToolTip(plain_tip(tip))
        a.setStatusTip(tip)
        a.setEnabled(not gone)
        a.triggered.connect(lambda _c=False, path=p: open_file(path))
    menu.addSeparator()
    if missing:
        menu.addAction("Remove missing files", lambda: forget_files(missing))
    menu.addAction("Clear the list", forget_files)


# -- the window as it was -----------------------------------------------------------------------------------

def save_window(window) -> None:
    """The window's size and panels, and the map it showed: place, level and layer, and the user's classes,
    selection, title and ward outlines (the view's extent is not kept: the window may open at another size)."""
    s = settings()
    # the size itself, not saveGeometry: restoreGeometry fits the window to the screen it finds at start-up,
    # which shrank a 1300 x 820 window to 798 x 774 on a small virtual screen; the window manager places it
    normal = window.normalGeometry() if window.isMaximized() else window.geometry()
    s.setValue("window/size", normal.size())
    s.setValue("window/maximized", window.isMaximized())
    s.setValue("window/state", window.saveState())
    spec = window.spec
    s.setValue("map/place", spec.place)
    s.setValue("map/level", spec.level)
    s.setValue("map/layer", spec.layer)
    s.setValue("map/spec", json.dumps(spec.with_(extent=None).to_dict()))


def last_spec(default: MapSpec) -> MapSpec:
    """The map shown when the app last closed: its place, level and layer, with the user's classes,
    selection, title and ward outlines (closing lost them: the map reopened in the layer's default classes);
    the ``default`` when there is none, or when the layer or place no longer exists (an import of a past
    session)."""
    from placeviz.analysis.derived import register_derived  # lazy: start-up
    from placeviz.model import viewstate
    from placeviz.model.catalog import get_layer
    from placeviz.model.geography import resolve_place
    from placeviz.workspace.model import map_spec_from_dict

    s = settings()
    place, level, layer = (s.value(f"map/{k}") for k in ("place", "level", "layer"))
    if not (isinstance(place, str) and isinstance(layer, str) and level in LEVELS):
        return default
    register_derived(layer)  # a derived layer (where disadvantages coincide) is made when named
    try:
        spec = viewstate.with_layer(MapSpec(place=default.place, level=level), layer)
        spec = viewstate.with_place(spec, place)
    except UserError:
        return default
    try:  # the whole map as the user left it, where it still reads as the same map
        saved = map_spec_from_dict(json.loads(str(s.value("map/spec", ""))))  # checked, as a workspace's
        resolve_place(saved.place)
        if saved.year is not None and saved.year not in get_layer(saved.layer).series:
            return spec  # a year the layer no longer has opened on no map at all
    except (UserError, ValueError, TypeError):
        return spec
    return saved if (saved.place, saved.level, saved.layer) == (spec.place, spec.level, spec.layer) else spec


def restore_window(window) -> bool:
    """Put the window back to the size and panels it had (True), or leave it as it is (False)."""
    s = settings()
    size, state = s.value("window/size"), s.value("window/state")
    if not isinstance(size, QSize) or size.width() < 400 or size.height() < 300:
        return False
    window.resize(size)
    if isinstance(state, QByteArray):
        window.dock_layout.fit_size(size)  # the panels' arrangement for this width, then as the user left them
        window.restoreState(state)
    if s.value("window/maximized") in (True, "true"):
        window.showMaximized()
    return True
