"""Colour palettes: ColorBrewer schemes and the viridis family, with colour-blind safety flagged.

Colours come from branca's copy of the ColorBrewer tables (exact per class count up to each scheme's
maximum, interpolated beyond). Palettes are stored light-to-dark (sequential) or good-to-bad (diverging:
blue/green end first), so the last colour is always the "worse" end.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from placeviz.model.errors import UserError


@dataclass(frozen=True)
class Palette:
    name: str
    kind: str  # "sequential", "diverging", "perceptual"
    colourblind_safe: bool
    brewer: str  # name in the ColorBrewer tables
    flip: bool = False  # the brewer order runs bad-to-good and must be flipped

    @property
    def label(self) -> str:
        return f"{self.name}{' (colour-blind safe)' if self.colourblind_safe else ''}"


PALETTES = {p.name: p for p in [
    Palette("YlOrRd", "sequential", True, "YlOrRd"),
    Palette("OrRd", "sequential", True, "OrRd"),
    Palette("Reds", "sequential", True, "Reds"),
    Palette("Purples", "sequential", True, "Purples"),
    Palette("Blues", "sequential", True, "Blues"),
    Palette("Greens", "sequential", True, "Greens"),
    Palette("YlGnBu", "sequential", True, "YlGnBu"),
    Palette("PuBu", "sequential", True, "PuBu"),
    Palette("BuPu", "sequential", True, "BuPu"),
    Palette("RdPu", "sequential", True, "RdPu"),
    Palette("Greys", "sequential", True, "Greys"),
    Palette("RdYlBu", "diverging", True, "RdYlBu", flip=True),
    Palette("RdBu", "diverging", True, "RdBu", flip=True),
    Palette("PuOr", "diverging", True, "PuOr"),
    Palette("BrBG", "diverging", True, "BrBG", flip=True),
    Palette("PiYG", "diverging", True, "PiYG", flip=True),
    Palette("PRGn", "diverging", True, "PRGn", flip=True),
    Palette("RdYlGn", "diverging", False, "RdYlGn", flip=True),
    Palette("Spectral", "diverging", False, "Spectral", flip=True),
    Palette("viridis", "perceptual", True, "viridis", flip=True),
    Palette("magma", "perceptual", True, "magma", flip=True),
    Palette("plasma", "perceptual", True, "plasma", flip=True),
    Palette("inferno", "perceptual", True, "inferno", flip=True),
]}
NODATA_COLOUR = "#d9d9d9"
DEFAULT_PALETTE = "RdYlBu"


class PaletteError(UserError, ValueError):
    pass


def palette_names() -> list[str]:
    return list(PALETTES)


@cache
def colours(name: str, k: int) -> tuple[str, ...]:
    """``k`` colours of palette ``name``, from the good/light end to the bad/dark end."""
    if name not in PALETTES:
        raise PaletteError(f"Unknown palette {name!r}: choose one of {', '.join(PALETTES)}.")
    p = PALETTES[name]
    if k < 1:
        raise PaletteError("A palette needs at least one class.")
    if k < 3:
        cols = list(_brewer(p.brewer, 3))
        cols = [cols[0], cols[-1]] if k == 2 else [cols[-1]]
    else:
        cols = list(_brewer(p.brewer, k))
    cols = [c.lower() for c in cols][:k] if len(cols) >= k else _stretch(cols, k)
    if p.flip:
        cols = cols[::-1]
    return tuple(cols)


@cache
def _brewer_tables() -> dict:
    """branca's ColorBrewer tables, read from its data file without importing branca (which pulls in jinja2:
    about 0.15 s, a fifth of a whole PNG export). Empty if the file cannot be found."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("branca")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        f = Path(folder) / "_schemes.json"
        if f.is_file():
            return json.loads(f.read_text(encoding="utf-8"))
    return {}


def _brewer(code: str, n: int) -> list[str]:
    """The ColorBrewer colours of ``code`` with ``n`` classes, exactly as branca's ``color_brewer`` gives them:
    from its tables where they hold that many classes, else (interpolated) from branca itself."""
    table = _brewer_tables().get(f"{code}_{n:02d}")
    if table is not None:
        return list(table)
    from branca.utilities import color_brewer

    return color_brewer(code, n)


def _stretch(cols: list[str], k: int) -> list[str]:
    rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in cols]
    out = []
    for j in range(k):
        t = j * (len(rgb) - 1) / (k - 1)
        i = min(int(t), len(rgb) - 2)
        f = t - i
        out.append("#" + "".join(f"{round(a + (b - a) * f):02x}" for a, b in zip(rgb[i], rgb[i + 1], strict=True)))
    return out
