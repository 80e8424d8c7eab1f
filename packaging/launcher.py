"""The standalone application's entry point (PyInstaller runs this file as __main__)."""

import sys

from playground.cli import main

if __name__ == "__main__":
    sys.exit(main())
