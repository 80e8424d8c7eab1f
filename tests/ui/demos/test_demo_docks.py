"""The Demos menu: each demo opens in a dock, in one shared place, and one that cannot load says why."""

from __future__ import annotations


def test_a_demo_that_cannot_load_reports_instead_of_crashing(make_window):
    window = make_window()
    assert window.demos.open("demo_x", "playground.ui.no_such_demo", "Nothing", "Nothing") is None
    assert "the Nothing demo cannot start" in window.console.text()


def test_demos_share_one_tabbed_place_with_room(qtbot, make_window):
    window = make_window()
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    first = window.demos.open("demo_a", "playground.ui.console", "ConsolePanel", "Demo A")  # any light widget
    second = window.demos.open("demo_b", "playground.ui.console", "ConsolePanel", "Demo B")
    qtbot.wait(10)
    assert window.docks["memory"] in window.tabifiedDockWidgets(first)  # over the memory panel, not a third column
    assert second in window.tabifiedDockWidgets(first)
    assert first.width() > window.width() // 2
    assert second.height() >= window.height() * 0.4


def test_the_menu_starts_the_demos_that_have_a_first_picture(make_window, monkeypatch):
    from playground.ui.demos.image_demo import ImageDemo

    started = []
    monkeypatch.setattr(ImageDemo, "start_demo", lambda self: started.append(self))
    window = make_window()
    assert window.commands.trigger("demo_image")
    dock = window.demos.docks["demo_image"]
    assert started == [dock.widget()] and dock.windowTitle() == "Image filters"
    assert window.commands.trigger("demo_image") and len(started) == 1  # opened again: shown, not restarted
