"""The command line's sentences for mistakes: a palette name that resembles none says which there are."""

from placeviz.cli import main
from placeviz.model.palettes import PALETTES


def test_an_unknown_palette_lists_the_palettes(tmp_path, capsys):
    assert main(["export", "png", "--place", "Knowsley", "--layer", "air_quality", "--palette", "Foo",
                 "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "Unknown palette 'Foo'." in err and "Traceback" not in err
    assert "Choose one of: " + ", ".join(PALETTES) + "." in err
    assert not (tmp_path / "x.png").exists()


def test_a_mistyped_palette_gets_did_you_mean(tmp_path, capsys):
    assert main(["export", "png", "--place", "Knowsley", "--layer", "air_quality", "--palette", "YlOrRdd",
                 "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "Did you mean 'YlOrRd'" in err and "Choose one of" not in err
