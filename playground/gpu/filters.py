"""Sample 3x3 filters for `conv2d`: the ones the GUI's image demo offers."""

from __future__ import annotations

import numpy as np

#: Averages each pixel with its 8 neighbours: a soft blur.
BOX_BLUR = np.full((3, 3), 1.0 / 9.0, dtype=np.float32)

#: The 8-neighbour Laplacian: zero on flat regions, large where intensity changes (edges).
EDGE = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float32)

FILTERS: dict[str, np.ndarray] = {"box_blur": BOX_BLUR, "edge": EDGE}
