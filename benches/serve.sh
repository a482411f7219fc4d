#!/usr/bin/env bash
# Serving benchmark (issue 12): fills a fresh database with `praktiki seed-bench`, starts the
# real release server on it and measures each route with wrk (req/s, p50, p99, non-2xx and
# socket errors).
#
#   benches/serve.sh [INTERNSHIPS] [STUDENTS] [sqlite|postgres]
#   e.g. benches/serve.sh 10000 200 sqlite
#
# Environment: CONNS (16), HEAVY_CONNS (64, the search pages again: no timeout, no 5xx),
# DURATION (10s), THREADS (2), PORT (18080), PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres),
# SIGNED_IN (16: students signed in, one per recommendations request in turn),
# INSTANCES (1; 2 starts a second server on PORT+1 on the same database and drives both at once,
# each with half the connections), APP_CPU (unset; e.g. 0.4 gives each server a CPU quota of 0.4
# of a core in a cgroup of its own — root, cgroup v1 or v2 — so that INSTANCES=2 against
# INSTANCES=1 shows what app instances on machines of their own add on one PostgreSQL: on these
# 2 cores two unlimited servers, PostgreSQL and wrk only take turns), ONLY=REGEX (only the rows whose name matches), KEEP=1 keeps the data directory (and the PostgreSQL database),
# SEEDED=DIR (SQLite: a directory a KEEP=1 run left, reused instead of seeding) or
# SEEDED=DBNAME (PostgreSQL: a database a KEEP=1 run left). Needs the release binary (built if
# missing: ~13 minutes).
set -euo pipefail

N=${1:-1000}
M=${2:-100}
BACKEND=${3:-sqlite}
CONNS=${CONNS:-16}
HEAVY_CONNS=${HEAVY_CONNS:-64}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PASSWORD=bench-password-2026
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/target/release/praktiki}

if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
if [ ! -x "$BIN" ]; then
    (cd "$ROOT" && cargo build --release --bin praktiki)
fi

