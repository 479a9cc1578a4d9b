"""Property-based tests: whatever bytes or CSV-ish text arrive, the table importer gives a layer or a
clear UserError (one sentence), never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placeviz.imports import import_table, parse_number
from placeviz.imports.cells import decimal_mark
from placeviz.model.errors import UserError
from placeviz.model.geography import attributes

CODES = (attributes("lsoa21")["code"].head(40).tolist() + attributes("lsoa11")["code"].tail(20).tolist()
         + attributes("lad24")["code"].head(10).tolist() + attributes("msoa11")["code"].head(10).tolist()
         + ["W01000001", "S12000036", "E92000001", "E12000002", "E01999999"])

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _import_bytes(data: bytes, suffix: str = ".csv"):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"fuzz{suffix}"
        p.write_bytes(data)
        try:
            return import_table(p)
        except UserError as exc:
            message = str(exc)
            assert message and "\n" not in message and len(message) < 600, message
            return None


def _check_result(r):
    if r is None:
        return
    rep = r.report
    assert 0 <= rep.matched <= rep.rows
    assert rep.with_value + rep.no_data + len(rep.non_numeric) == rep.matched
    assert rep.text()  # the report renders
    if rep.ok and rep.with_value:
        assert r.layer is not None and r.layer.geography == rep.boundary_set
        assert r.frame.index.is_unique and len(r.frame) == rep.matched
        v = r.frame["value"].to_numpy()
        assert np.all(np.isnan(v) | np.isfinite(v))
        assert np.nanmax(np.abs(v), initial=0) <= 1e15
    else:  # nothing matched, or no matched area has a number: no layer is offered
        assert r.layer is None


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes(data):
    _check_result(_import_bytes(data))


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_named_xlsx(data):
    _check_result(_import_bytes(b"PK\x03\x04" + data, ".xlsx"))


cells = st.one_of(
    st.sampled_from(CODES),
    st.sampled_from(["", "*", "..", "c", "x", "-", "!", "#", "NaN", "inf", "1e400", "1,234", "12.5%", "£3",
                     "4.2 [u]", '"', '""', "a,b", "E01", "e01000001", " E08000012 "]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**20, 10**20).map(str),
    st.text(max_size=12),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=6), min_size=0, max_size=40)


@FUZZ
@given(rows, st.sampled_from([",", "\t", ";", "|", " "]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       st.sampled_from(["\n", "\r\n"]), st.lists(st.text(max_size=30), max_size=3))
def test_csvish_text(table, sep, encoding, newline, titles):
    lines = titles + [sep.join(r) for r in table]
    data = newline.join(lines).encode(encoding, errors="replace")
    _check_result(_import_bytes(data))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(CODES), cells), min_size=1, max_size=60))
def test_code_value_tables(pairs):
    data = ("code,value\n" + "".join(f'{c},"{v.replace(chr(34), "")}"\n' for c, v in pairs)).encode()
    r = _import_bytes(data)
    _check_result(r)
    if r is not None and r.report.ok:
        # each matched code's value is what parse_number reads from its first row, with the decimal mark
        # decided from the whole column
        first = {}
        for c, v in pairs:
            first.setdefault(c.strip().upper(), v.replace('"', ""))
        mark = decimal_mark([v.replace('"', "") for _, v in pairs]).mark
        for code, got in r.frame["value"].items():
            want, status = parse_number(first[code], decimal_mark=mark)
            assert (status != "value" and np.isnan(got)) or got == want


@FUZZ
@given(st.one_of(st.text(max_size=30), st.floats(), st.integers(), st.none(), st.booleans()))
def test_parse_number_total(cell):
    v, status = parse_number(cell)
    assert status in ("value", "nodata", "invalid")
    assert (v is None) == (status != "value")
    if v is not None:
        assert np.isfinite(v) and abs(v) <= 1e15


xlsx_cells = st.one_of(
    st.none(), st.sampled_from(CODES), st.integers(-10**18, 10**18), st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10).filter(lambda s: not s.startswith("=")),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(xlsx_cells, max_size=5), max_size=25), st.lists(st.booleans(), max_size=5),
       st.integers(1, 3))
def test_real_workbooks(rows, percent_columns, n_sheets):
    """Well-formed workbooks of any content: several sheets, percent-formatted columns, any cells."""
    import openpyxl

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "fuzz.xlsx"
        wb = openpyxl.Workbook()
        for k in range(n_sheets):
            ws = wb.active if k == 0 else wb.create_sheet(f"S{k}")
            for r in rows[k::n_sheets]:
                ws.append(r)
            for j, flag in enumerate(percent_columns):
                if flag:
                    for (c,) in ws.iter_rows(min_col=j + 1, max_col=j + 1):
                        c.number_format = "0.0%"
        wb.save(p)
        try:
            r = import_table(p)
        except UserError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
    _check_result(r)


coords = st.lists(st.tuples(st.floats(-200, 800_000, allow_nan=False),
                            st.floats(-100, 1_300_000, allow_nan=False)).map(list), max_size=6)
geometries = st.one_of(
    st.fixed_dictionaries({
        "type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString", "Bogus"]),
        "coordinates": st.one_of(st.lists(coords, max_size=2), coords, st.lists(st.lists(coords, max_size=2), max_size=2),
                                 st.none(), st.text(max_size=3)),
    }),
    st.none(), st.text(max_size=3))
features = st.fixed_dictionaries({
    "type": st.sampled_from(["Feature", "Feature", "Nope"]), "geometry": geometries,
    "properties": st.one_of(st.none(), st.dictionaries(
        st.sampled_from(["id", "name", "code", "x"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=5), st.floats(allow_nan=True)), max_size=3)),
})
geojson_docs = st.fixed_dictionaries(
    {"type": st.sampled_from(["FeatureCollection", "Feature", "Polygon"]), "features": st.lists(features, max_size=4)},
    optional={"crs": st.fixed_dictionaries({"type": st.just("name"), "properties": st.fixed_dictionaries(
        {"name": st.sampled_from(["EPSG:27700", "urn:ogc:def:crs:EPSG::27700", "EPSG:99999", "nonsense"])})})})


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(geojson_docs)
def test_geojson_like_documents(doc):
    import json

    from placeviz.imports import read_boundaries

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "fuzz.geojson"
        p.write_text(json.dumps(doc))
        try:
            got = read_boundaries(p)
        except UserError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
    assert len(got.areas) > 0 and got.areas.crs.to_epsg() == 27700
