"""What a screen reader or catalogue reads about an exported SVG or PDF, beyond what Qt's writers say.

Qt's QSvgGenerator writes a ``<title>`` and ``<desc>`` and its QPdfWriter a document title and creator, but
neither has a way to name the document's language, which screen readers need to pick a voice (WCAG 3.1.1).
So, once Qt has written the file: the SVG's root element gets ``xml:lang``; the PDF gets ``/Lang`` in its
catalog and ``dc:language`` in its XMP metadata, added as an incremental update (new versions of those two
objects appended after the file's end, with their own cross-reference section), the standard way to change
a PDF without rewriting it. A file not laid out as Qt writes it is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from placeviz.model.version import __version__

#: the language of every word placeviz writes (British English)
LANGUAGE = "en-GB"


def describe(title: str, subtitle: str, sources: list[str], *, place: str | None = None,
             layer: str | None = None) -> str:
    """One paragraph saying what a map shows and where its figures come from, for an SVG's ``<desc>``."""
    parts = [title.rstrip(".") + "."]
    if subtitle:
        parts.append(subtitle.rstrip(".") + ".")
    if place:
        parts.append(f"Place: {place}.")
    if layer:
        parts.append(f"Layer: {layer}.")
    parts += [s.rstrip(".") + "." for s in sources if s]
    parts.append(f"Classes and colours computed by placeviz {__version__} from the sources above.")
    return " ".join(parts)


def mark_svg_language(path: Path, language: str = LANGUAGE) -> bool:
    """Give an SVG file's root element ``xml:lang``; False if it has no ``<svg`` to mark."""
    text = Path(path).read_text(encoding="utf-8")
    head = re.search(r"<svg\b[^>]*>", text)
    if head is None:
        return False
    if "xml:lang=" not in head.group(0):
        Path(path).write_text(f'{text[:head.start()]}<svg xml:lang="{language}"{text[head.start() + 4:]}',
                              encoding="utf-8")
    return True


# -- PDF ------------------------------------------------------------------------------------------------------

_OBJ = rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj"


def _last_version(data: bytes, num: int):
    """The object's latest version: an updated file holds several, the last one counts. Found from the end
    (a regular expression run over the whole file took about 4 ms per object)."""
    pattern, key, at = re.compile(_OBJ % num, re.S), b"%d 0 obj" % num, len(data)
    while (at := data.rfind(key, 0, at)) >= 0:
        found = pattern.match(data, at)  # None where a digit comes before (object 12 inside 112 0 obj)
        if found is not None:
            return found
    return None


def _last_trailer(data: bytes) -> bytes | None:
    at = data.rfind(b"trailer")
    return None if at < 0 else data[at:]


def _ref(trailer: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", trailer)
    return int(m.group(1)) if m else None


def mark_pdf_language(path: Path, language: str = LANGUAGE) -> bool:
    """Add the document language to a PDF as Qt writes it (classic cross-reference table, one catalog
    object, an uncompressed XMP stream); False, and the file unchanged, for any other layout."""
    path = Path(path)
    data = path.read_bytes()
    trailer = _last_trailer(data)
    start = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if trailer is None or start is None:
        return False
    root, size = _ref(trailer, b"Root"), re.search(rb"/Size\s+(\d+)", trailer)
    if root is None or size is None:
        return False
    catalog = _last_version(data, root)
    if catalog is None or b"/Lang" in catalog.group(1) or not catalog.group(1).rstrip().endswith(b">>"):
        return False
    objects = {root: catalog.group(1).rstrip()[:-2] + b"/Lang (" + language.encode("ascii") + b")\n>>"}
    meta = _ref(catalog.group(1), b"Metadata")
    xmp = _last_version(data, meta) if meta is not None else None
    if xmp is not None and b"</dc:title>" in xmp.group(1) and b"/Filter" not in xmp.group(1):
        stream = re.search(rb"stream\r?\n(.*)\r?\nendstream", xmp.group(1), re.S)
        if stream is not None:
            body = stream.group(1).replace(
                b"</dc:title>",
                b"</dc:title>\n<dc:language><rdf:Bag><rdf:li>" + language.encode("ascii")
                + b"</rdf:li></rdf:Bag></dc:language>", 1)
            objects[meta] = (b"<<\n/Type /Metadata /Subtype /XML\n/Length %d\n>>\nstream\n" % len(body)
                             + body + b"\nendstream")
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"  # the free list's head, as every section may restate it
    for num in sorted(objects):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    keep = b"".join(m.group(0) + b"\n" for m in re.finditer(rb"/(?:Info\s+\d+\s+0\s+R|ID\s*\[[^\]]*\])", trailer))
    out += (b"trailer\n<<\n/Size " + size.group(1) + b"\n/Root %d 0 R\n" % root + keep
            + b"/Prev " + start.group(1) + b"\n>>\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    path.write_bytes(bytes(out))
    return True
