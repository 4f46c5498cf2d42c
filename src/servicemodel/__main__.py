"""``python -m servicemodel`` runs the command line."""

import sys

from servicemodel.cli import main

sys.exit(main())
