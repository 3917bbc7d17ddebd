"""The commands of `build.py`, one module each: its options (`add`), what it refuses (`usage`)
and what it does (`run`). Each imports the build only when it runs, so that `build.py --help`
and a build with nothing to do stay fast."""
