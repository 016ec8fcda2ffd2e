#!/usr/bin/env bash
# One request = one transaction: only views (views.py, *_views.py, views/*.py) and CLI commands
# may commit (STYLE.md section 5).
set -euo pipefail
found=$(git grep -n "session.commit" -- app/ | grep -v -E "/([a-z_]+_)?views\.py:|/cli\.py:|/views/[a-z_]+\.py:" || true)
if [ -n "$found" ]; then
  echo "session.commit() outside views and CLI commands:" >&2
  echo "$found" >&2
  exit 1
fi
