"""Layers placeviz derives at run time (IMD change, where disadvantages coincide): told from their ids
without being made, made on first use through the catalog, and taken out again by the catalog itself."""

from dataclasses import replace

from placeviz.analysis import change, overlap
from placeviz.imports import add_to_catalog, import_table
from placeviz.model.catalog import is_derived_id, is_placeviz_id, load_catalog

CHANGE = "imd_decile_change_2019_2025"
OVERLAP = "overlap-tenth-of-imd2019-le_male"


def test_placeviz_ids_are_told_from_the_ids_without_making_a_layer(monkeypatch):
    def never(*_):
        raise AssertionError("a derived layer was made to answer a yes/no question")

    monkeypatch.setattr(change, "imd_change", never)
    monkeypatch.setattr(overlap, "coincidence", never)
    cat = load_catalog()
    for layer_id in (CHANGE, OVERLAP, "overlap", "imd2019"):
        assert is_placeviz_id(layer_id), layer_id
        assert layer_id not in cat or layer_id == "imd2019"
    assert is_derived_id(CHANGE) and is_derived_id(OVERLAP) and not is_derived_id("imd2019")
    assert not is_placeviz_id("my_rates") and not is_placeviz_id("imported_overlap")


def _rates(tmp_path):
    p = tmp_path / "rates.csv"
    p.write_text("lad21_code,rate\nE08000011,4.5\nE08000012,5.5\n")
    return import_table(p)


def test_a_derived_layer_is_made_when_named_and_forgotten_by_the_catalog(tmp_path, registered):
    cat = load_catalog()
    bundled = set(cat.ids)
    imported = add_to_catalog(_rates(tmp_path))
    registered.append(imported.id)
    made = [cat.get(CHANGE), cat.get(OVERLAP)]
    assert [x.id for x in made] == [CHANGE, OVERLAP]
    assert cat.frames[OVERLAP]["overlap"].notna().sum() > 30_000
    cat.forget_derived()
    assert set(cat.ids) == bundled | {imported.id}  # the import and the bundled layers stay
    assert CHANGE not in cat.frames and OVERLAP not in cat.frames
    assert cat.get(OVERLAP).id == OVERLAP  # named again, made again


def test_an_import_under_a_derived_id_gets_its_own(tmp_path, registered):
    result = _rates(tmp_path)
    result.layer = replace(result.layer, id=OVERLAP)
    layer = add_to_catalog(result)
    registered.append(layer.id)
    assert layer.id != OVERLAP and layer.id.startswith("imported_")
    assert OVERLAP not in load_catalog()  # not made to find out that the id was taken

