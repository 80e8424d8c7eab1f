"""The Demos menu: each demo opens as a page (a tab of the central area) with the window's room; one that cannot load says why."""

from __future__ import annotations


def test_a_demo_that_cannot_load_reports_instead_of_crashing(make_window):
    window = make_window()
    assert window.demos.open("demo_x", "playground.ui.no_such_demo", "Nothing", "Nothing") is None
    assert "the Nothing demo cannot start" in window.console.text()


def test_demos_open_as_pages_with_the_window_s_room(qtbot, make_window):
    window = make_window()
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    fib = window.open_file(__import__("pathlib").Path(__file__).resolve().parents[3] / "samples" / "fib.wat")
    first = window.demos.open("demo_a", "playground.ui.console", "ConsolePanel", "Demo A")  # any light widget
    second = window.demos.open("demo_b", "playground.ui.console", "ConsolePanel", "Demo B")
    qtbot.wait(10)
    assert window.current_page() is second and window.current_buffer() is None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["fib.wat", "Demo A", "Demo B"]
    assert window.layouts.current == "demo"
    assert not any(dock.isVisible() for dock in window.docks.values())  # the debugger's panels and the console make way
    assert second.width() > window.width() * 0.9 and second.height() > window.height() * 0.7
    assert window.demos.open("demo_a", "playground.ui.console", "ConsolePanel", "Demo A") is first  # shown again
    assert window.current_page() is first
    window.tabs.setCurrentWidget(fib.editor)  # the Wasm layout is back as it was
    assert window.layouts.current == "wasm" and window.docks["stack"].isVisible() and window.docks["console"].isVisible()


def test_closing_a_demo_tab_forgets_it(qtbot, make_window):
    window = make_window()
    first = window.demos.open("demo_a", "playground.ui.console", "ConsolePanel", "Demo A")
    assert window.commands.trigger("close_tab")
    assert window.tabs.count() == 0 and "demo_a" not in window.demos.pages
    again = window.demos.open("demo_a", "playground.ui.console", "ConsolePanel", "Demo A")
    assert again is not first and window.current_page() is again


def test_the_menu_starts_the_demos_that_have_a_first_picture(make_window, monkeypatch):
    from playground.ui.demos.image_demo import ImageDemo

    started = []
    monkeypatch.setattr(ImageDemo, "start_demo", lambda self: started.append(self))
    window = make_window()
    assert window.commands.trigger("demo_image")
    view = window.demos.pages["demo_image"]
    assert started == [view] and window.tabs.tabText(window.tabs.currentIndex()) == "Image filters"
    assert window.commands.trigger("demo_image") and len(started) == 1  # opened again: shown, not restarted
