"""The command line: a thin layer over the same functions the desktop app calls.

``placeviz`` alone opens the desktop app. Each command is a module here that defines ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; ``mapargs`` turns the map options every command shares
into one MapSpec with one set of defaults. Command modules import heavy libraries (pandas, Qt) inside ``run``
so that ``placeviz --help`` and the England PNG export start fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from placeviz.cli import brief, compare, export, find, gui, import_file, listing, profile, slides
from placeviz.model.errors import UserError
from placeviz.model.version import __version__

#: command -> (help, add_arguments, run)
COMMANDS = {
    "gui": (gui.HELP, gui.add_arguments, gui.run),
    "layers": (listing.LAYERS_HELP, listing.add_layers_arguments, listing.run_layers),
    "places": (listing.PLACES_HELP, listing.add_places_arguments, listing.run_places),
    "export": (export.HELP, export.add_arguments, export.run),
    "compare": (compare.HELP, compare.add_arguments, compare.run),
    "profile": (profile.HELP, profile.add_arguments, profile.run),
    "brief": (brief.HELP, brief.add_arguments, brief.run),
    "slides": (slides.HELP, slides.add_arguments, slides.run),
    "import": (import_file.HELP, import_file.add_arguments, import_file.run),
    "find": (find.HELP, find.add_arguments, find.run),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="placeviz",
        description="Place-based inequality maps for England, on bundled open data. "
                    "Run with no command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"placeviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(p)
        p.set_defaults(_run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["gui", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"placeviz: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped reading (`placeviz places | head`): stop quietly, as other command-line tools do,
        # and point stdout at nothing so Python's final flush does not complain either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command its pipe stopped


#: Python's default collection thresholds, (700, 10, 10), with full sweeps a tenth as often
ONE_SHOT_GC_THRESHOLDS = (700, 10, 100)


def entry() -> None:
    """The `placeviz` command (and `python -m placeviz`): ``main``, then exit.

    A command other than the app runs once and exits, and nearly all it makes (modules, tables, boundaries)
    lives until then, so Python's full sweeps for reference cycles scan it for nothing: a deck comparing two
    places had two, of 0.05 s, in its 1.3 s. Such a command sweeps a tenth as often (young objects are
    collected as before). The app keeps Python's defaults, as it runs for hours. At the end, the last sweeps
    among everything made are skipped (``gc.freeze``): they took 0.13-0.17 s of a deck's 1.6 s, after the file
    was written. Tests call ``main`` and keep Python's defaults."""
    if one_shot(sys.argv[1:]):
        gc.set_threshold(*ONE_SHOT_GC_THRESHOLDS)
    code = main()
    gc.freeze()
    sys.exit(code)


def one_shot(argv: list[str]) -> bool:
    """Whether ``argv`` runs a command that does its work and exits, rather than the desktop app."""
    return bool(argv) and argv[0] in COMMANDS and argv[0] != "gui"


if __name__ == "__main__":
    entry()
