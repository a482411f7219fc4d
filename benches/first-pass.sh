#!/usr/bin/env bash
# The first searches after a start (issue 12): starts the release server on a database that
# `benches/serve.sh` seeded and kept (KEEP=1), then sends the 48 word + place searches of its
# "48 queries" row, none seen before, 16 at once in three waves, and prints how long each wave
# took. wrk's p99 on that row is mostly this first pass (see README, "A place's postings on
# PostgreSQL"); measured alone it compares the two databases without wrk's correction.
#
#   benches/first-pass.sh sqlite DIR        (a copy of a kept SQLite directory: the run writes to it)
#   benches/first-pass.sh postgres DBNAME   (a kept PostgreSQL database)
#
# With CHANGE=1, after the first pass one posting's description is edited in the database
# (which moves the search generation, as any employer's edit does) and the same 48 searches are
# timed again: what the words' reads cost after a change. ANYWHERE=1 drops the places (the
# words' 20 searches across the country, each two or three times).
#
# Environment: PORT (18130), RUNS (1: the server is started afresh for each), CHANGE (0), ANYWHERE (0),
# PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres), BIN (target/release/praktiki).
set -euo pipefail

BACKEND=${1:?sqlite or postgres}
SEEDED=${2:?a seeded directory or database}
PORT=${PORT:-18130}
RUNS=${RUNS:-1}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/target/release/praktiki}
if [ "$BACKEND" = postgres ]; then
    DATABASE_URL="${PG_ADMIN_URL%/*}/$SEEDED"
    DATA_DIR=$(mktemp -d /tmp/praktiki-first-pass.XXXXXX)
else
    DATABASE_URL="sqlite://$SEEDED/bench.db"
    DATA_DIR=$SEEDED
fi
export DATABASE_URL DATA_DIR MODEL_DIR="$ROOT/models/all-MiniLM-L6-v2" RUST_LOG=warn \
    APP_ENV=development HOST=127.0.0.1 BACKUP_INTERVAL_HOURS=0

# The paths of serve.sh's queries.lua, in its order.
words=(python data marketing finance design sql react excel content+writer machine+learning
    social+media tally+gst figma sales supply+chain autocad django power+bi hindi seo)
places=(Pune Bangalore Mumbai Delhi Hyderabad Chennai Gurgaon Kolkata Bombay Jaipur Remote Kochi)
paths=()
for i in "${!words[@]}"; do
    for j in "${!places[@]}"; do
        if (((i + j + 2) % 5 == 0)); then
            if [ "${ANYWHERE:-0}" = 1 ]; then
                paths+=("/internships?q=${words[$i]}")
            else
                paths+=("/internships?q=${words[$i]}&location=${places[$j]}")
            fi
        fi
    done
done

now() { date +%s%N; }
# The 48 searches, 16 at once: "label wave 1 N ms, …".
waves() {
    local line=$1 wave k started loaders
    for wave in 0 1 2; do
        started=$(now)
        loaders=()
        for k in $(seq 0 15); do
            curl -s -o /dev/null "http://127.0.0.1:$PORT${paths[$((wave * 16 + k))]}" &
            loaders+=($!)
        done
        wait "${loaders[@]}"
        line="$line wave $((wave + 1)) $((($(now) - started) / 1000000)) ms,"
    done
    echo "${line%,}"
}
# One posting's description edited, as its employer would (the triggers move the generation).
change_one() {
    local edit="UPDATE internships SET description = description || ' Apply soon.' \
        WHERE id = (SELECT min(id) FROM internships)"
    if [ "$BACKEND" = postgres ]; then
        psql -q "$DATABASE_URL" -c "$edit"
    else
        # Debian's Python links SQLite 3.40, which cannot open an FTS5 table with
        # `contentless_delete` (3.43+); the pysqlite3-binary wheel bundles a newer one.
        python3 -c 'import sys
try:
    import pysqlite3 as sqlite3
except ImportError:
    import sqlite3
c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' \
            "$SEEDED/bench.db" "$edit" || {
            echo "CHANGE=1 on SQLite needs SQLite 3.43+ in Python: pip install pysqlite3-binary" >&2
            exit 1
        }
    fi
}
for run in $(seq 1 "$RUNS"); do
    PORT=$PORT "$BIN" serve >"$DATA_DIR/first-pass-server.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    until curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1; do
        kill -0 "$server" 2>/dev/null || { cat "$DATA_DIR/first-pass-server.log"; exit 1; }
        sleep 0.1
    done
    sleep 3 # the start's own work (the catalogue's refresh, jobs) settles
    waves "run $run:"
    if [ "${CHANGE:-0}" = 1 ]; then
        change_one
        sleep 1
        waves "  after a change:"
    fi
    kill "$server"
    wait "$server" 2>/dev/null || true
done
