"""``placeviz find QUERY``: where a postcode, place, town, ward, neighbourhood name or area code is, the areas
it lies in and the headline figures there, with their sources."""

from __future__ import annotations

import argparse

HELP = ("Where is it? A postcode ('L4 0TH'), town, ward ('Anfield (Liverpool ward)'), neighbourhood name, place "
        "or area code: the areas it lies in and their headline figures, with sources.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="+", help="a postcode, a place, town, ward or neighbourhood name, or an area code")


def run(args) -> int:
    from placeviz.analysis.whereis import find  # lazy: pandas, kept off `placeviz --help`

    answers = find(" ".join(args.query))
    print("\n\n".join(a.text() for a in answers))
    return 0
