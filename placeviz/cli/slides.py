"""`placeviz slides`: an editable 16:9 slide deck (PowerPoint .pptx) of a place for a meeting.

    placeviz slides --place Knowsley -o knowsley.pptx
    placeviz slides --place Knowsley --compare Halton --template council.pptx -o deck.pptx

The deck (``placeviz.export.slides``): a title slide; one slide per theme (deprivation, health, air, work,
where they coincide) with its map, headline figure against England and "so what" line; the two places side by
side at one scale; the change from IoD 2019 to 2025; sources and caveats, which are in the speaker notes too.
Analysis, Qt and python-pptx load inside ``run``, so other commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from placeviz.cli import mapargs

HELP = ("An editable slide deck for a meeting (16:9 .pptx): one slide per theme with its map, the headline "
        "figure against England and a 'so what' line; a comparison; the change since 2019; sources and caveats.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--place", required=True, help="the place (local authority, county, region, ICB, ward, ...)")
    p.add_argument("--compare", metavar="PLACE", help="a second place, shown beside the first at one scale")
    p.add_argument("--template", metavar="FILE.pptx",
                   help="your organisation's PowerPoint template (.pptx or .potx); its 'Title Slide' and 'Title Only' "
                        "layouts are used, and its own slides left out")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pptx", help="the deck to write")


def run(args) -> int:
    # lazy: pandas, Qt and python-pptx load only when a deck is made
    from placeviz.export.slides import export_slides

    place = mapargs.place_name(args.place)
    compare = mapargs.place_name(args.compare) if args.compare else None
    out = export_slides(place, Path(args.output), compare=compare, template=args.template)
    print(f"Wrote {out}", file=sys.stderr)
    return 0
