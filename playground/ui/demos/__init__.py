"""The demos feature: the Compare charts, the image filters and the digit classifier, under the Demos menu."""

from playground.ui.demos.feature import install

__all__ = ["install"]
