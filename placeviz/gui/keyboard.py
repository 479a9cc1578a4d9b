"""Moving around a map without a mouse: the keyboard cursor that steps from area to area.

With the map focused, ] or N moves to the next area and [ or P to the previous one. The order is the one a
reader of the map would want: by national rank where the layer has one (1 = most deprived or worst first),
else by value from the worse end, else west to east. Each step says the area's name and figures in a
sentence, which the canvas gives to screen readers and the window shows in the status bar.
"""

from __future__ import annotations

import numpy as np

from placeviz.model.viewstate import tooltip_fields

NEXT_KEYS = ("]", "N")
PREVIOUS_KEYS = ("[", "P")


def area_order(scene) -> np.ndarray:
    """The frame rows of a scene's drawn areas in keyboard order (areas without a value last, west to east)."""
    frame = scene.data.frame
    drawn = np.flatnonzero(np.asarray(scene.rows) >= 0)
    bounds = scene.geometry.bounds[np.asarray(scene.rows)[drawn]]
    west_to_east = (bounds[:, 0] + bounds[:, 2]) / 2
    values = frame["value"].to_numpy(dtype="float64")[drawn]
    if "rank" in frame:
        key = frame["rank"].to_numpy(dtype="float64")[drawn]
    elif scene.layer.higher_is_worse is not None:
        key = -values if scene.layer.higher_is_worse else values
    else:
        key = np.zeros(len(drawn))
    key = np.where(np.isfinite(key) & np.isfinite(values), key, np.inf)  # no value: after the others
    return drawn[np.lexsort((west_to_east, key))]


def area_sentence(scene, frame_row: int, position: int | None = None) -> str:
    """An area said in one sentence: name, code, value, rank and decile, and where it is in the order."""
    md = scene.data
    row = md.frame.iloc[frame_row]
    fields = tooltip_fields(row, md.layer, md.n_ranked if "rank" in md.frame else None)
    name, code, rest = fields[0][1], fields[1][1], fields[2:]
    figures = "; ".join(f"{label}: {text}" for label, text in rest if label != "Neighbourhood name")
    where = f" Area {position + 1:,} of {len(md.frame):,}." if position is not None else ""
    return f"{name} ({code}). {figures}.{where}"


def area_headline(scene, frame_row: int) -> str:
    """An area's name, code and value: short enough for the status bar at large text sizes."""
    md = scene.data
    fields = tooltip_fields(md.frame.iloc[frame_row], md.layer)
    return f"{fields[0][1]} ({fields[1][1]}): {fields[2][0]} {fields[2][1]}"


class AreaCursor:
    """Which area the keyboard is on, stepping through a scene's areas in :func:`area_order`."""

    def __init__(self):
        self.scene = None
        self.order = np.zeros(0, dtype=np.int64)
        self.position: int | None = None

    def set_scene(self, scene) -> None:
        """A new map: the order is worked out again, and the cursor stays on its area if it is still shown."""
        code = self.code
        self.scene = scene
        self.order = area_order(scene) if scene is not None else np.zeros(0, dtype=np.int64)
        self.position = None
        if code is not None and scene is not None:
            at = np.flatnonzero(scene.codes[self.order] == code)
            self.position = int(at[0]) if len(at) else None

    @property
    def code(self) -> str | None:
        if self.scene is None or self.position is None:
            return None
        return str(self.scene.codes[self.order[self.position]])

    def step(self, by: int) -> str | None:
        """Move by ``by`` areas (wrapping round) and return the area's code; the first step lands on the first
        area (or, backwards, the last)."""
        n = len(self.order)
        if n == 0:
            return None
        if self.position is None:
            self.position = 0 if by > 0 else n - 1
        else:
            self.position = (self.position + by) % n
        return self.code

    def sentence(self) -> str:
        if self.code is None:
            return ""
        return area_sentence(self.scene, int(self.order[self.position]), self.position)

    def headline(self) -> str:
        return "" if self.code is None else area_headline(self.scene, int(self.order[self.position]))
