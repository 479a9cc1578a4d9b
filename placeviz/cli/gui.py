"""`placeviz gui` (and `placeviz` alone): open the desktop app, or render one snapshot of it and exit."""

from __future__ import annotations

import argparse

HELP = "Open the desktop app (the default). With --snapshot, save a picture of the window and exit."


def add_arguments(p: argparse.ArgumentParser) -> None:
    from placeviz.model.classify import SCHEMES
    from placeviz.model.spec import LEVELS

    p.add_argument("--place", help="place to open on (default: Cheshire and Merseyside)")
    p.add_argument("--layer", help="layer id to show (default: imd2019); see 'placeviz layers'")
    p.add_argument("--level", choices=LEVELS, help="geography level (default: lsoa)")
    p.add_argument("--year", help="year, for layers published as a yearly series")
    p.add_argument("--scheme", choices=list(SCHEMES), help="classification scheme")
    p.add_argument("--k", type=int, help="number of classes (2-12)")
    p.add_argument("--breaks", help="your own class breaks, e.g. '10,20,30' (implies --scheme user)")
    p.add_argument("--palette", help="palette name (e.g. YlOrRd, viridis, RdYlBu)")
    p.add_argument("--reverse", action="store_true", help="reverse the palette")
    p.add_argument("--select", action="append", default=[], metavar="CODE", help="select an area (repeatable)")
    p.add_argument("--snapshot", metavar="FILE.png", help="save a picture of the window once the map is drawn, then exit")
    p.add_argument("--size", default="1440x900", help="window size for --snapshot, WIDTHxHEIGHT (default 1440x900)")


def build_spec(args):
    """The MapSpec the arguments describe (validated: bad values raise UserError)."""
    from placeviz.model import viewstate
    from placeviz.model.catalog import get_layer
    from placeviz.model.geography import resolve_place
    from placeviz.model.palettes import PALETTES, PaletteError
    from placeviz.model.spec import MapSpec

    spec = MapSpec()
    if args.place:
        spec = spec.with_(place=resolve_place(args.place).name)
    if args.layer:
        spec = viewstate.with_layer(spec, get_layer(args.layer).id)
    if args.level:
        spec = spec.with_(level=args.level)
    if args.year:
        spec = spec.with_(year=str(args.year))
    changes = {}
    if args.breaks:
        changes["breaks"] = viewstate.parse_breaks(args.breaks)
        changes["scheme"] = "user"
    if args.scheme:
        changes["scheme"] = args.scheme
    if args.k is not None:
        changes["k"] = args.k
    if args.palette:
        if args.palette not in PALETTES:
            from placeviz.model.names import suggestion

            raise PaletteError(suggestion(args.palette, list(PALETTES), "palette"))
        changes["palette"] = args.palette
    if args.reverse:
        changes["reverse"] = True
    if changes:
        spec = viewstate.with_classification(spec, **changes)
    if args.select:
        spec = spec.with_(selection=tuple(args.select))
    _check(spec)
    return spec


def _check(spec) -> None:
    """Say what is wrong before a window opens: deciles the layer lacks, a year it does not have."""
    from placeviz.model.catalog import get_layer
    from placeviz.model.classify import ClassificationError
    from placeviz.model.mapdata import LayerDataError

    layer = get_layer(spec.layer)
    if spec.classification.scheme == "national_deciles" and not layer.has_deciles:
        raise ClassificationError(
            f"{layer.label} has no national deciles: choose --scheme quantiles, equal_interval, fisher_jenks, "
            "std_mean or give --breaks.")
    if spec.year and str(spec.year) not in layer.series:
        years = ", ".join(layer.series) or "none (it is not a yearly series)"
        raise LayerDataError(f"{layer.title} has no figures for {spec.year}: the years available are {years}.")


def _size(text: str) -> tuple[int, int]:
    from placeviz.model.errors import UserError

    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UserError(f"--size {text!r} is not WIDTHxHEIGHT, e.g. 1440x900.") from None
    if not (400 <= w <= 8000 and 300 <= h <= 8000):
        raise UserError("--size must be between 400x300 and 8000x8000.")
    return w, h


def run(args) -> int:
    import os
    import sys

    spec = build_spec(args)  # bad input fails here, before any window opens
    size = _size(args.size)
    if args.snapshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication

    from placeviz.gui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("placeviz")
    app.setOrganizationName("placeviz")
    win = MainWindow(spec)
    status = {"code": 0}
    if args.snapshot:
        from pathlib import Path

        from placeviz.model.errors import UserError

        out = Path(args.snapshot)
        if out.parent and not out.parent.exists():
            raise UserError(f"The folder {out.parent} does not exist: create it or choose another snapshot path.")
        win.resize(*size)

        def save():
            if not win.grab().save(str(out)):
                print(f"placeviz: could not write the snapshot to {out}.", file=sys.stderr)
                status["code"] = 2
            app.quit()

        def ready():
            if win.identify_pending:  # the identify panel is part of the picture: wait for it
                QTimer.singleShot(50, ready)
                return
            QTimer.singleShot(60, save)  # let the panels settle after the map's first paint

        def failed_load():
            if win.last_error and win.scene is None:
                print(f"placeviz: {win.last_error}", file=sys.stderr)
                status["code"] = 2
                app.quit()

        win.map_ready.connect(ready)
        timer = QTimer()
        timer.timeout.connect(failed_load)
        timer.start(200)
        QTimer.singleShot(120_000, lambda: (print("placeviz: timed out drawing the map.", file=sys.stderr),
                                            status.update(code=2), app.quit()))
    else:
        win.enable_autosave()
        QTimer.singleShot(800, win.offer_recovery)
    win.show()
    rc = app.exec()
    from placeviz.gui.workers import wait_for_all

    wait_for_all(10_000)
    return status["code"] or rc
