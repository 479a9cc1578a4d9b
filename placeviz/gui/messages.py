"""What the user is told when something fails: a UserError's own sentence, or for anything else a plain
sentence, with the traceback kept for "Show Details..." (never raw exception text in the message)."""

from __future__ import annotations

import re
import traceback

from placeviz.model.errors import UserError

UNEXPECTED = "Something went wrong and placeviz could not finish that."


#: the command line's words in the sentences the app shares with it, and the app's own for them; a name is
#: quoted as Python quotes it ('Roby (Knowsley ward)', or "King's Lynn" with double quotes)
_QUOTED = r"""('[^']*'|"[^"]*")"""
_APP_WORDS = (
    (re.compile(r" ?\(--place " + _QUOTED + r"\)"), r" (\1)"),  # "its ward (--place 'Roby (Knowsley ward)')"
    (re.compile(r"--place " + _QUOTED), r"\1"),
    (re.compile(r"run: placeviz find " + _QUOTED), r"search for \1 in the main window's place box"),
    (re.compile(r"Run 'placeviz places'(?: for the places)?(?: to list them)?(?: \(--kind ward for wards\))?\."),
     "The place box lists them as you type."),
    (re.compile(r"Run 'placeviz layers' to list them\."), "The layer panel lists them."),
)


def in_app_words(text: str) -> str:
    """A sentence the app shares with the command line, with the command's options and commands said as the
    app's controls ("--place 'Knowsley'" as 'Knowsley', "run: placeviz find 'L36 9YU'" as the place box)."""
    for pattern, words in _APP_WORDS:
        text = pattern.sub(words, text)
    return text


def error_message(exc: BaseException, after: str = "") -> tuple[str, str]:
    """The sentence for ``exc`` and the details to go under it ("" for a UserError), in the app's words.
    ``after`` follows the plain sentence of an unexpected error: what happened to the user's work."""
    if isinstance(exc, UserError):
        return in_app_words(str(exc)), ""
    # a worker thread's traceback travels as exc.details (placeviz.gui.workers)
    details = getattr(exc, "details", None) or "".join(traceback.format_exception(exc))
    return f"{UNEXPECTED} {after}".strip(), details
