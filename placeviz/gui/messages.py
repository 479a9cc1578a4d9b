"""What the user is told when something fails: a UserError's own sentence, or for anything else a plain
sentence, with the traceback kept for "Show Details..." (never raw exception text in the message)."""

from __future__ import annotations

import traceback

from placeviz.model.errors import UserError

UNEXPECTED = "Something went wrong and placeviz could not finish that."


def error_message(exc: BaseException, after: str = "") -> tuple[str, str]:
    """The sentence for ``exc`` and the details to go under it ("" for a UserError). ``after`` follows the
    plain sentence of an unexpected error: what happened to the user's work."""
    if isinstance(exc, UserError):
        return str(exc), ""
    # a worker thread's traceback travels as exc.details (placeviz.gui.workers)
    details = getattr(exc, "details", None) or "".join(traceback.format_exception(exc))
    return f"{UNEXPECTED} {after}".strip(), details
