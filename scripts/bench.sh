#!/usr/bin/env bash
# Benchmarks: scripts/bench.sh ingest|queries|lifecycle [--rows N] [--runs N] [--raw-runs N] [--rollup-only]
#   ingest: N rows (default 100,000), each path best of --runs (default 3): plain EF, the server's LOAD DATA LOCAL (mariadb
#   client) and raw MySqlBulkCopy with 1, 2 and 4 concurrent writers (500 rows per file/batch), the pipeline with
#   MaxConcurrentBatches 1, 2 and 4 and with its rollups off, its transaction time by statement, the 1-minute load average
#   before/after each row, client and server CPU per row; --no-references = rows without virtual key and provider (no
#   foreign-key check), --max-batch-rows N = the pipeline's MaxBatchRows for every pipeline row (an experiment: not the
#   default), --interleave = run every path once per round instead of each path's runs in a row (on a busy machine a
#   noisy spell then hits every path alike; load averages are those around each path's best run), --paths w1,w2 = only
#   the paths whose names contain a word (an experiment: no targets, no JSON), with --experiment-batch-rows N1,N2 = also
#   the default pipeline at those MaxBatchRows (word "experiment"); writes artifacts/bench/ingest.json.
#   queries: --runs = timed runs per query (default 20), --raw-runs = timed runs of the raw-scan baseline (default --runs),
#   --rollup-only = time the rollup queries only (no baseline, no comparison, no JSON), for work on them.
# Uses GATEWAY_BENCH_MYSQL (admin connection string) when set; otherwise starts a tuned local MariaDB under
# ./.data/bench-mariadb through scripts/mariadb-local.sh (port GATEWAY_BENCH_PORT, default 3317), prints its settings,
# and stops it at the end. queries: N rows (default 1,000,000) over 30 days, kept in database gw_bench_queries_N and
# reused by the next run of the same size; writes artifacts/bench/queries.json.
# lifecycle: the same data set in gw_bench_lifecycle_N (default 1,000,000 rows): request-list pages (cursor, offset,
#   naive COUNT + OFFSET) and retention of the oldest 30% while the pipeline ingests (beside a naive single DELETE);
#   --runs / --naive-runs = timed runs (default 11 / 3), --ingest-seconds = each ingest-alone span, before and after
#   the purge (default 60), --warm-up-seconds = ingest before any measurement (default 60: past the server's first burst);
#   --chunk-rows / --chunk-pause-factor = retention chunking other than the library's defaults (for tuning them),
#   --purge-seconds = the retention run's time budget (default: long enough to delete all 30%), --retention-only =
#   only the chunked purge beside ingest alone (no listing, no naive DELETE, no JSON);
#   restores the data set at the end; writes artifacts/bench/lifecycle.json.
# cluster: a three-node Galera cluster on loopback (scripts/cluster.sh, under ./.data/bench-cluster, stopped at the end):
#   one pipeline on one node vs three pipelines on three nodes, a burst of --rows rows per pipeline (default 20,000) and
#   a paced load at half the one-node rate for --seconds (default 20); writes artifacts/bench/cluster.json.
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:?usage: scripts/bench.sh ingest|queries|lifecycle|cluster [--rows N]}; shift
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$suite" = cluster ]; then
  dir="$(pwd)/.data/bench-cluster"
  CLUSTER_BASE_PORT=${CLUSTER_BASE_PORT:-3350} scripts/cluster.sh start "$dir"
  trap 'scripts/cluster.sh stop "$dir"' EXIT
  nodes="$(scripts/cluster.sh url 1 "$dir")|$(scripts/cluster.sh url 2 "$dir")|$(scripts/cluster.sh url 3 "$dir")"
  mkdir -p artifacts/bench
  dotnet run -c Release --project benchmarks/GatewayPersistence.Benchmarks -- cluster --connection "$nodes" "$@"
  exit 0
fi

started=0
if [ -z "${GATEWAY_BENCH_MYSQL:-}" ]; then
  dir="$(pwd)/.data/bench-mariadb"
  port=${GATEWAY_BENCH_PORT:-3317}
  # The query suite's 10M-row data set (~5 GB with indexes) must fit the buffer pool, or random-id inserts go to disk.
  if [ "$suite" = queries ] || [ "$suite" = lifecycle ]; then export MARIADB_BUFFER_POOL=${MARIADB_BUFFER_POOL:-8G}; fi
  MARIADB_TUNED=1 scripts/mariadb-local.sh start "$dir" "$port"
  started=1
  trap 'scripts/mariadb-local.sh stop "$dir"' EXIT
  GATEWAY_BENCH_MYSQL="$(MARIADB_DATABASE= scripts/mariadb-local.sh url "$dir")"
  # The benchmarks read the server's CPU time from /proc/<pid>/stat (ingest: server CPU per row).
  export GATEWAY_BENCH_SERVER_PID="$(cat "$dir/mariadbd.pid")"
  echo "Server settings:"
  mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -p"${MARIADB_ROOT_PASSWORD:-gateway-dev}" -N -e \
    "SELECT CONCAT('  ', VARIABLE_NAME, ' = ', VARIABLE_VALUE) FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME IN
     ('VERSION','INNODB_BUFFER_POOL_SIZE','INNODB_LOG_FILE_SIZE','INNODB_FLUSH_LOG_AT_TRX_COMMIT','MAX_ALLOWED_PACKET','LOCAL_INFILE','SYNC_BINLOG','LOG_BIN') ORDER BY 1"
fi
mkdir -p artifacts/bench
dotnet run -c Release --project benchmarks/GatewayPersistence.Benchmarks -- "$suite" --connection "$GATEWAY_BENCH_MYSQL" "$@"
