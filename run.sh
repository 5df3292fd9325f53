#!/usr/bin/env bash
# Serve the AMARC product on http://127.0.0.1:8069 (database "amarc", login admin / admin).
exec python3 "$(dirname "$0")/tools/amarc.py" run "$@"
