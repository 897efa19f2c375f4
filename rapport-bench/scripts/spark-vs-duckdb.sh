#!/usr/bin/env bash
# The Spark job in local mode against the DuckDB pipeline on the same simulated transactions (Parquet),
# in the same run, with wall time and peak memory from /usr/bin/time -v.
#
#   rapport-bench/scripts/spark-vs-duckdb.sh CUSTOMERS [WORKDIR] [SPARK_MASTER]
#
# RAPPORT_SIM_OPTS passes options to `rapport simulate`, e.g. "--purchase-model 0.4,2.5,0.5,4.0" for about
# ten transaction lines per customer (10M customers -> about 100M lines) instead of the CDNOW-like four.
#
# Writes WORKDIR/results.txt: per path wall seconds, peak RSS, the ratios Spark / DuckDB, Spark's shuffle per
# stage, and `rapport load-results` of the Spark run into a store of its own (then report and doctor on it).
# Both analyses use the simulator's calibration end (2023-09-30), the automatic model choice and the
# other defaults. The DuckDB figure includes its ingest of the Parquet file (its reading), the Spark
# figure includes its reading of the same file: each path from the same file to scores on disk.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:?customers}"
work="${2:-/tmp/rapport-bench-$n}"
master="${3:-local[*]}"
mkdir -p "$work"
cd "$root"
# Build both jars first, so no build lands inside a timed run.
bin/rapport --version >/dev/null
bin/rapport spark --version >/dev/null
if [ ! -f "$work/world/transactions.parquet" ]; then
  /usr/bin/time -v -o "$work/simulate.time" bin/rapport simulate --customers "$n" --seed 42 --parquet ${RAPPORT_SIM_OPTS:-} --out "$work/world" >/dev/null
fi
rm -rf "$work/bench.duckdb" "$work/bench.duckdb.wal" "$work/spark-out"
/usr/bin/time -v -o "$work/duckdb.time" bin/rapport analyze "$work/world/transactions.parquet" --db "$work/bench.duckdb" \
  --calibration-end 2023-09-30 --report "$work/report.html" >"$work/duckdb.log" 2>&1
/usr/bin/time -v -o "$work/spark.time" bin/rapport spark analyze --input "$work/world/transactions.parquet" \
  --out "$work/spark-out" --calibration-end 2023-09-30 --master "$master" >"$work/spark.log" 2>&1
# The Spark run back into a store of its own: the report and doctor must accept it.
rm -rf "$work/spark.duckdb" "$work/spark.duckdb.wal"
/usr/bin/time -v -o "$work/load.time" bin/rapport load-results "$work/spark-out" --db "$work/spark.duckdb" >"$work/load.log" 2>&1
bin/rapport report --db "$work/spark.duckdb" --out "$work/spark-report.html" >>"$work/load.log" 2>&1
bin/rapport doctor --db "$work/spark.duckdb" >>"$work/load.log" 2>&1
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
lines=$(grep -o '^[0-9,]* lines read' "$work/spark.log" | tr -d ', a-z')
{
  echo "customers $n, transaction lines $lines, master $master, $(nproc) cores, $(date -u +%FT%TZ)"
  echo "duckdb: wall $(wall "$work/duckdb.time") s, peak RSS $(rss "$work/duckdb.time") MB"
  echo "spark:  wall $(wall "$work/spark.time") s, peak RSS $(rss "$work/spark.time") MB"
  echo "load-results: wall $(wall "$work/load.time") s, peak RSS $(rss "$work/load.time") MB; $(tail -1 "$work/load.log")"
  awk -v sw="$(wall "$work/spark.time")" -v dw="$(wall "$work/duckdb.time")" -v sr="$(rss "$work/spark.time")" -v dr="$(rss "$work/duckdb.time")" \
    'BEGIN { printf "ratio spark/duckdb: wall %.2f, peak RSS %.2f\n", sw / dw, sr / dr }'
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print("spark stages (s):", {k: round(v, 1) for k, v in d["stageSeconds"].items()}); print("spark shuffle written (bytes, records):", {k: (v["bytes"], v["records"]) for k, v in d["shuffleWritten"].items()}); print("partitions", d.get("partitions"), "customers", d["customers"], "calibration distinct rows", d["calibrationDistinctRows"], "final distinct rows", d["finalDistinctRows"], "spend rows", d.get("spendDistinctRows"))' "$work/spark-out/analysis.json" || true
} | tee "$work/results.txt"
