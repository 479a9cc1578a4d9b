"""Reading the user's files safely: path checks, size limits, zip archives, sniffing the kind, decoding text.

Every failure is an :class:`ImportFileError` that names the file and says what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zipfile
from pathlib import Path

from placeviz.imports.errors import ImportFileError

#: files larger than this are refused before reading (a table this big is not an area table)
MAX_FILE_BYTES = 512 * 1024 * 1024
#: archives (zip, and XLSX, which is a zip) whose members would unpack to more than this are refused
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
#: ... or whose members compress better than this (a zip bomb); real tables and shapefiles stay far below
MAX_COMPRESSION_RATIO = 500

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm")
VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".fgb")
RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".img", ".asc", ".nc", ".jp2")


def checked_path(path: str | Path, allow_dir: bool = False) -> Path:
    """The path, once it is known to exist, to be readable and not to be too big (or a folder, if allowed)."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ImportFileError(f"The file {p} does not exist: check the path and the spelling.")
    if p.is_dir() and not allow_dir:
        raise ImportFileError(f"{p} is a folder, not a file: choose the file inside it.")
    if not p.is_dir() and not p.is_file():
        raise ImportFileError(f"{p} is not a regular file (it is a device, a pipe or a socket, which could be "
                              "endless): save the data to a file and import that, or pipe it to 'placeviz import -'.")
    if not p.is_dir() and not os.access(p, os.R_OK):
        raise ImportFileError(f"placeviz is not allowed to read {p.name}: check its permissions or copy it "
                              "somewhere you can read it.")
    if p.is_file() and p.stat().st_size > MAX_FILE_BYTES:
        raise _too_big(p.name, p.stat().st_size)
    return p


def read_file_bytes(p: Path) -> bytes:
    """The whole file, or an ImportFileError saying why it could not be read."""
    try:
        data = p.read_bytes()
    except PermissionError as exc:
        raise ImportFileError(f"placeviz is not allowed to read {p.name}: check its permissions or copy it "
                              "somewhere you can read it.") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(f"{p} is a folder, not a file: choose the file inside it.") from exc
    except OSError as exc:
        raise ImportFileError(f"{p.name} could not be read ({exc.strerror or exc}): check the disk or copy "
                              "the file somewhere else.") from exc
    if len(data) > MAX_FILE_BYTES:  # it grew since it was checked
        raise _too_big(p.name, len(data))
    return data


def _too_big(name: str, size: int) -> ImportFileError:
    return ImportFileError(f"{name} is {size / 1e6:,.0f} MB, too big for an area table (the limit is "
                           f"{MAX_FILE_BYTES / 1e6:,.0f} MB): keep only the rows and columns you need.")


