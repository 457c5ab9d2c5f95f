"""`python -m handout` runs the command-line interface."""
from handout.cli import main

main()
