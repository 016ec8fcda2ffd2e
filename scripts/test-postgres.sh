#!/usr/bin/env bash
# Runs the suite again on PostgreSQL when TEST_DATABASE_URL is set or 127.0.0.1:5432 answers.
# With CI=true a missing PostgreSQL is a failure, not a skip.
set -euo pipefail
url=${TEST_DATABASE_URL:-}
if [ -z "$url" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    url="postgresql+psycopg://postgres@127.0.0.1:5432/test"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but PostgreSQL does not answer on 127.0.0.1:5432 and TEST_DATABASE_URL is unset." >&2
    exit 1
  else
    echo "PostgreSQL not reachable: the PostgreSQL run is SKIPPED (set TEST_DATABASE_URL to run it)." >&2
    exit 0
  fi
fi
echo "Running the suite on PostgreSQL ($url; each run uses a fresh database it creates and drops)"
TEST_DATABASE_URL="$url" "$@"