def read_stream(stream, name: str = "stdin") -> bytes:
    """All of a stream (standard input), kept whole: whatever is looked at to tell its kind stays in the
    buffer. Refused past the size limit, without reading further."""
    chunks, size = [], 0
    with read_errors(name):
        while chunk := stream.read(1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise _too_big(name, size)
    return b"".join(chunks)


def suffix_for(data: bytes) -> str:
    """A file ending for bytes of unknown origin, from what they start with: a workbook, a zip, a GeoTIFF,
    a GeoPackage, a compound file (old Excel) or, failing those, a text table."""
    if data.startswith(b"PK\x03\x04"):
        import io

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return ".xlsx" if "xl/workbook.xml" in z.namelist() else ".zip"
        except (zipfile.BadZipFile, ValueError, EOFError):
            return ".zip"
    if data.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return ".tif"
    if data.startswith(b"SQLite format 3"):
        return ".gpkg"
    if data.startswith(OLE_MAGIC):
        return ".xls"
    if data.lstrip()[:1] == b"{":
        return ".geojson"
    return ".csv"


def sha256_file(path: str | Path) -> str:
    """The file's sha256 (hex): recorded with every import so a workspace can tell if the source changed."""
    h = hashlib.sha256()
    with read_errors(Path(path).name), open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextlib.contextmanager
def read_errors(name: str, inside: str = ""):
    """Turn a failed read of the file ``name`` (permissions, disk) into one sentence with the fix."""
    try:
        yield
    except PermissionError as exc:
        raise ImportFileError(f"placeviz is not allowed to read {name}{inside}: check its permissions or copy it "
                              "somewhere you can read it.") from exc
    except OSError as exc:
        raise ImportFileError(f"{name} could not be read ({exc.strerror or exc}): check the disk or copy the file "
                              "somewhere else.") from exc


def check_archive(path: str | Path, what: str | None = None) -> list[zipfile.ZipInfo]:
    """The members of a zip archive, after refusing one that is damaged or would unpack to too much."""
    p = Path(path)
    what = what or p.name
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(f"{what} is not a readable zip archive ({exc}): download or export it again.") from exc
    total = sum(max(i.file_size, 0) for i in infos)
    packed = sum(max(i.compress_size, 0) for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise ImportFileError(f"{what} would unpack to {_size(total)}, more than placeviz accepts "
                              f"({_size(MAX_UNPACKED_BYTES)}): unpack it yourself and import the file you need.")
    for i in infos:
        if i.file_size > 10_000_000 and i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1):
            raise ImportFileError(
                f"{what} looks like a zip bomb ({i.filename} unpacks {i.file_size / max(i.compress_size, 1):,.0f} "
                f"times larger than it is packed): placeviz refuses it; unpack it yourself if you trust it.")
    if total > 10_000_000 and total > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise ImportFileError(f"{what} looks like a zip bomb (it unpacks {total / max(packed, 1):,.0f} times larger): "
                              "placeviz refuses it; unpack it yourself if you trust it.")
    return infos


def _size(n: int) -> str:
    return f"{n / 1e9:,.1f} GB" if n >= 1e9 else f"{n / 1e6:,.1f} MB"


def extract_archive(path: Path, dest: Path) -> None:
    """Unpack a checked zip, member by member, never writing outside ``dest`` nor past the declared sizes."""
    infos = check_archive(path)
    written = 0
    with zipfile.ZipFile(path) as z:
        for info in infos:
            name = info.filename.replace("\\", "/")
            if info.is_dir() or name.startswith("__MACOSX/"):
                continue
            target = (dest / name).resolve()
            if dest.resolve() not in target.parents:
                raise ImportFileError(f"{path.name} holds a file that would unpack outside its folder ({name}): "
                                      "placeviz refuses it.")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with z.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > MAX_UNPACKED_BYTES:
                            raise ImportFileError(f"{path.name} unpacks to more than its members declare: placeviz "
                                                  "refuses it; unpack it yourself if you trust it.")
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                raise ImportFileError(f"{path.name} is damaged or encrypted ({exc}): download or export it again.") from exc


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Microsoft compound file: .xls, .doc, encrypted .xlsx


def file_head(p: Path, n: int = 8) -> bytes:
    """The first ``n`` bytes of a file (fewer if it is shorter), read without reading the rest."""
    with read_errors(p.name), open(p, "rb") as f:
        return f.read(n)


def ole_problem(p: Path) -> str:
    """Why a compound (OLE) file cannot be imported, in one sentence with the fix.

    Excel keeps a password-protected workbook, even an .xlsx, in a compound file whose stream is named
    "EncryptedPackage"; an old .xls workbook has a "Workbook" (or "Book") stream. Stream names are UTF-16.
    """
    names = {n: n.encode("utf-16-le") for n in ("EncryptedPackage", "Workbook", "Book", "WordDocument")}
    found = set()
    with read_errors(p.name), open(p, "rb") as f:
        tail = b""
        while chunk := f.read(1 << 20):
            buf = tail + chunk
            found |= {n for n, b in names.items() if b in buf}
            tail = buf[-40:]
    if "EncryptedPackage" in found:
        return (f"{p.name} is protected by a password (an encrypted workbook), which placeviz cannot open: open it "
                "in Excel or LibreOffice, remove the password and save it as .xlsx or CSV, then import that.")
    if "Workbook" in found or "Book" in found or p.suffix.lower() == ".xls":
        ending = "" if p.suffix.lower() == ".xls" else f" (.xls) despite its {p.suffix or 'missing'} ending"
        return (f"{p.name} is an old Excel 97-2003 workbook{ending}: open it in Excel or LibreOffice and save it as "
                ".xlsx or CSV, then import that.")
    if "WordDocument" in found:
        return f"{p.name} is a Word document, not a table: save the table in it as CSV or XLSX and import that."
    return (f"{p.name} is a Microsoft Office file that is not a table placeviz reads: save it as .xlsx or CSV from "
            "the program that made it, then import that.")


def sniff_kind(path: str | Path) -> str:
    """'table', 'boundaries', 'raster' or 'archive', from the suffix and, failing that, the first bytes."""
    p = Path(path)
    if p.is_dir():
        return "boundaries"
    suffix = p.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix == ".xls" or (p.is_file() and file_head(p) == OLE_MAGIC):
        raise ImportFileError(ole_problem(p))
    if suffix in VECTOR_SUFFIXES:
        return "boundaries"
    if suffix in RASTER_SUFFIXES:
        return "raster"
    if suffix == ".zip":
        return "archive"
    try:
        with open(p, "rb") as f:
            head = f.read(16)
    except OSError:
        return "table"
    if head.startswith(b"PK"):
        return "archive"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "raster"
    if head.startswith(b"SQLite format 3"):
        return "boundaries"
    return "table"


def zip_is_xlsx(p: Path) -> bool:
    """True when a zip archive is an Excel workbook (XLSX is a zip with xl/workbook.xml in it)."""
    try:
        with zipfile.ZipFile(p) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{name} claims to be UTF-16 text but is not: save it again as CSV (UTF-8).") from exc
    sample = data[:65536]
    if len(sample) >= 8 and sample[1::2].count(0) > 0.4 * len(sample[1::2]) and sample[0::2].count(0) < 4:
        raise ImportFileError(f"{name} looks like UTF-16 text without a byte-order mark: save it again as "
                              "CSV (UTF-8) and import that.")
    if b"\x00" in sample or _binary_share(sample) > 0.1:
        raise ImportFileError(f"{name} is not a text table (it holds binary data): export it as CSV or XLSX and "
                              "import that.")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _binary_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return control / len(sample)

