"""The Qt desktop playground: views render snapshots and send commands; no engine logic here.

A small core (main_window.py, command_registry.py, layouts.py, screen_fit.py,
runners.py, console.py, theme.py, help.py, lesson.py, app.py) and one folder
per feature, each added by its `install(window)`: editor/, debugger/, gpu/,
demos/. Widgets more than one feature shows live in widgets/; the logic that
needs no Qt lives in playground/workbench/.
"""
