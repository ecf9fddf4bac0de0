#!/usr/bin/env bash
# A throwaway local MariaDB for the demo, benchmarks and fault scripts (tests start their own, see
# tests/GatewayPersistence.Tests/Infrastructure). Installs the Debian package when missing and we are root.
#
#   scripts/mariadb-local.sh install                 install mariadb-server if no server binary exists
#   scripts/mariadb-local.sh start [DIR] [PORT]      start a server with its data in DIR (default ./.data/mariadb)
#   scripts/mariadb-local.sh stop  [DIR]             stop it
#   scripts/mariadb-local.sh url   [DIR]             print the admin connection string of a started server
#   scripts/mariadb-local.sh server-binary           print the path of the server binary (scripts/cluster.sh uses it)
#
# Environment: MARIADB_EXTRA_ARGS (more mariadbd options, e.g. --local-infile=0), MARIADB_TUNED=1 (ingest tuning),
#   MARIADB_BUFFER_POOL (tuned buffer pool size, default 2G).
set -euo pipefail

cmd=${1:-}
dir=${2:-"$(pwd)/.data/mariadb"}
port=${3:-3307}
password=${MARIADB_ROOT_PASSWORD:-gateway-dev}

find_server() {
  for b in mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}

install() {
  if find_server >/dev/null; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "mariadb-server is not installed; run as root or: sudo apt-get install -y mariadb-server" >&2; exit 1
  fi
  echo "Installing mariadb-server with apt-get..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
}

start() {
  install
  local server; server=$(find_server)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/mariadbd.pid" ] && kill -0 "$(cat "$dir/mariadbd.pid")" 2>/dev/null; then
    echo "already running (pid $(cat "$dir/mariadbd.pid"))" >&2; echo "$port" > "$dir/port"; return 0
  fi
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db --user="$(id -un)" >"$dir/install.log" 2>&1
  fi
  cat > "$dir/init.sql" <<SQL
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
SQL
  local tuning=()
  if [ "${MARIADB_TUNED:-0}" = 1 ]; then
    tuning=(--innodb-buffer-pool-size=${MARIADB_BUFFER_POOL:-2G} --innodb-log-file-size=1G --innodb-flush-log-at-trx-commit=2
            --max-allowed-packet=256M --sync-binlog=0)
  fi
  # shellcheck disable=SC2086
  "$server" --no-defaults --datadir="$dir/data" --socket="$dir/mariadbd.sock" --pid-file="$dir/mariadbd.pid" \
    --port="$port" --bind-address=127.0.0.1 --user="$(id -un)" --init-file="$dir/init.sql" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --local-infile=1 --skip-name-resolve \
    --log-error="$dir/error.log" "${tuning[@]}" ${MARIADB_EXTRA_ARGS:-} >/dev/null 2>&1 &
  echo "$port" > "$dir/port"
  for _ in $(seq 1 120); do
    if mariadb-admin --no-defaults --socket="$dir/mariadbd.sock" -uroot ping >/dev/null 2>&1; then
      echo "MariaDB listening on 127.0.0.1:$port (data in $dir)" >&2; return 0
    fi
    sleep 0.5
  done
  echo "MariaDB did not start; see $dir/error.log" >&2; tail -20 "$dir/error.log" >&2 || true; exit 1
}

stop() {
  if [ -f "$dir/mariadbd.pid" ]; then
    local pid; pid=$(cat "$dir/mariadbd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/mariadbd.pid"
  fi
}

url() {
  local p; p=$(cat "$dir/port" 2>/dev/null || echo "$port")
  echo "Server=127.0.0.1;Port=$p;User ID=root;Password=$password;Database=${MARIADB_DATABASE:-llm_gateway}"
}

case "$cmd" in
  install) install ;;
  server-binary) find_server || { echo "no mariadbd/mysqld found; run: $0 install" >&2; exit 1; } ;;
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
