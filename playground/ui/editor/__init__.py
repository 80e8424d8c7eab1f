"""The editor feature: files and samples, the code editor with its gutter and highlighting, live checking, problems."""

from playground.ui.editor.feature import install

__all__ = ["install"]
