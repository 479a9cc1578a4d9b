"""`placeviz brief`: one A4 landscape page for a meeting, of one place or two side by side.

    placeviz brief --place Knowsley -o knowsley.pdf
    placeviz brief --place Knowsley --place Halton -o pair.png

The page (``placeviz.render.brief``) carries the place's headline figures against England, each marked
official or computed by placeviz, a map of where disadvantages coincide, the three strongest "so what"
sentences and one line of sources. Analysis and Qt load inside ``run``, so other commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from placeviz.cli import mapargs

HELP = ("A one-page brief for a meeting (A4 landscape, PDF or PNG): headline figures against England, a map of "
        "where disadvantages coincide and the three strongest 'so what' sentences; two places side by side.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--place", action="append", required=True, metavar="PLACE",
                   help="a place (local authority, county, region, ICB, ward as 'Anfield (Liverpool ward)', ...); give it twice for two side by side")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the brief to write: FILE.pdf or FILE.png")


def run(args) -> int:
    # lazy: pandas and Qt load only when a brief is made
    from placeviz.export.brief import export_brief

    places = [mapargs.place_name(p) for p in args.place]
    out = export_brief(places, Path(args.output))
    print(f"Wrote {out}", file=sys.stderr)
    return 0
