"""`placeviz profile`: the briefing numbers and the plain-English "so what" for a place.

PDF is written by ``placeviz.export.static.export_profile_pdf(profile, sentences, path)`` (the print layouts,
drawn with the same painter as the screen).

Imports of analysis, export and the importer sit inside the functions that use them, on purpose: `placeviz`
builds every command's parser at start-up, and pandas or Qt must not load for a command that does not
need them (the England PNG export stays pandas-free).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from placeviz.cli import mapargs
from placeviz.model.errors import UserError
from placeviz.model.safe_files import atomic_write_text

HELP = ("Profile a place: residents, deprivation (IoD 2019 and 2025), life expectancy, air quality, "
        "insecure work, the most and least deprived neighbourhoods, hot spots, and a plain-English summary.")
FORMATS = ("text", "json", "html", "pdf")


class ProfileOutputError(UserError, ValueError):
    pass


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--place", required=True,
                   help="a place: England, a region, 'Cheshire and Merseyside', 'Liverpool City Region', "
                        "a local authority by name or code, or a ward ('Anfield (Liverpool ward)')")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="text (default), json (figures, their sources and each sentence's figures), "
                        "html (a standalone page) or pdf; guessed from -o's extension when not given")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen (needed for pdf)")
    p.add_argument("--no-hotspots", action="store_true", help="skip the hot spot analysis (faster for England)")
    p.add_argument("--seed", type=int, default=None, help="seed for the hot spot permutations (default fixed)")


def _format(args) -> str:
    if args.format:
        return args.format
    if args.output:
        ext = Path(args.output).suffix.lower().lstrip(".")
        return {"txt": "text", "json": "json", "html": "html", "htm": "html", "pdf": "pdf"}.get(ext, "text")
    return "text"


def _write_pdf(profile, sentences, path: Path) -> None:
    # imported here, as in every command module, so that `placeviz --help` starts without Qt and pandas
    from placeviz.export.static import export_profile_pdf

    export_profile_pdf(profile, sentences, path)


def run(args) -> int:
    fmt = _format(args)
    out = Path(args.output) if args.output else None
    if fmt == "pdf" and out is None:
        raise ProfileOutputError("A PDF profile needs a file name: add -o FILE.pdf.")
    if out is not None and out.parent and not out.parent.exists():
        raise ProfileOutputError(f"The folder {out.parent} does not exist: create it or choose another -o path.")

    # lazy: the analysis (pandas, esda) loads only when this command runs
    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile
    from placeviz.analysis.report import to_html, to_json, to_text

    profile = place_profile(mapargs.place_name(args.place), with_hotspots=not args.no_hotspots, seed=args.seed)
    sentences = so_what(profile)
    if fmt == "pdf":
        _write_pdf(profile, sentences, out)
        print(f"Wrote {out}", file=sys.stderr)
        return 0
    text = {"text": to_text, "json": to_json, "html": to_html}[fmt](profile, sentences)
    if out is None:
        sys.stdout.write(text)
        return 0
    atomic_write_text(out, text)  # whole or not at all: a failure leaves any previous file as it was
    print(f"Wrote {out}", file=sys.stderr)
    return 0
