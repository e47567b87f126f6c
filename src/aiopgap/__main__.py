"""``python -m aiopgap``: the command line, with Ctrl-C while it loads ending as quietly as Ctrl-C later."""

import sys

try:
    from aiopgap.cli import main
except KeyboardInterrupt:  # pressed while the command line was still being imported: no traceback
    print("\nInterrupted.", file=sys.stderr)
    sys.exit(130)

main()
