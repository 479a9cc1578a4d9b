"""The HTML page takes its areas' codes, names, local authorities and neighbourhoods from pandas columns as
Python lists, made in one step, instead of one value at a time: each value of a column of arrow strings
iterated alone costs about 3 us (a pyarrow scalar made and converted), some 230,000 of them (about 0.15 s)
in England's page. The page's data is the same."""

import pandas as pd
from pandas.core.arrays.arrow.array import ArrowExtensionArray

from placeviz.export.html import _value_ints, page_data
from placeviz.export.prepared import prepare
from placeviz.model.spec import MapSpec


def test_englands_page_takes_its_columns_whole(monkeypatch):
    prepared = prepare(MapSpec(place="England", layer="imd2019"))
    frame = prepared.md.frame
    assert isinstance(frame["name"].array, ArrowExtensionArray)  # the columns that were slow to iterate
    counted = {"values": 0}
    iterate = ArrowExtensionArray.__iter__

    def counting(self):
        for value in iterate(self):
            counted["values"] += 1
            yield value

    monkeypatch.setattr(ArrowExtensionArray, "__iter__", counting)
    data = page_data([[prepared]])
    assert counted["values"] < 1_000  # was 230,857
    g = data["geoms"]["g0"]
    assert g["n"] == len(frame) == 32_844
    # names without their authority's prefix where they carry it, and the authorities' list
    first = frame.iloc[0]
    assert first["name"] == f"{first['lad_name']} {g['names'][0]}" and first["lad_name"] in g["ladNames"]
    assert g["ladNames"] == sorted(set(frame["lad_name"]))
    assert g["hoodNames"] == sorted(set(frame["neighbourhood"].dropna()) - {""})


def test_values_at_display_precision_are_pythons_digits():
    values = pd.Series([2.675, 0.125, 1e-9, -3.5, float("nan"), 33.0]).to_numpy()
    ints, missing = _value_ints(values, 2)
    assert missing.tolist() == [False, False, False, False, True, False]
    assert ints.tolist() == [int(f"{v:.2f}".replace(".", "")) for v in (2.675, 0.125, 1e-9, -3.5)] + [0, 3300]
