"""`python -m tutor` runs the same command line as `gd-tutor`."""

from gd_tutor import main

raise SystemExit(main())
