"""placeviz writes its own PNG files (render.png): they must hold exactly the pixels painted, print at their
size, carry their text, and open in Qt and in Pillow (which checks every chunk's CRC)."""

import io

import pytest
from PIL import Image
from PyQt6.QtGui import QImage

from placeviz.cli import main
from placeviz.export.slides import _spec
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import ensure_qt
from placeviz.render.png import png_bytes
from placeviz.render.slide_maps import SLIDE_DPI, map_image


@pytest.fixture(scope="module")
def picture() -> QImage:
    ensure_qt()
    return map_image(scene_for(_spec("Knowsley", "imd2025")))


def test_a_maps_png_holds_exactly_the_painted_pixels_and_its_resolution(picture):
    back = QImage.fromData(png_bytes(picture))
    assert (back.width(), back.height()) == (1720, 1120)
    assert back.convertToFormat(QImage.Format.Format_RGB32) == picture.convertToFormat(QImage.Format.Format_RGB32)
    assert round(back.dotsPerMeterX() * 0.0254) == round(back.dotsPerMeterY() * 0.0254) == SLIDE_DPI
    with Image.open(io.BytesIO(png_bytes(picture))) as im:
        im.verify()  # every chunk's CRC and the stream's end
    with Image.open(io.BytesIO(png_bytes(picture))) as im:
        assert im.mode == "RGB" and round(im.info["dpi"][0]) == SLIDE_DPI


def test_text_goes_in_as_latin_1_or_as_utf_8_where_it_must(picture):
    text = {"Title": "Index of Multiple Deprivation 2025, Knowsley",
            "Source": "MHCLG — English Indices of Deprivation 2025 · © Crown copyright"}  # not Latin-1
    data = png_bytes(picture, text)
    assert b"tEXtTitle\0" in data and b"iTXtSource\0" in data
    back = QImage.fromData(data)
    assert {k: back.text(k) for k in text} == text
    with Image.open(io.BytesIO(data)) as im:
        assert {k: im.info[k] for k in text} == text


def test_an_exported_map_is_written_by_placeviz_and_says_what_it_shows(tmp_path):
    out = tmp_path / "halton.png"
    assert main(["export", "png", "--place", "Halton", "--layer", "imd2025", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert b"IDAT\x78\x01" in data  # zlib's fastest level: placeviz's writer, not Qt's
    with Image.open(out) as im:
        im.load()
        # the map is there: RdYlBu's deepest red on Halton's neighbourhoods in England's most deprived tenth
        # (thousands of pixels), and its title
        colours = {c: n for n, c in im.getcolors(maxcolors=1 << 20)}
        assert colours[(0xA5, 0x00, 0x26)] > 10_000
        assert im.info["Title"] == "Index of Multiple Deprivation 2025, Halton" and im.info["dpi"][0] == pytest.approx(150, abs=0.1)


def test_a_picture_qt_could_not_convert_is_an_os_error_not_a_crash():
    """Qt gives a null image when it has no memory for the copy: the export's callers turn an OSError into
    their sentence ("Could not write ... the disk has space")."""
    with pytest.raises(OSError, match="not enough memory"):
        png_bytes(QImage())


def test_a_big_picture_is_written_in_bands_that_join_up_exactly():
    """A picture wider than a slide's is copied and compressed in bands of rows (render.png.BAND_BYTES): a
    4000 x 3000 map of Liverpool comes back whole, pixel for pixel."""
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QPainter

    from placeviz.model.spec import MapSpec
    from placeviz.render.devices import PageSize, page_image
    from placeviz.render.png import BAND_BYTES
    from placeviz.render.scene import paint_map

    ensure_qt()
    img = page_image(PageSize(4000, 3000, 300, None, "landscape"))
    assert BAND_BYTES // (1 + 3 * 4000) < 3000 / 3  # at least three bands
    p = QPainter(img)
    paint_map(p, scene_for(MapSpec(place="Liverpool", layer="imd2025")), QRectF(0, 0, 4000, 3000))
    p.end()
    back = QImage.fromData(png_bytes(img))
    assert back.convertToFormat(QImage.Format.Format_RGB32) == img.convertToFormat(QImage.Format.Format_RGB32)
