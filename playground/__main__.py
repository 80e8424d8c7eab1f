"""`python -m playground` does what the `wasm-playground` command does."""

import sys

from playground.cli import main

sys.exit(main())
