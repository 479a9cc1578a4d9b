"""The command line under awkward input: each case was found by a hostile-input run (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from placeviz.cli import main

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.parametrize("argv", [["places"], ["layers"], ["layers", "--details", "imd2019"]])
def test_a_closed_pipe_ends_quietly(argv):
    """`placeviz places | head` ended in a BrokenPipeError traceback."""
    r, w = os.pipe()
    os.close(r)  # the reader has gone before placeviz writes a line
    proc = subprocess.run([sys.executable, "-m", "placeviz", *argv], stdout=w, stderr=subprocess.PIPE, env=ENV,
                          timeout=60)
    os.close(w)
    assert proc.stderr == b"" and proc.returncode == 141


def test_themes_match_in_any_case_and_an_unknown_one_is_named(capsys):
    assert main(["layers", "--theme", "Health"]) == 0
    out = capsys.readouterr().out
    assert "life_expectancy_male" in out and "imd2019 " not in out
    assert main(["layers", "--theme", "helth"]) == 2
    err = capsys.readouterr().err
    assert "Unknown theme 'helth'. Did you mean 'health'?" in err and "deprivation, environment" in err


@pytest.mark.parametrize(("options", "message"), [
    (["--width", "0"], "width must be a whole number of pixels from 200"),
    (["--dpi", "0"], "between 36 and 1200 dots per inch, not 0"),
    (["--height", "0"], "height must be a whole number of pixels from 200"),
    (["--paper", "A3", "--dpi", "1200"], "A3 at 1200 dpi would be 19,843 x 14,031 pixels"),
])
def test_impossible_image_sizes_are_refused_not_replaced(tmp_path, capsys, options, message):
    out = tmp_path / "x.png"
    assert main(["export", "png", "--place", "Halton", "--layer", "imd2019", *options, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("name", ["x.pdf", "x.jpg", "x.svg"])
def test_an_image_is_not_written_under_another_formats_name(tmp_path, capsys, name):
    out = tmp_path / name
    assert main(["export", "png", "--place", "Halton", "--layer", "imd2019", "-o", str(out)]) == 2
    assert f"{name} ends .{name[2:]} but the format asked for is PNG" in capsys.readouterr().err
    assert not out.exists()


def test_the_command_exits_with_mains_code_without_collecting_what_goes_with_the_process(monkeypatch):
    """`placeviz` (and `python -m placeviz`) run ``entry``: main's exit code, and Python's last sweeps for
    reference cycles skipped (gc.freeze), which took 0.13-0.17 s of a deck after its file was written."""
    import gc

    import placeviz.cli as cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as stop:
            cli.entry()
        assert stop.value.code == 3 and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this test process goes on collecting
    proc = subprocess.run([sys.executable, "-m", "placeviz", "profile", "--place", "Nowhereville"],
                          capture_output=True, text=True, env=ENV, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("placeviz: ") and "Traceback" not in proc.stderr


@pytest.mark.parametrize("argv, one_shot", [
    (["slides", "--place", "Knowsley"], True), (["brief", "--place", "Knowsley"], True),
    (["gui"], False), ([], False), (["--place", "Knowsley"], False), (["--help"], False)])
def test_a_command_that_runs_once_sweeps_for_cycles_less_often_and_the_app_keeps_pythons_defaults(
        monkeypatch, argv, one_shot):
    """Full sweeps scan the modules and tables a one-shot command keeps till it exits: a deck comparing two
    places had two, of 0.05 s; the app, which runs for hours, keeps Python's thresholds."""
    import gc

    import placeviz.cli as cli

    before = gc.get_threshold()
    monkeypatch.setattr(cli, "main", lambda: (seen.append(gc.get_threshold()), 0)[1])
    monkeypatch.setattr(sys, "argv", ["placeviz", *argv])
    seen = []
    try:
        with pytest.raises(SystemExit):
            cli.entry()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    assert seen == [cli.ONE_SHOT_GC_THRESHOLDS if one_shot else before]
    assert cli.ONE_SHOT_GC_THRESHOLDS[2] > before[2]


def test_python_asking_for_pixels_with_paper_or_for_a_pdf_is_told_rather_than_passed_over(tmp_path):
    """``pv.Map(...).to_pdf(width=2400)`` wrote A4 without a word, as did a PNG given paper and a width; the
    command line says so itself and drops the pixels of a PDF."""
    import placeviz as pv
    from placeviz.export.static import StaticExportError, export_static_compare
    from placeviz.model.spec import MapSpec

    m = pv.Map(place="Halton", layer="imd2025")
    with pytest.raises(StaticExportError, match=r"A PDF is a paper page: .* not its width, which are pixels"):
        m.to_pdf(tmp_path / "a.pdf", width=2400)
    with pytest.raises(StaticExportError, match=r"as paper \(A3\) or as its width and height in pixels, not both"):
        m.to_png(tmp_path / "a.png", paper="A3", width=1000, height=800)
    with pytest.raises(StaticExportError, match="A PDF is a paper page"):
        export_static_compare([MapSpec(place=p, layer="imd2025") for p in ("Halton", "Knowsley")],
                              tmp_path / "c.pdf", height=900)
    assert not list(tmp_path.iterdir())
    assert m.to_png(tmp_path / "a.png", paper="A4", dpi=72).exists()


def test_one_side_of_an_image_keeps_the_default_shape_and_a_pdf_says_it_takes_paper(tmp_path, capsys):
    """--width 2400 alone made a 2400 x 1200 strip (the default height kept), from Python too, and a comparison
    given one side turned into A4; --width and --height on a PDF were passed over without a word."""
    from PyQt6.QtGui import QImage

    import placeviz as pv
    from placeviz.export.static import export_static_compare
    from placeviz.model.spec import MapSpec

    out = tmp_path / "wide.png"
    assert main(["export", "png", "--place", "Knowsley", "--layer", "imd2019", "--width", "2400", "-o", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2400, 1800)
    assert main(["export", "png", "--place", "Knowsley", "--layer", "imd2019", "--height", "900", "-o", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 900)
    image = QImage(str(pv.Map(place="Knowsley", layer="imd2019").to_png(tmp_path / "api.png", width=2000)))
    assert (image.width(), image.height()) == (2000, 1500)
    pair = [MapSpec(place=p, layer="imd2019") for p in ("Knowsley", "Halton")]
    image = QImage(str(export_static_compare(pair, tmp_path / "pair.png", True, width=2000)))
    assert (image.width(), image.height()) == (2000, 1500)
    capsys.readouterr()
    pdf = tmp_path / "page.pdf"
    # the library's one rule for pixels given to a PDF answers the command line too (it warned and went on)
    assert main(["export", "pdf", "--place", "Knowsley", "--layer", "imd2019", "--width", "600", "--height", "400",
                 "-o", str(pdf)]) == 2 and not pdf.exists()
    assert "A PDF is a paper page: give its paper ('A4' or 'A3') and orientation" in capsys.readouterr().err
