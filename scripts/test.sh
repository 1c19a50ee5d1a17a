#!/usr/bin/env bash
# Install kefu-desktop with its test and PostgreSQL extras into .venv, make sure a PostgreSQL
# server runs on this machine for the database tests, and run the whole test suite.
# Extra arguments go to pytest. Set KEFU_TEST_PG_URL to use another PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test,postgresql

if [ -z "${KEFU_TEST_PG_URL:-}" ]; then
  source scripts/local-postgresql.sh
  KEFU_TEST_PG_URL="$(start_local_postgresql kefu_test)"
  export KEFU_TEST_PG_URL
fi

export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
