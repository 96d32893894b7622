"""``python -m syria_is_2024``: the command line, as the ``syria-is-2024`` script runs it."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
