"""`python -m pipeline` does what the `plan-report` command does."""
from .cli import main

main()
