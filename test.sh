#!/usr/bin/env bash
# Run every test of every AMARC addon (and of tests/) on a throwaway database.
exec python3 "$(dirname "$0")/tools/amarc.py" test "$@"
