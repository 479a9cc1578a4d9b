"""The list of places (regions, counties, combined authorities, ICBs, every local authority) is made from
plain lists, not pandas' group-by and itertuples, which took 12 ms and more (the group-by) and made 7,400
arrow strings one at a time (itertuples) on the way to the first place of every command and of the app.
The places are the same."""

import pandas as pd
import pytest

from placeviz.model import geography


def _refuse(*_a, **_k):
    raise AssertionError("pandas row by row")


def test_the_places_are_listed_without_pandas_row_by_row(monkeypatch):
    monkeypatch.setattr(pd.DataFrame, "groupby", _refuse)
    monkeypatch.setattr(pd.DataFrame, "itertuples", _refuse)
    places = geography._places.__wrapped__()
    by_name = {p.name: p for p in places}
    assert len(places) == 412 and places[0].name == "England"
    icb = by_name["NHS Cheshire and Merseyside"]
    assert (icb.kind, icb.group_type, icb.code, icb.nhs_code) == ("group", "integrated care board", "E54000008",
                                                                    "QYG")
    assert len(icb.codes) == 9 and "E08000012" in icb.codes  # Liverpool
    assert by_name["Allerdale"].successor == "Cumberland"  # abolished in 2023
    assert by_name["Liverpool"].successor == "" and by_name["Liverpool"].codes == ("E08000012",)
    kinds = [p.group_type for p in places if p.kind == "group" and p.group_type]
    assert kinds == sorted(kinds, key=lambda k: geography._GROUP_ORDER.get(k, 9))  # counties first, ICBs last


@pytest.mark.parametrize("text", ["Cheshire and Merseyside ICB", "QYG", "Knowsley", "E08000011"])
def test_places_still_resolve(text):
    assert geography.resolve_place(text).name in ("NHS Cheshire and Merseyside", "Knowsley")
