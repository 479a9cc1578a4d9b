"""Issue 13, "Data is misread without a word": files that used to be misread in silence are now read right,
refused with a sentence, or reported. Every file is made here, small, at test time."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.imports import (
    ImportFileError,
    add_to_catalog,
    import_table,
    imported_results,
    remove_from_catalog,
)
from placeviz.model.catalog import load_catalog
from placeviz.model.errors import UserError
from placeviz.model.geography import attributes
from placeviz.model.mapdata import map_data


def _liverpool(n: int = 20, set_name: str = "lsoa21") -> list[str]:
    a = attributes(set_name)
    column = "lad24_code" if "lad24_code" in a else "lad21_code"
    return a.loc[a[column] == "E08000012", "code"].sort_values().head(n).tolist()


# ----------------------------------------------------------------------------------------- 3: quoted line breaks


def test_quoted_cells_with_line_breaks_stay_in_their_row(tmp_path):
    """A footnote cell and a header cell with line breaks, quoted as CSV allows: one row each, not several."""
    codes = _liverpool(12)
    lines = ['lsoa21_code,"Rate per 1,000\n(2021)",note']
    for i, code in enumerate(codes):
        note = f'"Revised:\n{codes[-1]} was merged in 2021,\nsee the ""notes"" sheet"' if i == 3 else ""
        lines.append(f'{code},"{i + 0.5}",{note}')
    p = tmp_path / "footnotes.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = import_table(p)
    rep = r.report
    assert rep.code_column == "lsoa21_code" and rep.value_column == "Rate per 1,000 (2021)"
    assert rep.rows == 12 and rep.matched == 12 and rep.with_value == 12
    assert not rep.unmatched and not rep.duplicates and rep.no_data == 0
    np.testing.assert_allclose(r.frame["value"].reindex(codes).to_numpy(), np.arange(12) + 0.5)


def test_an_unclosed_quote_still_spoils_one_row_only(tmp_path):
    codes = _liverpool(10)
    body = "code,rate,note\n" + "".join(
        f'{c},{i},{chr(34) + "open" if i == 2 else ""}\n' for i, c in enumerate(codes))
    body += 'E99999999,1,"closes here"\n'
    p = tmp_path / "ragged.csv"
    p.write_text(body, encoding="utf-8")
    r = import_table(p)
    assert r.report.matched == 10 and r.report.with_value == 10


# ----------------------------------------------------------------------------------------- 2: decimal commas


def _write_rows(path: Path, sep: str, header: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(sep.join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_decimal_commas_are_decided_per_column_from_all_its_cells(tmp_path):
    """'0,125' and '12,345' look like thousands on their own; beside '0,5' they are decimals."""
    codes = _liverpool(6)
    cells = ["0,125", "12,345", "0,5", "3,25", "1.234,5", "-"]
    counts = ["1.250", "12", "7", "3.400", "15", "2"]  # dots as thousands separators, no commas: left alone
    p = _write_rows(tmp_path / "europe.csv", ";", ["code", "rate", "count"],
                    [[c, v, n] for c, v, n in zip(codes, cells, counts, strict=True)])
    r = import_table(p)
    assert r.report.value_column == "rate"
    got = r.frame["value"].reindex(codes).to_numpy()
    np.testing.assert_allclose(got[:5], [0.125, 12.345, 0.5, 3.25, 1234.5])
    assert np.isnan(got[5]) and not r.report.non_numeric
    text = r.report.text()
    assert "Commas in 'rate' are decimal marks" in text and "'12,345' is read as 12.345" in text
    assert r.layer.decimals == 3


def test_thousands_commas_stay_thousands_and_the_report_says_so(tmp_path):
    codes = _liverpool(4)
    p = _write_rows(tmp_path / "english.csv", ",", ["code", "people"],
                    [[c, f'"{v}"'] for c, v in zip(codes, ["12,345", "1,234,567", "999", "0"], strict=True)])
    r = import_table(p)
    np.testing.assert_allclose(r.frame["value"].reindex(codes), [12345, 1234567, 999, 0])
    assert "Commas in 'people' are thousands separators" in r.report.text()


def test_decimal_commas_in_a_tab_separated_file(tmp_path):
    codes = _liverpool(4)
    p = _write_rows(tmp_path / "europe.tsv", "\t", ["code", "rate"],
                    [[c, v] for c, v in zip(codes, ["0,5", "12,25", "7", "1,125"], strict=True)])
    r = import_table(p)
    np.testing.assert_allclose(r.frame["value"].reindex(codes), [0.5, 12.25, 7, 1.125])


def test_a_column_written_both_ways_is_reported(tmp_path):
    codes = _liverpool(5)
    p = _write_rows(tmp_path / "both.csv", ";", ["code", "rate"],
                    [[c, v] for c, v in zip(codes, ["0,5", "2,75", "3,5", "1,234.5", "4"], strict=True)])
    r = import_table(p)
    got = r.frame["value"].reindex(codes).to_numpy()
    np.testing.assert_allclose(got[[0, 1, 2, 4]], [0.5, 2.75, 3.5, 4])
    assert np.isnan(got[3]) and [c for _, _, c in r.report.non_numeric] == ["1,234.5"]
    assert any("both ways" in w for w in r.report.warnings)


# ----------------------------------------------------------------------------------------- 4: units


@pytest.mark.parametrize("header,cells,unit,words", [
    ("Rate per 1,000", ["12.5%", "3.1", "4.2", "5.3", "6.4"], "", "the unit comes from the header"),
    ("Rate per 1,000", ["12.5%", "3.1%", "4.2%", "5.3%", "6.4%"], "", "the unit comes from the header"),
    ("value", ["12.5%", "3.1", "4.2", "5.3", "6.4"], "", "1 of 5 cells"),
    ("value", ["12.5%", "3.1%", "4.2%", "5.3%", "6.4"], "%", None),
    ("% of pupils", ["12.5", "3.1", "4.2", "5.3", "6.4"], "%", None),
])
def test_the_unit_comes_from_the_header_first(tmp_path, header, cells, unit, words):
    codes = _liverpool(5)
    p = _write_rows(tmp_path / "unit.csv", ",", ["code", f'"{header}"'],
                    [[c, v] for c, v in zip(codes, cells, strict=True)])
    r = import_table(p)
    assert r.layer.unit == unit
    np.testing.assert_allclose(r.frame["value"].reindex(codes), [12.5, 3.1, 4.2, 5.3, 6.4])
    if words:
        assert words in r.report.text()


def test_a_rate_in_percent_cells_stays_in_percent(tmp_path):
    codes = _liverpool(3)
    p = _write_rows(tmp_path / "rate.csv", ",", ["code", "Unemployment rate"],
                    [[c, v] for c, v in zip(codes, ["4.5%", "5%", "6.1%"], strict=True)])
    assert import_table(p).layer.unit == "%"


# ----------------------------------------------------------------------------------------- 5: transposed, no values


def test_a_transposed_table_is_named_with_the_fix(tmp_path, capsys):
    las = attributes("lad24").code.head(8).tolist()
    p = tmp_path / "wide.csv"
    p.write_text("Indicator," + ",".join(las) + "\n"
                 + "Rate," + ",".join(str(10 + i) for i in range(8)) + "\n"
                 + "Count," + ",".join(str(100 * i) for i in range(8)) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"areas across the top.*row 1 holds 8 area codes.*[Tt]ranspose"):
        import_table(p)
    assert main(["import", str(p)]) == 2
    assert "Transpose" in capsys.readouterr().err


def test_no_layer_is_offered_without_a_value(tmp_path, capsys):
    codes = _liverpool(4)
    p = _write_rows(tmp_path / "blank.csv", ",", ["code", "rate", "other"],
                    [[c, "*", "5"] for c in codes])
    r = import_table(p, value_column="rate")
    assert r.report.matched == 4 and r.report.with_value == 0
    assert r.layer is None and not r.ok
    assert "No matched area has a number in 'rate'" in r.report.text()
    with pytest.raises(ImportFileError, match="no matched area has a number"):
        add_to_catalog(r)
    assert main(["import", str(p), "--value-column", "rate"]) == 1
    out = capsys.readouterr().out
    assert "Layer id" not in out and "No matched area has a number" in out


# ----------------------------------------------------------------------------------------- 1: Fingertips, several series

FINGERTIPS_HEADER = ["Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name",
                     "Area Type", "Sex", "Age", "Category Type", "Category", "Time period", "Value",
                     "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator", "Value note",
                     "Recent Trend", "Compared to England value or percentiles", "Time period Sortable"]
INDICATORS = {"90366": "Life expectancy at birth", "93999": "Employment rate, 16-64"}


def _fingertips(path: Path, indicators=INDICATORS, sexes=("Male", "Female", "Persons"),
                periods=("2019 - 21", "2020 - 22"), ages=("All ages",)) -> tuple[Path, list[str]]:
    """A Fingertips download (OHID's layout) for England and 10 local authorities, every value different."""
    import csv

    las = attributes("lad24").code.head(10).tolist()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FINGERTIPS_HEADER)
        for n, (iid, iname) in enumerate(indicators.items()):
            for k, code in enumerate(["E92000001", *las]):
                for period in periods:
                    for s, sex in enumerate(sexes):
                        for a, age in enumerate(ages):
                            value = _ft_value(n, k, int(period[:4]), s, a)
                            w.writerow([iid, iname, "", "", code, f"Area {k}", "Districts", sex, age, "", "", period,
                                        f"{value:.2f}", "", "", "", "", "", "", "", period[:4] + "0000"])
    return path, las


