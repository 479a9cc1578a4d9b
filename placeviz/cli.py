"""The command line: a thin layer over the same functions the desktop app calls.

``placeviz`` alone opens the desktop app. Each subcommand lives in its own small module that defines
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``, importing heavy libraries only inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from placeviz import __version__
from placeviz.errors import UserError

COMMANDS = {
    "gui": "placeviz.gui.command",
    "layers": "placeviz.commands",
    "places": "placeviz.commands",
    "export": "placeviz.export.command",
    "compare": "placeviz.analysis.compare_command",
    "profile": "placeviz.analysis.profile_command",
    "import": "placeviz.import_command",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="placeviz",
        description="Place-based inequality maps for England, on bundled open data. "
                    "Run with no command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"placeviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("placeviz"):
                continue  # a front end this build does not include
            raise
        helps = getattr(module, "HELP", {})
        p = sub.add_parser(name, help=helps.get(name, "") if isinstance(helps, dict) else helps,
                           description=helps.get(name, "") if isinstance(helps, dict) else helps)
        adder = getattr(module, f"add_{name}_arguments", None) or module.add_arguments
        adder(p)
        p.set_defaults(_run=getattr(module, f"run_{name}", None) or module.run)
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


if __name__ == "__main__":
    sys.exit(main())
