"""`python -m pipeline` does what the `plan-report` command does."""
from pipeline.cli import main

main()
