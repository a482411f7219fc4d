#!/usr/bin/env bash
# The whole test suite, on SQLite and on PostgreSQL: `./scripts/test.sh` (extra args go to cargo test).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth); start it if it is down.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "test: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "test: PostgreSQL is not reachable on 127.0.0.1:5432; the PostgreSQL half of the suite cannot run" >&2
  exit 1
fi
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

# The black-box tests mostly wait on sockets, databases and disks, not on the 2 cores: four at a
# time keep a fresh clone's run well inside CI's budget (override with RUST_TEST_THREADS).
export RUST_TEST_THREADS="${RUST_TEST_THREADS:-4}"
cargo test --workspace --locked "$@"
