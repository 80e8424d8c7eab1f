"""The GPU feature: the WGSL runner for WGSL tabs and the dispatch stepper, under the GPU menu."""

from playground.ui.gpu.feature import install

__all__ = ["install"]
