"""The one-page brief as a file: A4 landscape, PDF (vector, text searchable) or PNG.

    export_brief(["Knowsley"], "knowsley_brief.pdf")
    export_brief(["Knowsley", "Halton"], "pair.png")

The page is ``placeviz.render.brief``'s; this module checks the request and writes the file whole or not at
all, as every static export does (``placeviz.export.static``).
"""

from __future__ import annotations

from pathlib import Path

from placeviz.export.doc_metadata import describe
from placeviz.export.outputs import check_output
from placeviz.export.static import StaticExportError, _write, page_size
from placeviz.model.safe_files import check_target
from placeviz.render.brief import brief_for, brief_sources, paint_brief
from placeviz.render.devices import ensure_qt

BRIEF_FORMATS = ("pdf", "png")
#: PDF text and paths are vector; the dpi sets the map's fineness. PNG: 150 dpi, readable on a screen and print
BRIEF_DPI = {"pdf": 300, "png": 150}


def export_brief(places, path, *, dpi: int | None = None) -> Path:
    """Write the brief of one place, or two side by side, to ``path`` (.pdf or .png); returns the path."""
    path = Path(path)
    check_output(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in BRIEF_FORMATS:
        raise StaticExportError(f"A brief is written to a .pdf or .png file, not {path.name}.")
    places = list(places)
    if not 1 <= len(places) <= 2:
        raise StaticExportError("A brief shows one place, or two side by side: name one place or two.")
    check_target(path)
    briefs = [brief_for(p) for p in places]
    if len(briefs) == 2 and briefs[0].name == briefs[1].name:
        raise StaticExportError(f"Both places are {briefs[0].name}: name two different places to compare.")
    ensure_qt()
    size = page_size(fmt, None, None, dpi or BRIEF_DPI[fmt], "A4", "landscape")
    title = "Brief: " + " and ".join(b.name for b in briefs)
    sources = brief_sources(briefs)
    description = describe(title, "One page for a meeting: headline figures against England, each official or "
                           "computed; where disadvantages coincide; what it means", [sources])
    _write(fmt, path, size, title, lambda p, s, new_page: paint_brief(p, s, briefs),
           png_text={"Title": title, "Description": description, "Source": sources, "Software": "placeviz"}
           if fmt == "png" else None, description=description)
    return path
