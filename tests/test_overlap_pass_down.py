"""The overlap's fast paths give what the plain pandas computation gives, for all of England: 2011 values
passed to 2021 neighbourhoods (model.lsoa_apportion's population-weighted means), and the sentence saying
what each neighbourhood's count is made of."""

import numpy as np
import pandas as pd

from placeviz.analysis.overlap import INDICATORS, _on_lsoa11, coincidence
from placeviz.model.bundle import layers_dir
from placeviz.model.lsoa_apportion import lsoa11_to_lsoa21


def _table(name):
    return pd.read_parquet(layers_dir() / "tables" / name).set_index("code")


def _direct_pass_down(values11: pd.Series) -> pd.Series:
    """The ONS lookup joined with pandas: each 2021 LSOA's parents' mean, each parent weighted by its residents
    living in the 2021 LSOA (its population shared among its 2021 LSOAs by their populations)."""
    lk = pd.read_parquet(layers_dir() / "tables" / "lookup_lsoa11_lsoa21.parquet")
    pop11 = _table("population_lsoa11.parquet")["population"]
    pop21 = lk["lsoa21_code"].map(_table("population_lsoa21.parquet")["population"]).astype("float64")
    share = pop21 / pop21.groupby(lk["lsoa11_code"]).transform("sum")
    v = lk["lsoa11_code"].map(values11).astype("float64")
    w = lk["lsoa11_code"].map(pop11).astype("float64") * share
    ok = v.notna()
    by = lk["lsoa21_code"][ok]
    return (v[ok] * w[ok]).groupby(by).sum() / w[ok].groupby(by).sum()


def test_every_2021_neighbourhood_takes_the_pandas_weighted_mean():
    for key in ("life_expectancy", "insecure_work"):
        i = INDICATORS[key]
        values11 = _on_lsoa11(i, _table(i.table)[i.column].astype("float64"))
        got = lsoa11_to_lsoa21(values11).sort_index()
        want = _direct_pass_down(values11).sort_index()
        assert len(got) > 33_000
        assert list(got.index) == list(want.index)
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-12)


def test_each_neighbourhoods_detail_names_the_indicators_it_counts():
    o = coincidence()
    f = o.frame
    labels = [INDICATORS[k].label for k in o.keys]
    for code, row in f.sample(2000, random_state=7).iterrows():
        flags = [row[k] for k in o.keys]
        if any(pd.isna(x) for x in flags):
            missing = [lab for lab, x in zip(labels, flags, strict=True) if pd.isna(x)]
            assert row["detail"] == f"not counted: no value for {', '.join(missing)}", code
        else:
            on = [lab for lab, x in zip(labels, flags, strict=True) if x == 1]
            assert row["detail"] == "worst fifth on: " + (", ".join(on) or "none"), code
    # every kind of sentence occurs, and the counts agree with them
    assert (f["detail"] == "worst fifth on: none").sum() == (f["overlap"] == 0).sum()
    assert (f["detail"] == "worst fifth on: " + ", ".join(labels)).sum() == (f["overlap"] == len(labels)).sum()
    assert f["detail"].str.startswith("not counted").sum() == f["overlap"].isna().sum()


def test_values_found_by_position_are_the_pandas_join_exactly():
    """Each 2021 neighbourhood's value of an indicator published for MSOAs or local authorities, found by
    position (pyarrow matching the codes), is the one a plain pandas join gives, bit for bit, for all England."""
    from placeviz.analysis.overlap import _on_set
    from placeviz.model.geography import attributes

    a21, a11 = attributes("lsoa21"), attributes("lsoa11").set_index("code")
    for key in ("life_expectancy", "insecure_work", "air_quality"):
        i = INDICATORS[key]
        values = _table(i.table)[i.column].astype("float64")
        got = _on_set(i, values, "lsoa21")
        if i.geography == "lad21":
            want = a21["lad21_code"].map(values).to_numpy(dtype="float64")
        else:
            values11 = a11["msoa_code"].map(values).astype("float64")
            want = _direct_pass_down(values11).reindex(a21["code"].to_numpy()).to_numpy()
        assert list(got.index) == a21["code"].tolist()
        assert np.array_equal(got.to_numpy(), want, equal_nan=True), key
        assert np.isfinite(got.to_numpy()).sum() > 33_000
