"""The `python -m feedback` command line: the operator's jobs."""
