"""Reading exported images in tests: RGB pixels as integers, and colours as the same integers."""

import numpy as np


def read_pixels(path):
    """(QImage, array of 0xRRGGBB per pixel) for an image file."""
    from PyQt6.QtGui import QImage

    img = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    w, h = img.width(), img.height()
    a = np.frombuffer(img.constBits().asstring(img.sizeInBytes()), dtype=np.uint32).reshape(h, w) & 0xFFFFFF
    return img, a


def hex_rgb(c: str) -> int:
    """'#a50026' -> 0xa50026."""
    return int(c[1:], 16)
