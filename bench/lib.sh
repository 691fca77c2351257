# Shared parts of the end-to-end benchmarks (bench/run.sh, bench/run-import.sh); sourced, not run.
# A throwaway work dir, a throwaway PostgreSQL cluster from the local binaries (initdb/pg_ctl, default durability), the
# service published in Release and started in Production against a database URL, a registered user, wrk helpers.
# Everything started here is stopped, and the work dir removed, when the sourcing script exits.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -d "$PG_BIN" ] && PATH="$PG_BIN:$PATH"

# bench_init NAME: the work dir, random ports, the exit trap. Idempotent (run.sh and the scripts it sources share one).
bench_init() {
  [ -n "${WORK:-}" ] && return 0
  WORK=$(mktemp -d "/tmp/fininfra-bench-$1.XXXXXX")
  PGPORT=$((21000 + RANDOM % 9000)); APIPORT=$((31000 + RANDOM % 9000)); BAREPORT=$((41000 + RANDOM % 9000))
  API_PID=; BARE_PID=; PG_STARTED=
  B="http://127.0.0.1:$APIPORT"; BARE="http://127.0.0.1:$BAREPORT"
  TABLE="$WORK/table.md"; : > "$TABLE"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  # One set of keys for every start of the service in this run, so a token stays valid across restarts.
  export Encryption__Keys__bench=${Encryption__Keys__bench:-$(head -c 32 /dev/urandom | base64)}
  export Jwt__SigningKey=${Jwt__SigningKey:-$(head -c 48 /dev/urandom | base64)}
  trap bench_cleanup EXIT
  # As root (containers), the cluster runs as the postgres user, as the tests' PostgresCluster does.
  [ "$(id -u)" = 0 ] && chown postgres "$WORK" && chmod 777 "$WORK"
  return 0
}

bench_cleanup() {
  set +e  # every step runs, whatever the one before it returned
  api_stop; bare_stop
  [ -n "${PG_STARTED:-}" ] && pg pg_ctl -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}

now() { date +%s.%N; }
log() { echo "[$(date +%T)] $*" >&2; }
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# pg_start: the cluster and an empty database fininfra; PSQL is the client command (add -d DB).
pg_start() {
  [ -n "${PG_STARTED:-}" ] && return 0
  log "PostgreSQL cluster on port $PGPORT, work dir $WORK"
  pg initdb -D "$WORK/pg" -A trust -U postgres -E UTF8 >/dev/null
  pg pg_ctl -D "$WORK/pg" -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" -l "$WORK/pg.log" -w start >/dev/null
  PG_STARTED=1
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
  "${PSQL[@]}" -c "CREATE DATABASE fininfra" >/dev/null
  PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/fininfra"
  PG_CS="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=fininfra"
}

# publish_api: the service in Release, once per work dir.
publish_api() {
  [ -f "$WORK/api/FinInfra.Api.dll" ] && return 0
  # BENCH_PUBLISHED=DIR: reuse DIR/api (a publish of this same tree), to iterate on the scripts.
  if [ -n "${BENCH_PUBLISHED:-}" ] && [ -f "$BENCH_PUBLISHED/api/FinInfra.Api.dll" ]; then cp -r "$BENCH_PUBLISHED/api" "$WORK/api"; return 0; fi
  log "publishing the service (Release)"
  dotnet publish "$BENCH_ROOT/src/Api" -c Release -o "$WORK/api" ${BENCH_PUBLISH_ARGS:-} >"$WORK/publish.log" 2>&1 || { tail -30 "$WORK/publish.log"; return 1; }
}

# The service's Production settings: fresh keys, the local proxy trusted (the requests say X-Forwarded-Proto: https).
api_env() {
  export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$APIPORT"
  # Tokens outlive the run (15 minutes by default, 60 at most): a figure must never be of 401s.
  export Jwt__AccessTokenMinutes=60
  export Encryption__ActiveKeyId=bench Https__Mode=proxy ReverseProxy__KnownProxies__0=127.0.0.1 AllowedHosts=127.0.0.1 Logging__LogLevel__Default=Warning
}

# api_upgrade URL: migrates the database at URL with the published service's db command.
api_upgrade() { (api_env; export SQL_URL="$1"; cd "$WORK" && dotnet "$WORK/api/FinInfra.Api.dll" db upgrade >/dev/null); }