def _ft_value(indicator: int, area: int, year: int, sex: int, age: int = 0) -> float:
    return 1000 * indicator + 10 * area + (year - 2019) + 0.1 * sex + 0.01 * age


def test_fingertips_file_with_several_indicators_is_not_mixed(tmp_path, capsys):
    p, las = _fingertips(tmp_path / "fingertips.csv")
    with pytest.raises(ImportFileError) as err:
        import_table(p)
    message = str(err.value)
    assert "2 indicators" in message and "90366 (Life expectancy at birth)" in message
    assert "93999 (Employment rate, 16-64)" in message and '--where "Indicator ID=90366"' in message
    assert err.value.choices == {"Indicator ID": ["90366", "93999"]}
    assert main(["import", str(p)]) == 2 and "2 indicators" in capsys.readouterr().err

    # the one chosen: its own values only (latest period, persons), titled by its name
    r = import_table(p, where={"Indicator ID": "93999"})
    assert r.layer.title == "Employment rate, 16-64" and r.layer.period == "2020 - 22"
    np.testing.assert_allclose(r.frame["value"].reindex(las), [_ft_value(1, k + 1, 2020, 2) for k in range(10)])
    assert main(["import", str(p), "--where", "Indicator Name=Life expectancy at birth"]) == 0
    assert "Layer id when added: imported_life_expectancy_at_birth" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["sexes", "ages"])
