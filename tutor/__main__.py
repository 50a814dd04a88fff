"""`python -m tutor` runs the same command line as `gd-tutor`."""

from tutor.cli import main

raise SystemExit(main())
