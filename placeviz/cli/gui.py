"""`placeviz gui` (and `placeviz` alone): open the desktop app, or render one snapshot of it and exit."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from placeviz.cli import mapargs
from placeviz.model.errors import UserError
from placeviz.model.spec import MapSpec

HELP = "Open the desktop app (the default). With --snapshot, save a picture of the window and exit."
DEFAULT = MapSpec()


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--place", help=f"place to open on (default: the place, level and layer shown when the app was "
                                   f"last closed, else {DEFAULT.place})")
    p.add_argument("--layer", help=f"layer id to show (default: as for --place, else {DEFAULT.layer}); see "
                                   "'placeviz layers'")
    mapargs.add_level_option(p)
    mapargs.add_wards_option(p)
    p.add_argument("--year", help="year, for layers published as a yearly series")
    mapargs.add_classification_options(p)
    p.add_argument("--select", action="append", default=[], metavar="CODE", help="select an area (repeatable)")
    p.add_argument("--snapshot", metavar="FILE.png", help="save a picture of the window once the map is drawn, then exit")
    p.add_argument("--size", default="1440x900", help="window size for --snapshot, WIDTHxHEIGHT (default 1440x900)")


def build_spec(args: argparse.Namespace) -> MapSpec:
    """The MapSpec the arguments describe (validated: bad values raise UserError)."""
    place = mapargs.place_name(args.place) if args.place else DEFAULT.place
    layer = mapargs.layer_or_file(args.layer or DEFAULT.layer)
    return mapargs.map_spec(args, layer, place, args.year)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UserError(f"--size {text!r} is not WIDTHxHEIGHT, e.g. 1440x900.") from None
    if not (400 <= w <= 8000 and 300 <= h <= 8000):
        raise UserError("--size must be between 400x300 and 8000x8000.")
    return w, h


def run(args: argparse.Namespace) -> int:
    spec = build_spec(args)  # bad input fails here, before any window opens
    size = _size(args.size)
    snapshot = Path(args.snapshot) if args.snapshot else None
    if snapshot is not None:
        if snapshot.parent and not snapshot.parent.exists():
            raise UserError(f"The folder {snapshot.parent} does not exist: create it or choose another "
                            "snapshot path.")
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
                and sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # lazy: Qt and the window load only when the app opens, so every other command starts fast
    from placeviz.gui.app import run_app

    return run_app(spec, snapshot, size, restore=reopens_as_it_was(args))


def reopens_as_it_was(args: argparse.Namespace) -> bool:
    """No map asked for on the command line (nor a snapshot): the window reopens as it was last closed."""
    asked = (args.place, args.layer, args.level != "lsoa", args.year, args.select, args.scheme, args.k,
             args.palette, args.reverse, args.breaks, args.snapshot)
    return not any(asked)