def test_groups_without_a_total_are_not_mixed(tmp_path, kind):
    one = {"90366": "Life expectancy at birth"}
    if kind == "sexes":
        p, las = _fingertips(tmp_path / "f.csv", one, sexes=("Male", "Female"))
        column, values = "Sex", "Male, Female"
    else:
        p, las = _fingertips(tmp_path / "f.csv", one, sexes=("Persons",), ages=("<1 yr", "65+ yrs"))
        column, values = "Age", "<1 yr, 65+ yrs"
    with pytest.raises(ImportFileError, match=rf"one per {column!r} \({re.escape(values)}\).*--where \"{column}="):
        import_table(p)
    r = import_table(p, where={column: values.split(", ")[0]})
    assert r.report.matched == 10 and not r.report.duplicates
    np.testing.assert_allclose(r.frame["value"].reindex(las), [_ft_value(0, k + 1, 2020, 0) for k in range(10)])


# ----------------------------------------------------------------------------------------- 8: layer identity




def test_an_import_never_takes_a_bundled_layers_id_or_source(tmp_path, registered):
    from dataclasses import replace

    from placeviz.workspace import ImportedLayer

    codes = _liverpool(5, "lsoa11")
    p = _write_rows(tmp_path / "mine.csv", ",", ["lsoa11_code", "score"], [[c, str(i)] for i, c in enumerate(codes)])
    cat = load_catalog()
    bundled = cat.get("imd2019")
    before = map_data("Liverpool", "lsoa", "imd2019").frame.set_index("code")["value"]

    r = import_table(p, name="imd2019")
    assert r.layer.id != "imd2019"
    # as a workspace or a caller could carry it: the bundled layer's id and dataset id, the user's own text
    mine = replace(r.layer.dataset, id=bundled.dataset.id)
    r.layer = replace(r.layer, id="imd2019", dataset=mine)
    layer = add_to_catalog(r)
    registered.append(layer.id)
    assert layer.id not in ("imd2019",) and layer.id.startswith("imported_imd2019")
    assert r.layer is layer and r.report.layer_id == layer.id
    assert cat.get("imd2019") is bundled and "imd2019" not in cat.frames
    assert layer.dataset.id != bundled.dataset.id
    assert (layer.dataset.title, layer.dataset.publisher, layer.dataset.attribution) == (
        mine.title, mine.publisher, mine.attribution)
    assert layer.source_line() != bundled.source_line() and "your own data" in layer.source_line()
    after = map_data("Liverpool", "lsoa", "imd2019").frame.set_index("code")["value"]
    pd.testing.assert_series_equal(before, after)
    assert map_data("Liverpool", "lsoa", layer.id).frame["value"].notna().sum() > 0

    # a workspace's imported layer registers through the same door
    ImportedLayer(replace(r.layer, id="imd2019"), r.frame).register()
    registered += [x.layer.id for x in imported_results() if x.layer.id not in registered]
    assert cat.get("imd2019") is bundled


