#!/usr/bin/env bash
# Crash trials (issue 15): kill -9 `rapport ingest`, `rapport analyze` and `rapport serve` during an
# analyze job at random moments, then check that nothing was lost, no run is mixed, and the next
# commands work. Usage: rapport-bench/scripts/kill-trials.sh [TRIALS=45] [CUSTOMERS=4000] [SEED=1]
# Prints one line per trial and a summary; exits 1 if any trial failed. Each trial works on a copy of
# a base store, so the trials are independent; the kill moment is drawn from the seed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
trials="${1:-45}"; customers="${2:-4000}"; seed="${3:-1}"
work="$(mktemp -d /tmp/rapport-kill.XXXXXX)"
rapport="$root/bin/rapport"
RANDOM=$seed
"$rapport" --version >/dev/null 2>&1 || { echo "cannot run $rapport" >&2; exit 1; }
jar="$root/rapport-cli/target/rapport.jar"
run() { java -jar "$jar" "$@"; }

echo "world: $customers customers, seed $seed, in $work" >&2
run simulate --customers "$customers" --seed "$seed" --out "$work/world" >/dev/null 2>&1 || exit 1
base="$work/base.duckdb"
run analyze "$work/world" --db "$base" --calibration-end 2023-09-30 >/dev/null 2>"$work/base.err" || { cat "$work/base.err"; exit 1; }
# A big extra file for the ingest trials: the world's transactions under new customer ids.
python3 - "$work/world/transactions.csv" "$work/extra.csv" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
with open(src) as f, open(dst, "w") as o:
    header = f.readline(); o.write(header)
    for k in range(6):
        f.seek(0); f.readline()
        for line in f:
            o.write("x%d_" % k + line)
PY
extra_rows=$(( $(wc -l < "$work/extra.csv") - 1 ))
printf 'customer_id,date,amount\nafter_1,2024-01-05,12.5\n' > "$work/next.csv"
mkdir -p "$work/import" && cp "$work/world/transactions.csv" "$work/import/transactions.csv"

count() { run export transactions --format csv --out "$1.count.csv" --db "$1" >/dev/null 2>&1 && echo $(( $(wc -l < "$1.count.csv") - 1 )); }
base_rows=$(count "$base")
pass=0; fail=0
for i in $(seq 1 "$trials"); do
  kind=$(( i % 3 )); db="$work/t$i.duckdb"; rm -f "$db" "$db.wal"; cp "$base" "$db"
  case $kind in
    0) what="ingest"; delay_ms=$(( 200 + RANDOM % 2500 ))
       java -jar "$jar" ingest transactions "$work/extra.csv" --db "$db" >/dev/null 2>&1 & pid=$! ;;
    1) what="analyze"; delay_ms=$(( 500 + RANDOM % 9000 ))
       java -jar "$jar" analyze "$work/world" --db "$db" --calibration-end 2023-09-30 >/dev/null 2>&1 & pid=$! ;;
    2) what="serve job"; delay_ms=$(( 300 + RANDOM % 8000 ))
       token=$(run users add "k$i" --role analyst --token --password-stdin --db "$db" <<<"kill-trial-password-$i" | awk '/^token/ {print $2}')
       port=$(( 20000 + RANDOM % 20000 ))
       java -XX:+UseZGC -jar "$jar" serve --db "$db" --port "$port" --import-dir "$work/import" >"$work/serve$i.log" 2>&1 & pid=$!
       for _ in $(seq 1 100); do grep -q "serving" "$work/serve$i.log" 2>/dev/null && break; sleep 0.1; done
       curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
         -d '{"kind":"analyze","file":"transactions.csv","calibrationEnd":"2023-09-30"}' "http://127.0.0.1:$port/api/v1/jobs" ;;
  esac
  sleep "$(awk -v m=$delay_ms 'BEGIN{printf "%.3f", m/1000}')"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  wal=$([ -f "$db.wal" ] && echo "wal" || echo "no wal")
  # 1) the store opens and is whole: doctor puts back an interrupted job and finds no problem
  doctor=$(run doctor --db "$db" 2>&1); dcode=$?
  # 2) nothing lost: the lines are those before, or before plus the whole file (an ingest is all or nothing)
  rows=$(count "$db")
  ok=1; why=""
  [ $dcode -eq 0 ] || { ok=0; why="doctor: $(echo "$doctor" | grep PROBLEM | head -1)"; }
  if [ "$rows" != "$base_rows" ] && [ "$rows" != "$(( base_rows + extra_rows ))" ]; then ok=0; why="$why rows $rows (before $base_rows)"; fi
  # 3) the next commands work
  run ingest transactions "$work/next.csv" --db "$db" >/dev/null 2>"$work/next$i.err" || { ok=0; why="$why next ingest: $(head -1 "$work/next$i.err")"; }
  run equity --db "$db" >/dev/null 2>"$work/eq$i.err" || { ok=0; why="$why equity: $(head -1 "$work/eq$i.err")"; }
  if [ $kind -ne 0 ]; then
    run analyze "$work/world" --db "$db" --calibration-end 2023-09-30 >/dev/null 2>"$work/re$i.err" || { ok=0; why="$why re-analyze: $(head -1 "$work/re$i.err")"; }
  fi
  rec=$(echo "$doctor" | grep -q "rolled back" && echo ", job rolled back" || echo "")
  if [ $ok -eq 1 ]; then pass=$((pass + 1)); verdict="ok"; else fail=$((fail + 1)); verdict="FAIL $why"; fi
  printf '%3d  %-9s killed after %5d ms (%s%s): %s\n' "$i" "$what" "$delay_ms" "$wal" "$rec" "$verdict"
  rm -f "$db" "$db.wal" "$db.count.csv"
done
echo "kill trials: $pass passed, $fail failed of $trials (ingest, analyze and server jobs in turn)"
rm -rf "$work"
[ $fail -eq 0 ]
