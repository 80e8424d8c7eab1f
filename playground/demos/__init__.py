"""Demos built on the engine and the GPU backend: the digit classifier, the image filters. No Qt."""
