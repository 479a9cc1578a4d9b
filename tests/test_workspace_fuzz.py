"""Property-based tests: a workspace file edited or damaged in any one place opens or is refused with a
WorkspaceError (one clear sentence), never another exception, and is never changed by trying."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placeviz.imports import import_table
from placeviz.model.spec import Classification, ComparisonSpec, MapSpec
from placeviz.workspace import (
    Comparison,
    ImportedLayer,
    Workspace,
    WorkspaceError,
    open_workspace,
)
from placeviz.workspace.model import _canonical  # private: the checksum's canonical JSON, where it lives

NOMIS = Path(__file__).parent / "data" / "nomis_aps_nonpermanent_lad.csv"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3), max_leaves=6)


@pytest.fixture(scope="module")
def base():
    r = import_table(NOMIS)
    ws = Workspace(maps=[MapSpec(layer=r.layer.id, level="la", classification=Classification("quantiles", 5),
                                 extent=(1.0, 2.0, 3.0, 4.0), selection=("E08000012",))],
                   comparisons=[Comparison(ComparisonSpec(panes=(MapSpec(), MapSpec(layer="imd2025"))))],
                   imported=[ImportedLayer.from_result(r)])
    return json.loads(ws.to_bytes())


def _paths(doc, prefix=()):
    if prefix:
        yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:2]):
            yield from _paths(v, (*prefix, i))


def _try_open(doc: dict, reseal: bool) -> None:
    if reseal:  # a careful editor who also fixed the checksums: the content is checked all the same
        imported = doc.get("imported")
        for x in imported if isinstance(imported, list) else []:
            if isinstance(x, dict) and "data" in x:
                with contextlib.suppress(TypeError, ValueError):
                    x["data_sha256"] = hashlib.sha256(_canonical(x["data"])).hexdigest()
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "w.placeviz"
        p.write_text(json.dumps(doc))
        before = p.read_bytes()
        try:
            ws = open_workspace(p, register=False)
        except WorkspaceError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            for x in ws.imported:
                assert x.frame.index.is_unique
        assert p.read_bytes() == before


@FUZZ
@given(st.data(), json_values, st.booleans(), st.booleans())
def test_one_edit_anywhere(base, data, value, delete, reseal):
    path = data.draw(st.sampled_from(list(_paths(base))))
    doc = copy.deepcopy(base)
    cur = doc
    for k in path[:-1]:
        cur = cur[k]
    if delete and isinstance(cur, dict):
        cur.pop(path[-1], None)
    else:
        cur[path[-1]] = value
    _try_open(doc, reseal)


@FUZZ
@given(st.binary(max_size=400), st.integers(0, 10_000))
def test_bytes_spliced_in(base, junk, at):
    raw = json.dumps(base).encode()
    at = at % len(raw)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "w.placeviz"
        p.write_bytes(raw[:at] + junk + raw[at:])
        before = p.read_bytes()
        try:
            open_workspace(p, register=False)
        except WorkspaceError as exc:
            assert str(exc)
        assert p.read_bytes() == before
