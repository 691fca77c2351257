#!/usr/bin/env bash
# Issue 10's import rows: 100k transactions through HTTP (the streaming NDJSON route, Release build) against a binary
# COPY (psql \copy … WITH (FORMAT binary)) of the same rows into the same table, in the same run, on a throwaway
# PostgreSQL cluster from the local binaries (initdb/pg_ctl, default durability); then a re-import of the unchanged rows,
# and the same number of new rows sent by 2 concurrent clients (half each, two accounts).
# Usage: bench/run-import.sh [rows]   (default 100000). bench/run.sh sources this file and calls bench_import.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ndjson_rows N PREFIX: N import lines (the same shape as the COPY rows below).
ndjson_rows() {
  awk -v n="$1" -v p="$2" 'BEGIN { for (i = 0; i < n; i++) {
    printf "{\"transactionId\":\"%s-%07d\",\"amount\":%.2f,\"date\":\"2026-%02d-%02d\",\"name\":\"Card payment %d\",\"merchantName\":\"Shop %d\",\"category\":\"Food\",\"pending\":false}\n",
      p, i, -(1 + (i * 37) % 50000) / 100, i % 12 + 1, i % 28 + 1, i, i % 500 } }'
}

# bench_import ROWS: needs pg_start, publish_api and a running service on PG_URL with a signed-in user (api_user).
bench_import() {
  local rows=$1 rounds=${BENCH_IMPORT_ROUNDS:-3}
  local r user_id copy_accounts=() http_accounts=()
  for r in $(seq 1 "$rounds"); do copy_accounts+=("$(api_account "copy-$r")"); http_accounts+=("$(api_account "http-$r")"); done
  user_id=$("${PSQL[@]}" -At -d fininfra -c "SELECT user_id FROM accounts WHERE id = '${copy_accounts[0]}'")

  log "generating $rows rows, $rounds rounds"
  ndjson_rows "$rows" bench > "$WORK/rows.ndjson"
  # The same rows as the COPY baseline loads them: every column of the table, the values the service stores. One file
  # per round (its own ids and account), so that each round's COPY inserts as many new rows as its HTTP import.
  "${PSQL[@]}" -d fininfra -c "CREATE UNLOGGED TABLE bench_rows AS SELECT * FROM transactions WHERE false" >/dev/null
  for r in $(seq 1 "$rounds"); do
    awk -v n="$rows" -v r="$r" -v u="$user_id" -v a="${copy_accounts[$((r - 1))]}" 'BEGIN { for (i = 0; i < n; i++) {
      printf "%s\t%s\t%s\tbench-%07d\t%.4f\tUSD\t2026-%02d-%02d\tCard payment %d\tShop %d\tFood\tfood\tstandard\t\\N\tf\timport\tCard payment %d\tShop %d\tFood\tstandard\t0\t\\N\t2026-12-01 00:00:00+00\t2026-12-01 00:00:00+00\n",
        sprintf("%08x-%04x-7000-8000-%012x", i, r, i), u, a, i, -(1 + (i * 37) % 50000) / 100, i % 12 + 1, i % 28 + 1, i, i % 500, i, i % 500 } }' > "$WORK/rows.tsv"
    "${PSQL[@]}" -d fininfra -c "TRUNCATE bench_rows" -c "\\copy bench_rows ($TRANSACTION_COLUMNS) FROM '$WORK/rows.tsv'" >/dev/null
    "${PSQL[@]}" -d fininfra -c "\\copy bench_rows ($TRANSACTION_COLUMNS) TO '$WORK/rows-$r.bin' WITH (FORMAT binary)" >/dev/null
  done
  "${PSQL[@]}" -d fininfra -c "DROP TABLE bench_rows" >/dev/null

  import() { call POST "/api/v1/accounts/$1/transactions/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary "@$2"; }
  # Warm the process (JIT, pools) with a small file into another account.
  head -n 2000 "$WORK/rows.ndjson" > "$WORK/warm.ndjson"
  import "$(api_account warm)" "$WORK/warm.ndjson" >/dev/null

  # Rounds alternate the baseline and the service (COPY, then HTTP), each into accounts of its own, so a pause of the
  # machine or the table's growth falls on both; the rows are the medians of the rounds' rates.
  log "import: $rounds rounds of binary COPY, then HTTP; then the unchanged re-import"
  # Every measured step starts after an ANALYZE (not timed), so that the planner sees the rows the step before loaded, as
  # it would in a running database within a minute (autovacuum). Without statistics, the first round's transfer lookups
  # (TransferCandidatesSpec) read the user's 100,000 COPY rows once per 500 amounts instead of probing the amount index:
  # 1,100 rows/s instead of 30,000 (docs/database.md, troubleshooting). A CHECKPOINT before each step was tried and
  # dropped: each step then paid full-page writes for every page it touched (COPY 30,000–32,000 rows/s against
  # 42,000–45,000), which is not a running database's steady state either.
  analyze() { "${PSQL[@]}" -d fininfra -c "ANALYZE transactions" >/dev/null; }
  local t0 t1 t2 t3 t4 t5 t6 t7 first again copies="" https=""
  for r in $(seq 1 "$rounds"); do
    analyze
    t0=$(now); "${PSQL[@]}" -d fininfra -c "\\copy transactions ($TRANSACTION_COLUMNS) FROM '$WORK/rows-$r.bin' WITH (FORMAT binary)" >/dev/null; t1=$(now)
    analyze
    t2=$(now); first=$(import "${http_accounts[$((r - 1))]}" "$WORK/rows.ndjson"); t3=$(now)
    [ "$(echo "$first" | jq .inserted)" = "$rows" ] || { echo "the import did not store what it was sent" >&2; return 1; }
    copies="$copies $(echo "$rows / ($t1 - $t0)" | bc -l)"; https="$https $(echo "$rows / ($t3 - $t2)" | bc -l)"
    log "round $r: COPY $(printf '%.0f' "${copies##* }") rows/s, HTTP $(printf '%.0f' "${https##* }") rows/s $(echo "$first" | jq -c '{inserted, updated, unchanged, rejectedCount}')"
  done
  local http_account=${http_accounts[0]}
  analyze
  t4=$(now); again=$(import "$http_account" "$WORK/rows.ndjson"); t5=$(now)
  log "re-import:    $(echo "$again" | jq -c '{inserted, updated, unchanged, rejectedCount}')"
  [ "$(echo "$again" | jq .unchanged)" = "$rows" ] || { echo "the re-import did not find its rows unchanged" >&2; return 1; }

  # Two clients at once, each half of the rows (new ones) into its own account.
  local half=$((rows / 2)) a1 a2
  ndjson_rows "$half" two-a > "$WORK/two-a.ndjson"; ndjson_rows "$half" two-b > "$WORK/two-b.ndjson"
  a1=$(api_account two-a); a2=$(api_account two-b)
  analyze
  t6=$(now)
  import "$a1" "$WORK/two-a.ndjson" > "$WORK/two-a.json" & local p1=$!
  import "$a2" "$WORK/two-b.ndjson" > "$WORK/two-b.json" & local p2=$!
  wait "$p1"; wait "$p2"; t7=$(now)
  [ "$(jq .inserted "$WORK/two-a.json")" = "$half" ] && [ "$(jq .inserted "$WORK/two-b.json")" = "$half" ] || { echo "a concurrent import did not store its rows" >&2; return 1; }

  local copy http re two
  copy=$(median $copies); http=$(median $https)
  re=$(echo "$rows / ($t5 - $t4)" | bc -l); two=$(echo "2 * $half / ($t7 - $t6)" | bc -l)
  row "import $rows transactions, one streaming NDJSON request (median of $rounds rounds)" "$(printf '%.0f' "$http") rows/s" "binary COPY of the same rows: $(printf '%.0f' "$copy") rows/s" "$(ratio "$http" "$copy")"
  row "re-import of the $rows unchanged rows" "$(printf '%.0f' "$re") rows/s" "" "$(ratio "$re" "$copy")"
  row "$rows new rows from 2 concurrent clients ($half each)" "$(printf '%.0f' "$two") rows/s" "" "$(ratio "$two" "$copy")"
}

# Every column of transactions that an import writes (the rest keep their defaults).
TRANSACTION_COLUMNS="id, user_id, account_id, transaction_id, amount, currency, date, name, merchant_name, category, category_key, kind, note, pending, source, source_name, source_merchant_name, source_category, source_kind, edited_fields, counterpart_id, created_at, updated_at"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  bench_init import
  pg_start
  publish_api
  api_upgrade "$PG_URL"
  api_start "$PG_URL"
  api_user bench@example.com
  bench_import "${1:-100000}"
  echo; printf '| what | service | baseline | ratio |\n| --- | ---: | ---: | ---: |\n'; cat "$TABLE"
fi
