"""Build the patient handouts: `python build.py --help` lists the options."""

import sys
from pathlib import Path

from clearprint.cli import main

if __name__ == "__main__":
    sys.exit(main(project=Path(__file__).resolve().parent))