SEEDED=${SEEDED:-}
ONLY=${ONLY:-}
INSTANCES=${INSTANCES:-1}
SIGNED_IN=${SIGNED_IN:-16}
if [ -n "$SEEDED" ] && [ "$BACKEND" = sqlite ]; then WORK=$SEEDED; else WORK=$(mktemp -d /tmp/praktiki-serve-bench.XXXXXX); fi
SERVERS=()
CGROUPS=()
APP_CPU=${APP_CPU:-}
# Puts process $1 in a CPU cgroup of its own, capped at APP_CPU cores (cgroup v1 or v2).
limit_cpu() {
    local pid=$1 dir quota
    quota=$(awk -v c="$APP_CPU" 'BEGIN {printf "%d", c * 100000}')
    if [ -d /sys/fs/cgroup/cpu ] && [ -w /sys/fs/cgroup/cpu ]; then
        dir=/sys/fs/cgroup/cpu/praktiki-bench-$$-$pid
        mkdir "$dir" && echo 100000 >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us"
    elif [ -f /sys/fs/cgroup/cgroup.controllers ] && [ -w /sys/fs/cgroup ]; then
        dir=/sys/fs/cgroup/praktiki-bench-$$-$pid
        mkdir "$dir" && echo "$quota 100000" >"$dir/cpu.max"
    else
        echo "APP_CPU needs a writable cgroup CPU controller (run as root)" >&2
        exit 1
    fi
    echo "$pid" >"$dir/cgroup.procs"
    CGROUPS+=("$dir")
}
PGDB=${SEEDED:-praktiki_bench_$$}
cleanup() {
    for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    for dir in "${CGROUPS[@]}"; do rmdir "$dir" 2>/dev/null || true; done
    if [ "${KEEP:-0}" != 1 ] && [ -z "$SEEDED" ]; then
        if [ "$BACKEND" = postgres ]; then psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 || true; fi
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

if [ "$BACKEND" = postgres ]; then
    [ -n "$SEEDED" ] || psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE $PGDB" >/dev/null
    DATABASE_URL="${PG_ADMIN_URL%/*}/$PGDB"
else
    DATABASE_URL="sqlite://$WORK/bench.db"
fi
export DATABASE_URL DATA_DIR="$WORK" MODEL_DIR="$ROOT/models/all-MiniLM-L6-v2" \
    PRAKTIKI_BENCH_PASSWORD="$PASSWORD" RUST_LOG=warn APP_ENV=development HOST=127.0.0.1 \
    BACKUP_INTERVAL_HOURS=0

if [ -n "$SEEDED" ]; then
    echo "== reusing the seeded database $SEEDED ($BACKEND)"
    # Each run signs in 17 times from 127.0.0.1; the login limit (30 per address in 15 minutes)
    # is counted in the database, so a second run on it within the window would be refused.
    # (A SQLite run is meant for a fresh copy of the seeded file.)
    if [ "$BACKEND" = postgres ]; then
        psql -q "$DATABASE_URL" -c "DELETE FROM rate_limit_counters" >/dev/null
    fi
else
    echo "== seed-bench: $N internships, $M students on $BACKEND"
    /usr/bin/time -f "seed-bench: %e s wall, %M KB max RSS" \
        "$BIN" seed-bench --internships "$N" --students "$M"
fi

started=$(date +%s.%N)
for i in $(seq 0 $((INSTANCES - 1))); do
    PORT=$((PORT + i)) "$BIN" serve >"$WORK/server-$i.log" 2>&1 &
    SERVERS+=($!)
    if [ -n "$APP_CPU" ]; then limit_cpu "$!"; fi
done
BASE="http://127.0.0.1:$PORT"
elapsed() { awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'; }
until curl -fs "$BASE/health" >/dev/null 2>&1; do
    if ! kill -0 "${SERVERS[0]}" 2>/dev/null; then cat "$WORK/server-0.log"; exit 1; fi
    sleep 0.05
done
# The first recommendations after the start (signing in included: the catalogue loads meanwhile,
# and recommendations answer from the part already read).
first_jar="$WORK/cookies-first"
token=$(curl -s -c "$first_jar" "$BASE/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$first_jar" -c "$first_jar" -o /dev/null -X POST "$BASE/login" \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=student-$((M - 1))@bench.praktiki.invalid" \
    --data-urlencode "password=$PASSWORD"
until [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$first_jar" "$BASE/recommendations")" = 200 ]; do
    if [ "$(elapsed | cut -d. -f1)" -ge 120 ]; then
        echo "no recommendations 120 s after the start: did the sign-in fail? ($WORK/server-0.log)" >&2
        exit 1
    fi
    sleep 0.05
done
echo "first recommendations $(elapsed) s after start"
for i in $(seq 0 $((INSTANCES - 1))); do
    until curl -fs "http://127.0.0.1:$((PORT + i))/ready" >/dev/null 2>&1; do
        if ! kill -0 "${SERVERS[$i]}" 2>/dev/null; then cat "$WORK/server-$i.log"; exit 1; fi
        sleep 0.1
    done
done
echo "ready (catalogue of $N loaded) $(elapsed) s after start"
for pid in "${SERVERS[@]}"; do
    echo "server memory before the runs: $(awk '/VmRSS/ {r = $2} /RssAnon/ {a = $2} /RssFile/ {f = $2} END {printf "%d MB RSS (%d MB anonymous, %d MB file-backed)", r / 1024, a / 1024, f / 1024}' "/proc/$pid/status")"
done

# Signed-in students (the login form's CSRF token, then the session cookies for wrk): one
# cookie per student, used in turn, so recommendations are computed for different profiles.
sign_in() { # student number -> "name=value; …" on stdout
    local jar="$WORK/cookies-$1" token
    token=$(curl -s -c "$jar" "$BASE/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null -X POST "$BASE/login" \
        --data-urlencode "csrf_token=$token" --data-urlencode "email=student-$1@bench.praktiki.invalid" \
        --data-urlencode "password=$PASSWORD"
    awk '!/^#/ && NF >= 7 {printf "%s=%s; ", $6, $7} /^#HttpOnly_/ {printf "%s=%s; ", $6, $7}' "$jar"
}
COOKIE=$(sign_in 0)
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/recommendations")
[ "$status" = 200 ] || { echo "sign-in failed: /recommendations answered $status" >&2; exit 1; }
students=$(( SIGNED_IN < M ? SIGNED_IN : M ))
{
    echo "local cookies = {"
    # Student 0 keeps the session above (the mixed profile's CSRF token belongs to it).
    printf '  "%s",\n' "$COOKIE"
    for s in $(seq 1 $((students - 1))); do printf '  "%s",\n' "$(sign_in "$s")"; done
    cat <<'LUA'
}
local n = 0
request = function()
  n = n + 1
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Cookie"] = cookies[(n % #cookies) + 1]
  return wrk.format("GET", "/recommendations", h)
end
LUA
} >"$WORK/students.lua"

# A few dozen different searches, words and places (aliases included).
cat >"$WORK/queries.lua" <<'LUA'
local words = {"python", "data", "marketing", "finance", "design", "sql", "react", "excel",
  "content writer", "machine learning", "social media", "tally gst", "figma", "sales",
  "supply chain", "autocad", "django", "power bi", "hindi", "seo"}
local places = {"Pune", "Bangalore", "Mumbai", "Delhi", "Hyderabad", "Chennai", "Gurgaon", "Kolkata",
  "Bombay", "Jaipur", "Remote", "Kochi"}
local paths = {}
for i, w in ipairs(words) do
  for j, p in ipairs(places) do
    if (i + j) % 5 == 0 then
      paths[#paths + 1] = "/internships?q=" .. w:gsub(" ", "+") .. "&location=" .. p
    end
  end
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
LUA
# The same searches, each with a random minimum stipend: nearly every request is a filter the
# server has not seen (remembered pages never help; the words' matches are read once).
cp "$WORK/queries.lua" "$WORK/uncached.lua"
cat >>"$WORK/uncached.lua" <<'LUA'
init = function(args)
  math.randomseed(tonumber(tostring({}):match("0x(%x+)") or "1", 16) % 100000)
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1] .. "&min_stipend=" .. math.random(0, 20000))
end
LUA
# Searches nobody asked before: two words drawn from 64 of the postings' words, with a place;
# ~50,000 combinations, so nearly every request asks the full-text index and the model anew
# (the words are embedded and compared with every listed posting).
cat >"$WORK/unseen.lua" <<'LUA'
local words = {"python", "data", "marketing", "finance", "design", "sql", "react", "excel",
  "content", "writing", "machine", "learning", "social", "media", "tally", "gst", "figma", "sales",
  "supply", "chain", "autocad", "django", "power", "bi", "hindi", "seo", "analysis", "research",
  "customer", "reports", "web", "mobile", "android", "java", "testing", "cloud", "aws", "linux",
  "accounts", "audit", "recruitment", "hr", "operations", "logistics", "brand", "campaigns",
  "video", "editing", "photoshop", "illustrator", "ui", "ux", "sketch", "dashboards", "statistics",
  "pandas", "cleaning", "api", "backend", "frontend", "javascript", "english", "communication", "team"}
local places = {"Pune", "Bangalore", "Mumbai", "Delhi", "Hyderabad", "Chennai", "Gurgaon", "Kolkata",
  "Bombay", "Jaipur", "Remote", "Kochi"}
init = function(args)
  math.randomseed(tonumber(tostring({}):match("0x(%x+)") or "1", 16) % 100000)
end
request = function()
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", "/internships?q=" .. q .. "&location=" .. places[math.random(#places)])
end
LUA
# The same without a place (~4,000 combinations, nearly all new in one run): the full-text
# ranking over every posting holding the words, and the words' meaning compared with every
# listed posting.
sed 's|\.\. "&location=" \.\. places\[math.random(#places)\]||' "$WORK/unseen.lua" >"$WORK/unseen-anywhere.lua"
cat >"$WORK/pages.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/internships/" .. ((n * 7919) % $N + 1))
end
LUA

# Mixed profile: 90 % reads (search pages, internship pages) and 10 % writes (a signed-in
# student saving internships, with the form's CSRF token; saving one again writes nothing new).
csrf=$(curl -s -b "$WORK/cookies-0" "$BASE/internships" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
cat >"$WORK/mixed.lua" <<LUA
local n = 0
local reads = {"/internships", "/internships?q=python&location=Pune", "/internships?sort=stipend",
  "/internships?q=marketing", "/internships?location=Bangalore&mode=onsite"}
request = function()
  n = n + 1
  local id = (n * 7919) % $N + 1
  if n % 10 == 0 then
    -- A headers table replaces wrk's (the session cookie, Host): copy them.
    local h = {}
    for k, v in pairs(wrk.headers) do h[k] = v end
    h["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", "/internships/" .. id .. "/save", h,
      "csrf_token=$csrf&back=/saved")
  elseif n % 2 == 0 then
    return wrk.format("GET", "/internships/" .. id)
  end
  return wrk.format("GET", reads[(n % #reads) + 1])
end
-- A save answers 303 (back to the page), which wrk counts as "non-2xx": count real failures.
local threads = {}
setup = function(thread) table.insert(threads, thread) end
response = function(status, headers, body)
  if status >= 400 then failed = (failed or 0) + 1 end
end
done = function(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("failed") or 0) end
  io.write("answers >= 400: " .. n .. "\n")
end
LUA

# The servers' own latency histogram (`/metrics`, every route, summed over the instances):
# "le count" lines, cumulative.
served() {
    local i
    for i in $(seq 0 $((INSTANCES - 1))); do
        curl -s "http://127.0.0.1:$((PORT + i))/metrics" || true
    done | awk '/^praktiki_http_request_duration_seconds_bucket/ {
            match($0, /le="[^"]*"/); n[substr($0, RSTART + 4, RLENGTH - 5)] += $NF
        } END {for (le in n) print le, n[le]}' | LC_ALL=C sort
}
# The bound of the servers' histogram bucket holding the 99th percentile of one row's requests
# (`served` before the row, then now). wrk's p99 is corrected for coordinated omission: each
# request slower than twice the mean interval between a connection's requests adds the samples
# a constant-rate client would have seen while it waited, so a few slow requests (a first
# pass) fill its tail. The servers' own figure counts each request once.
served_p99() { # before
    join <(LC_ALL=C sort <<<"$1") <(served) | sort -g | awk '{le[NR] = $1; n[NR] = $3 - $2}
        END {total = n[NR]; for (i = 1; i <= NR; i++) if (n[i] >= 0.99 * total) {
            printf (le[i] == "+Inf" ? ">5s" : "<=%gms"), le[i] * 1000; exit }}'
}
printf '\n%-52s %6s %10s %9s %9s %7s %7s %10s\n' route conns "req/s" p50 p99 non2xx errors "server p99"
measure() { # name conns url [wrk args…]; with INSTANCES=2 both servers at once, conns split
    local name=$1 conns=$2 url=$3
    shift 3
    if [ -n "$ONLY" ] && ! [[ "$name" =~ $ONLY ]]; then return; fi
    local per=$((conns / INSTANCES)) i loaders=() before
    before=$(served)
    for i in $(seq 0 $((INSTANCES - 1))); do
        wrk -t"$THREADS" -c"$per" -d"$DURATION" --timeout 5s --latency "$@" \
            "${url/:$PORT/:$((PORT + i))}" >"$WORK/wrk-$i.out" 2>&1 &
        loaders+=($!)
    done
    wait "${loaders[@]}" || true
    local rps=0 p50="" p99="" non2xx=0 errors=0 out
    for i in $(seq 0 $((INSTANCES - 1))); do
        out=$(cat "$WORK/wrk-$i.out")
        rps=$(awk -v a="$rps" '/Requests\/sec/ {printf "%.2f", a + $2}' <<<"$out")
        p50="$p50${p50:+/}$(awk '$1 == "50%" {print $2}' <<<"$out")"
        p99="$p99${p99:+/}$(awk '$1 == "99%" {print $2}' <<<"$out")"
        non2xx=$((non2xx + $(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0)))
        errors=$((errors + $(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out" | grep . || echo 0)))
    done
    printf '%-52s %6s %10s %9s %9s %7s %7s %10s\n' "$name" "$conns" "$rps" "$p50" "$p99" "$non2xx" "$errors" "$(served_p99 "$before")"
}
measure "/health" "$CONNS" "$BASE/health"
measure "/internships" "$CONNS" "$BASE/internships"
measure "/internships?q=…&location=… (48 queries)" "$CONNS" "$BASE/internships" -s "$WORK/queries.lua"
measure "/internships?q=…&location=…&min_stipend=(random)" "$CONNS" "$BASE/internships" -s "$WORK/uncached.lua"
measure "/internships?sort=stipend&mode=remote" "$CONNS" "$BASE/internships?sort=stipend&mode=remote"
measure "/recommendations (signed in, $students students in turn)" "$CONNS" "$BASE/recommendations" -s "$WORK/students.lua"
measure "/internships/{id}" "$CONNS" "$BASE/internships/1" -s "$WORK/pages.lua"
measure "mixed: 90 % reads, 10 % saves (non-2xx: the 303s)" "$CONNS" "$BASE/internships" -s "$WORK/mixed.lua" -H "Cookie: $COOKIE"
echo "  mixed, $(grep -h "answers >= 400" "$WORK"/wrk-*.out | awk '{n += $4} END {print "answers >= 400: " n + 0}')"
measure "/internships" "$HEAVY_CONNS" "$BASE/internships"
measure "/internships?q=…&location=… (48 queries)" "$HEAVY_CONNS" "$BASE/internships" -s "$WORK/queries.lua"
# How the searches' meaning was answered so far (`/metrics`, summed over the instances):
# "embedded" while the search waited, "busy" (the model had enough new queries: words alone),
# "late" (not embedded in time), "remembered" / "vector_kept" (asked before).
meaning() {
    local i
    for i in $(seq 0 $((INSTANCES - 1))); do
        curl -s "http://127.0.0.1:$((PORT + i))/metrics" || true
    done | awk -F'[{}"]' '/^praktiki_search_meaning_total/ {n[$3] += $5} END {for (k in n) print k, n[k]}'
}
# The change in those counts over one row: "answer count, …".
meaning_since() { # before-counts
    join -a2 -e0 -o 0,1.2,2.2 <(sort <<<"$1") <(meaning | sort) |
        awk '$3 - $2 > 0 {printf "%s%s %d", sep, $1, $3 - $2; sep = ", "} END {print ""}'
}
# Last: their thousands of new queries would push the 48 out of the query cache.
before=$(meaning)
measure "/internships?q=(2 of 64 words)&location=… (unseen)" "$CONNS" "$BASE/internships" -s "$WORK/unseen.lua"
echo "  meaning: $(meaning_since "$before")"
before=$(meaning)
measure "/internships?q=(2 of 64 words) (unseen, anywhere)" "$CONNS" "$BASE/internships" -s "$WORK/unseen-anywhere.lua"
echo "  meaning: $(meaning_since "$before")"
echo
for pid in "${SERVERS[@]}"; do
    echo "server memory after the runs: $(awk '/VmRSS/ {r = $2} /RssAnon/ {a = $2} /RssFile/ {f = $2} END {printf "%d MB RSS (%d MB anonymous, %d MB file-backed)", r / 1024, a / 1024, f / 1024}' "/proc/$pid/status")"
done
if grep -q "database is locked" "$WORK"/server-*.log; then echo "server log: 'database is locked' seen"; fi
