"""One rule passes LSOA 2011 figures to LSOA 2021 areas (model/lsoa_apportion.py): the overlap layer and the
conversion of an imported table give the same values, irregular areas included."""

import pandas as pd
import pytest

from placeviz.analysis.overlap import INDICATORS, _on_set
from placeviz.imports import convert_lsoa11_to_lsoa21, import_table
from placeviz.model.geography import attributes, lsoa_lookup
from placeviz.model.mapdata import population, read_table

#: local authorities holding the lookup's irregular (X) changes, and one of the merged ones (Knowsley)
LADS = ["E08000037", "E07000240", "E07000241", "E07000242", "E07000243", "E06000057", "E08000011"]


def _life_expectancy_on_lsoa11() -> pd.Series:
    a = attributes("lsoa11").set_index("code")
    le = read_table("life_expectancy_msoa11.parquet")["le_persons"]
    return a.loc[a.lad21_code.isin(LADS), "msoa_code"].map(le).astype("float64")


def test_overlap_and_import_conversion_give_every_2021_area_the_same_value(tmp_path):
    values11 = _life_expectancy_on_lsoa11()
    p = tmp_path / "le11.csv"
    p.write_text("lsoa11_code,life expectancy\n" + "".join(f"{c},{v!r}\n" for c, v in values11.items()))
    converted = convert_lsoa11_to_lsoa21(import_table(p)).frame.iloc[:, 0]
    i = INDICATORS["life_expectancy"]
    overlap = _on_set(i, read_table(i.table)[i.column].astype("float64"), "lsoa21").reindex(converted.index)
    lk = lsoa_lookup()
    irregular = set(lk.loc[lk.change_code == "X", "lsoa21_code"])
    assert len(converted) > 700 and irregular <= set(converted.index)
    pd.testing.assert_series_equal(overlap, converted, check_names=False, rtol=1e-12)


def test_an_irregular_area_weights_each_parent_by_its_residents_inside():
    """E01035637 (Northumberland) takes all of E01027506 and part of E01008187, which is shared with E01035624
    (Gateshead): E01008187 counts only by the residents the share of it inside brings."""
    values11 = _life_expectancy_on_lsoa11()
    pop11, pop21 = population("lsoa11"), population("lsoa21")
    inside = pop21["E01035637"] / (pop21["E01035637"] + pop21["E01035624"])
    w = {"E01027506": pop11["E01027506"], "E01008187": pop11["E01008187"] * inside}
    expected = sum(values11[c] * w[c] for c in w) / sum(w.values())
    i = INDICATORS["life_expectancy"]
    got = _on_set(i, read_table(i.table)[i.column].astype("float64"), "lsoa21")["E01035637"]
    assert got == pytest.approx(expected, rel=1e-12)
    assert got == pytest.approx(83.775893, abs=1e-6)  # 83.519460 when the whole of E01008187 counted


def test_rows_already_on_2021_codes_are_said_to_be_left_out_and_rows_are_counted_as_rows(tmp_path):
    """A file of LSOA 2011 codes with some 2021 ones: --to-lsoa21 dropped the 2021 rows without a word, and
    said "Matched 105 of 100 data rows" (from a hostile run)."""
    lk = lsoa_lookup()
    old = list(lk[lk.change_code == "U"].lsoa11_code[:40]) + list(lk[lk.change_code == "S"].lsoa11_code.unique()[:40])
    new_only = sorted(set(lk.lsoa21_code) - set(lk.lsoa11_code))[:20]
    csv = tmp_path / "mixed.csv"
    pd.DataFrame({"code": old + new_only, "value": [1.0] * 80 + [3.0] * 20}).to_csv(csv, index=False)
    result = convert_lsoa11_to_lsoa21(import_table(csv))
    text = result.report.text()
    assert "Matched 80 of 100 data rows" in text and "the 80 matched rows became" in text
    assert "20 rows of mixed.csv already had LSOA 2021 codes and were left out" in text and new_only[0] in text
    assert (result.frame["value"] == 1.0).all()  # the converted 2011 values only: no 3.0 of the 2021 rows


def test_a_whole_file_converted_covers_every_2021_area_and_says_so(tmp_path):
    """Counting the file's rows as rows, the conversion said a complete LSOA 2011 file covered 97% of England's
    2021 areas, and gave the layer a caveat that national ranks compare those areas only (from a review)."""
    csv = tmp_path / "all.csv"
    pd.DataFrame({"code": attributes("lsoa11")["code"], "v": 1.0}).to_csv(csv, index=False)
    result = convert_lsoa11_to_lsoa21(import_table(csv, value_column="v"))
    assert "Matched 32,844 of 32,844 data rows (100% of England's 33,755)" in result.report.text()
    assert not any("national ranks compare those areas only" in c for c in result.layer.caveats)
