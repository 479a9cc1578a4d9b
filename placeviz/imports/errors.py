"""The one error an import raises, and how a library's error is quoted in it."""

from __future__ import annotations

from placeviz.model.errors import UserError


class ImportFileError(UserError, ValueError):
    """A file that cannot be imported, with one sentence naming the problem and the fix."""

    def __init__(self, message: str, choices: dict[str, list[str]] | None = None,
                 labels: dict[str, str] | None = None):
        # one line, whatever names from the file (a header with a line break, say) it quotes
        super().__init__(" ".join(str(message).split()))
        #: when the file holds several things and the user must choose one: column -> the values it holds
        #: (what ``where={column: value}``, ``--where COLUMN=VALUE``, accepts), for a front end's picker
        self.choices = dict(choices or {})
        #: how a picker shows each choice, where the file names it ('90366 (Life expectancy at birth)')
        self.labels = dict(labels or {})


def first_line(exc: Exception) -> str:
    """The first line of a library's error (GDAL, pyproj, rasterio), short enough to quote in a sentence."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
