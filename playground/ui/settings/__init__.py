"""The Settings dialog (Edit > Settings, Ctrl+,): the limits and the engine of the window's runs."""