# ----------------------------------------------------------------------------------------- 7: boundaries


def _wards(n: int = 3):
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"ward_id": [f"W{i}" for i in range(n)], "ward_name": [f"Ward {i}" for i in range(n)]},
                            geometry=[box(334000 + 1000 * i, 390000, 335000 + 1000 * i, 391000) for i in range(n)],
                            crs="EPSG:27700")


def test_a_folder_of_several_boundary_files_lists_them_and_lets_the_user_choose(tmp_path, capsys):
    from placeviz.imports import import_file, read_boundaries

    folder = tmp_path / "areas"
    (folder / "old").mkdir(parents=True)
    _wards(2).to_file(folder / "pcns.gpkg", driver="GPKG")
    _wards(4).to_file(folder / "old" / "wards.shp")
    with pytest.raises(ImportFileError, match=r"2 boundary files \(old/wards\.shp, pcns\.gpkg\).*--boundary-layer"):
        read_boundaries(folder)
    assert len(read_boundaries(folder, layer="old/wards.shp").areas) == 4
    assert len(read_boundaries(folder, layer="pcns").areas) == 2
    with pytest.raises(ImportFileError, match=r"pcns\.gpkg"):
        read_boundaries(folder, layer="nope.shp")
    assert len(import_file(folder, boundary_layer="pcns.gpkg").areas) == 2
    assert main(["import", str(folder), "--boundary-layer", "old/wards.shp"]) == 0
    assert "4 areas read" in capsys.readouterr().out


def test_a_geopackage_with_two_layers_lists_them_and_lets_the_user_choose(tmp_path):
    from placeviz.imports import read_boundaries

    p = tmp_path / "both.gpkg"
    _wards(2).to_file(p, layer="wards_2019", driver="GPKG")
    _wards(5).to_file(p, layer="wards_2023", driver="GPKG")
    with pytest.raises(ImportFileError, match=r"2 layers \(wards_2019, wards_2023\).*--boundary-layer wards_2019"):
        read_boundaries(p)
    assert len(read_boundaries(p, layer="wards_2023").areas) == 5
    with pytest.raises(ImportFileError, match="wards_2019, wards_2023"):
        read_boundaries(p, layer="wards_2020")
    # the same GeoPackage in a folder: FILE:LAYER names both
    folder = tmp_path / "f"
    folder.mkdir()
    p.rename(folder / "both.gpkg")
    with pytest.raises(ImportFileError, match=r"both\.gpkg:wards_2019"):
        read_boundaries(folder)
    assert len(read_boundaries(folder, layer="both.gpkg:wards_2019").areas) == 2


# ----------------------------------------------------------------------------------------- 6: rasters


def _raster(path: Path, bands: np.ndarray, nodata=None, transform=None, **profile) -> Path:
    import rasterio
    from rasterio.transform import from_origin

    bands = np.atleast_3d(bands) if bands.ndim == 2 else bands
    if bands.ndim == 2:
        bands = bands[None]
    with rasterio.open(path, "w", driver="GTiff", width=bands.shape[2], height=bands.shape[1], count=bands.shape[0],
                       dtype=bands.dtype, crs="EPSG:27700", nodata=nodata,
                       transform=transform or from_origin(330000, 400000, 1000, 1000), **profile) as dst:
        dst.write(bands)
    return path


def _values() -> np.ndarray:
    return (10 + np.arange(400, dtype="float32") % 17).reshape(20, 20)