# api_start URL [VAR=value…]: the published service on URL (extra environment, e.g. DOTNET_gcServer=0), ready.
api_start() {
  local url=$1; shift
  api_stop
  (api_env; export SQL_URL="$url"; for kv in "$@"; do export "${kv?}"; done; cd "$WORK" && exec dotnet "$WORK/api/FinInfra.Api.dll" >"$WORK/api.log" 2>&1) & API_PID=$!
  wait_ready "$B/health/ready" "$API_PID" "$WORK/api.log"
}
api_stop() { if [ -n "${API_PID:-}" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; API_PID=; fi; return 0; }

wait_ready() {
  for _ in $(seq 1 240); do curl -sf "$1" >/dev/null && return 0; kill -0 "$2" 2>/dev/null || { tail -20 "$3" >&2; return 1; }; sleep 0.25; done
  echo "not ready: $1" >&2; return 1
}

# call METHOD PATH [curl args…]: one request to the service as the proxy forwards it.
call() { local m=$1 p=$2; shift 2; curl -sf -H 'X-Forwarded-Proto: https' -X "$m" "$B$p" "$@"; }

# api_user EMAIL: registers EMAIL and signs in; sets TOKEN and AUTH.
api_user() {
  local body="{\"email\":\"$1\",\"password\":\"correct horse battery staple\"}"
  call POST /api/v1/auth/register -H 'Content-Type: application/json' -d "$body" >/dev/null
  TOKEN=$(call POST /api/v1/auth/login -H 'Content-Type: application/json' -d "$body" | jq -r .accessToken)
  AUTH="Authorization: Bearer $TOKEN"
}

# api_account NAME: a manual account of the signed-in user; prints its id.
api_account() {
  local conn; conn=$(call POST /api/v1/bank-connections -H "$AUTH" -H 'Content-Type: application/json' -d "{\"provider\":\"manual\",\"institutionName\":\"$1\"}" | jq -r .id)
  call POST "/api/v1/bank-connections/$conn/accounts" -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"type\":\"depository\",\"subtype\":\"checking\",\"balance\":0}" | jq -r .id
}

# row WHAT SERVICE BASELINE RATIO: one line of the printed table.
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" | tee -a "$TABLE" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }

# wrk_run OUT URL CONNECTIONS SECONDS [HEADER]: wrk with its latency distribution, the header set by a small Lua script.
wrk_run() {
  local out=$1 url=$2 c=$3 d=$4 header=${5:-}
  local lua="$WORK/wrk-$RANDOM.lua"
  if [ -n "$header" ]; then
    printf 'wrk.headers["%s"] = "%s"\nwrk.headers["X-Forwarded-Proto"] = "https"\n' "${header%%: *}" "${header#*: }" > "$lua"
  else
    printf 'wrk.headers["X-Forwarded-Proto"] = "https"\n' > "$lua"
  fi
  wrk -t1 -c"$c" -d"${d}s" --timeout 10s --latency -s "$lua" "$url" > "$out" 2>&1 || { cat "$out" >&2; return 1; }
  if grep -q "Non-2xx\|Socket errors" "$out"; then echo "wrk: non-2xx answers from $url" >&2; cat "$out" >&2; return 1; fi
}
# wrk_warm URL CONNECTIONS SECONDS [HEADER]: load that only warms (JIT, pools); its figures and errors are not kept.
wrk_warm() { wrk_run "$WORK/warm-$RANDOM.txt" "$@" 2>/dev/null || true; }
# pair ROUNDS SECONDS CONNECTIONS URL_A HEADER_A URL_B: wrk on A, then on B, ROUNDS times in turn, so that the
# machine's load (2 shared cores) falls on both alike; sets A_P50 B_P50 (ms) and A_RPS B_RPS, each the median of its rounds.
pair() {
  local rounds=$1 d=$2 c=$3 a=$4 ha=$5 b=$6 pa="" pb="" ra="" rb=""
  for _ in $(seq 1 "$rounds"); do
    wrk_run "$WORK/pa.txt" "$a" "$c" "$d" "$ha"; pa="$pa $(wrk_p50 "$WORK/pa.txt")"; ra="$ra $(wrk_rps "$WORK/pa.txt")"
    wrk_run "$WORK/pb.txt" "$b" "$c" "$d"; pb="$pb $(wrk_p50 "$WORK/pb.txt")"; rb="$rb $(wrk_rps "$WORK/pb.txt")"
  done
  A_P50=$(median $pa); B_P50=$(median $pb); A_RPS=$(median $ra); B_RPS=$(median $rb)
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'; }
# wrk_p50 FILE: the median latency in ms; wrk_rps FILE: requests/s.
wrk_p50() { awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.3f", v }' "$1"; }
wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }

# rss_mb PID FIELD: VmRSS or VmHWM of a process in MB.
rss_mb() { awk -v f="$2:" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# same_answer SERVICE_PATH BARE_URL: the service's page items (with $AUTH) and the bare endpoint's are the same JSON.
same_answer() {
  local service bare
  service=$(call GET "$1" -H "$AUTH" | jq -S -c .items) && bare=$(curl -sf "$2" | jq -S -c .items) \
    && [ -n "$service" ] && [ "$service" != null ] && [ "$service" = "$bare" ] \
    || { echo "the bare endpoint's answer differs from the service's: $1 against $2" >&2; return 1; }
}

# The bare endpoint (bench/BareEndpoint): the hand-written queries on Npgsql and Microsoft.Data.Sqlite, nothing else.
publish_bare() {
  [ -f "$WORK/bare/FinInfra.BareEndpoint.dll" ] && return 0
  log "publishing the bare endpoint (Release)"
  dotnet publish "$BENCH_ROOT/bench/BareEndpoint" -c Release -o "$WORK/bare" >"$WORK/publish-bare.log" 2>&1 || { tail -30 "$WORK/publish-bare.log"; return 1; }
}
# bare_start [VAR=value…]: BARE_POSTGRES / BARE_SQLITE name the databases.
bare_start() {
  bare_stop
  (for kv in "$@"; do export "${kv?}"; done; export ASPNETCORE_URLS="$BARE" Logging__LogLevel__Default=Warning; exec dotnet "$WORK/bare/FinInfra.BareEndpoint.dll" >"$WORK/bare.log" 2>&1) & BARE_PID=$!
  wait_ready "$BARE/health" "$BARE_PID" "$WORK/bare.log"
}
bare_stop() { if [ -n "${BARE_PID:-}" ]; then kill "$BARE_PID" 2>/dev/null || true; wait "$BARE_PID" 2>/dev/null || true; BARE_PID=; fi; return 0; }
