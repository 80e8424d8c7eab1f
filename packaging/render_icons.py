"""Render the SVG icon to the PNG sizes desktops look for: icons/hicolor/SIZExSIZE/apps/wasm-playground.png.

Usage: python packaging/render_icons.py OUT_DIR   (needs PySide6, the playground's own Qt)
Writes OUT_DIR/SIZExSIZE/wasm-playground.png for each size, with Qt's SVG renderer,
so the PNGs are never committed and never drift from the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parent / "wasm-playground.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SVG} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}x{size}" / "wasm-playground.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            raise SystemExit(f"render_icons: cannot write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: render_icons.py OUT_DIR")
    for path in render(Path(sys.argv[1])):
        print(path)