@pytest.mark.parametrize("fill", [-3.4028235e38, 1e38, np.inf, -np.inf, np.nan])
def test_raster_fill_values_without_a_nodata_tag_are_no_data(tmp_path, fill):
    from placeviz.imports import import_raster

    values = _values()
    untagged = values.copy()
    untagged[5:15, 3:12] = fill
    tagged = values.copy()
    tagged[5:15, 3:12] = -9999
    a = import_raster(_raster(tmp_path / "untagged.tif", untagged[None]), level="lsoa")
    b = import_raster(_raster(tmp_path / "tagged.tif", tagged[None], nodata=-9999), level="lsoa")
    pd.testing.assert_series_equal(a.frame["value"], b.frame["value"])
    assert a.frame["value"].abs().max() < 100
    assert "90 cells" in a.report.text() and "no data" in a.report.text()


def test_an_rgb_picture_is_refused_unless_a_band_is_named(tmp_path, capsys):
    from placeviz.imports import import_file, import_raster

    rgb = np.stack([_values().astype("uint8") * k for k in (1, 2, 3)])
    p = _raster(tmp_path / "photo.tif", rgb, photometric="RGB")
    with pytest.raises(UserError, match=r"picture.*red, green and blue.*--band"):
        import_raster(p)
    assert main(["import", str(p)]) == 2 and "picture" in capsys.readouterr().err
    r = import_file(p, band=2)
    assert "band 2 of 3" in r.report.text()
    assert r.layer.raster is None  # the map draws the areas' values, not the picture
    assert r.frame["value"].dropna().between(20, 54).all()
    with pytest.raises(UserError, match="1 to 3"):
        import_raster(p, band=4)


def test_a_raster_of_several_bands_says_which_it_read(tmp_path):
    from placeviz.imports import import_raster

    p = _raster(tmp_path / "bands.tif", np.stack([_values(), _values() * 2]))
    r = import_raster(p)
    assert "band 1 of 2" in r.report.text() and "--band" in r.report.text()


# ----------------------------------------------------------------------------------------- siblings


def test_a_zip_of_several_boundary_files_lets_the_user_choose_too(tmp_path):
    import zipfile

    from placeviz.imports import import_file

    folder = tmp_path / "z"
    folder.mkdir()
    _wards(2).to_file(folder / "a.gpkg", driver="GPKG")
    _wards(3).to_file(folder / "b.geojson", driver="GeoJSON")
    (folder / "metadata.json").write_text('{"title": "not boundaries"}')
    p = tmp_path / "both.zip"
    with zipfile.ZipFile(p, "w") as z:
        for f in folder.iterdir():
            z.write(f, f.name)
    with pytest.raises(ImportFileError, match=r"2 boundary files \(a\.gpkg, b\.geojson\)"):
        import_file(p)
    assert len(import_file(p, boundary_layer="b.geojson", id_column="ward_name").areas) == 3
    assert list(import_file(p, boundary_layer="b", id_column="ward_name").areas["code"]) == ["Ward 0", "Ward 1",
                                                                                              "Ward 2"]


def test_a_paletted_raster_is_refused_unless_a_band_is_named(tmp_path):
    from placeviz.imports import import_raster

    p = _raster(tmp_path / "classes.tif", _values().astype("uint8")[None])
    import rasterio

    with rasterio.open(p, "r+") as dst:
        dst.write_colormap(1, {k: (k * 10 % 256, 0, 0, 255) for k in range(30)})
    with pytest.raises(UserError, match=r"colour table.*--band 1"):
        import_raster(p)
    assert import_raster(p, band=1).report.with_value > 0


def test_a_bundled_layer_cannot_be_removed_as_an_import():
    with pytest.raises(ImportFileError, match="not an import"):
        remove_from_catalog("imd2019")
    assert "imd2019" in load_catalog()


def test_a_table_with_codes_down_a_column_and_across_the_top_is_not_called_transposed(tmp_path):
    """A matrix (each area's distance to three local authorities): the codes down the first column rule."""
    codes = _liverpool(6)
    las = attributes("lad24").code.head(3).tolist()
    p = _write_rows(tmp_path / "matrix.csv", ",", ["code", *las],
                    [[c, *(str(i + k) for k in range(3))] for i, c in enumerate(codes)])
    r = import_table(p)
    assert r.report.code_column == "code" and r.report.matched == 6
