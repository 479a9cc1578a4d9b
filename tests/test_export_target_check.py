"""Every export checks the file it will write with one check (model.safe_files.check_target), so a missing
folder gets the same sentence from each, and nothing is written."""

import pytest

from placeviz.export.brief import export_brief
from placeviz.export.html import export_html
from placeviz.export.slides import export_slides
from placeviz.export.static import export_static, export_static_compare
from placeviz.export.tables import export_csv
from placeviz.model.errors import UserError
from placeviz.model.spec import MapSpec

HALTON, SEFTON = MapSpec(place="Halton"), MapSpec(place="Sefton")


@pytest.mark.parametrize("name,export", [
    ("a.png", lambda p: export_static(HALTON, p)),
    ("a.pdf", lambda p: export_static_compare([HALTON, SEFTON], p)),
    ("a.pdf", lambda p: export_brief(["Halton"], p)),
    ("a.pptx", lambda p: export_slides("Halton", p)),
    ("a.html", lambda p: export_html(HALTON, p)),
    ("a.csv", lambda p: export_csv(HALTON, p)),
])
def test_a_missing_folder_gets_one_sentence_from_every_export(tmp_path, name, export):
    folder = tmp_path / "nope"
    with pytest.raises(UserError) as e:
        export(folder / name)
    assert str(e.value) == f"The folder {folder} does not exist: create it or choose another place."
    assert not folder.exists()
