"""`python -m feedback`: the operator's command line."""

import sys

from feedback.cli import main

sys.exit(main())
