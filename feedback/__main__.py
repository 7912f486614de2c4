"""`python -m feedback`: the operator's command line."""

import sys

from feedback.cli.main import main

sys.exit(main())
