"""The image demo filters a small image on every backend and shows the outputs with timings."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from playground.demos.images import generate_image
from playground.gpu.filters import FILTERS
from playground.gpu.reference import conv2d_ref
from playground.ui.demos.image_demo import ImageDemo, gray_to_qimage, load_gray, qimage_to_gray


def test_qimage_round_trip(tmp_path):
    gray = (np.arange(7 * 5, dtype=np.uint8).reshape(5, 7) * 7)
    path = tmp_path / "small.png"
    assert gray_to_qimage(gray).save(str(path))
    back = load_gray(path)
    assert back.shape == (5, 7)
    np.testing.assert_allclose(back, gray / 255.0, atol=1e-6)
    rgb = QImage(3, 2, QImage.Format.Format_RGB32)
    rgb.fill(0xFFFFFF)
    assert np.allclose(qimage_to_gray(rgb), 1.0)


def test_image_demo_filters_small_image(qtbot, tmp_path):
    demo = ImageDemo(backends=("cpu",) if not _gpu() else ("gpu", "cpu"))
    qtbot.addWidget(demo)
    demo.use_generated(48, 32)
    with qtbot.waitSignal(demo.finished, timeout=60000):
        assert demo.apply()
    assert len(demo.runs) == 2 * len(demo.backends)
    image = generate_image(48, 32)
    for run in demo.runs:
        np.testing.assert_allclose(run.output, conv2d_ref(image, FILTERS[run.filter]), atol=1e-5)
        assert run.wall_ms >= 0
        pane = demo.panes[(run.filter, run.requested)]
        assert pane.caption.text() == run.describe()
        assert pane._pixmap is not None and pane._pixmap.width() == 48
    assert "ms" in demo.status.text()


def test_image_demo_opens_png_and_reports_bad_files(qtbot, tmp_path):
    demo = ImageDemo(backends=("cpu",))
    qtbot.addWidget(demo)
    path = tmp_path / "in.png"
    gray_to_qimage(np.full((6, 9), 128, np.uint8)).save(str(path))
    assert demo.open_file(path)
    assert demo.image.shape == (6, 9) and demo.source == "in.png"
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    assert not demo.open_file(bad)
    assert demo.status.text().startswith("error:")


def _gpu() -> bool:
    from playground.gpu.device import gpu_available

    return gpu_available()


def test_the_image_demo_opens_with_the_generated_image_filtered(qtbot):
    demo = ImageDemo(backends=("cpu",))
    qtbot.addWidget(demo)
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.start_demo()
    assert demo.image is not None and demo.source == "generated"
    assert {run.filter for run in demo.runs} == {"box_blur", "edge"}
    assert all(run.output.shape == demo.image.shape for run in demo.runs)



def test_captions_never_overlap_the_pictures_in_a_small_dock(qtbot):
    demo = ImageDemo(backends=("gpu", "cpu"))  # two rows of panes, as on a machine with an adapter
    qtbot.addWidget(demo)
    demo.show()
    qtbot.waitExposed(demo)
    demo.use_generated(64, 36)
    picture = gray_to_qimage(np.full((36, 64), 200, np.uint8))
    for pane in demo.panes.values():
        pane.show_image(picture, "blur on gpu: 256.1 ms (compute 7.1 ms)")
    demo.status.setText("  |  ".join(["blur on gpu: 256.1 ms (compute 7.1 ms)"] * 4))
    for width, height in ((520, 340), (420, 300), (300, 220)):
        demo.resize(width, height)
        qtbot.wait(30)
        for pane in [demo.input_pane, *demo.panes.values()]:
            shown, caption, title = pane.picture.geometry(), pane.caption.geometry(), pane.title.geometry()
            assert not shown.intersects(caption), (width, height, shown, caption)
            assert not shown.intersects(title), (width, height, shown, title)
            pixmap = pane.picture.pixmap()
            assert pixmap.height() <= shown.height() and pixmap.width() <= shown.width()
            assert caption.bottom() < pane.height()
            assert pane.geometry().bottom() < demo.status.geometry().top()
        assert demo.status.geometry().bottom() < demo.height()


def test_picking_a_size_makes_that_image_and_filters_it(qtbot):
    demo = ImageDemo(backends=("cpu",))
    qtbot.addWidget(demo)
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.start_demo()
    assert demo.image.shape == (360, 640)
    with qtbot.waitSignal(demo.finished, timeout=60000):
        demo.size_choice.setCurrentText("1920 x 1080 (HD)")
        assert not demo.size_choice.isEnabled()  # no second choice while the first is being filtered
    assert demo.image.shape == (1080, 1920)
    assert {run.filter for run in demo.runs} == {"box_blur", "edge"}
    assert all(run.output.shape == (1080, 1920) for run in demo.runs)
    assert demo.size_choice.isEnabled() and demo.apply_button.isEnabled()


def test_a_closed_image_demo_shows_no_late_result(qtbot):
    """Closing waits for the filtering; its result, still queued, is dropped rather than shown in the closed view."""
    demo = ImageDemo(backends=("cpu",))
    qtbot.addWidget(demo)
    demo.use_generated(48, 32)
    ended = []
    demo.finished.connect(lambda *args: ended.append(args))
    assert demo.apply()
    demo.close()
    qtbot.wait(200)
    assert ended == [] and demo.runs == [] and not demo.worker.busy
