#!/usr/bin/env bash
# Throwaway multi-server MariaDB setups on loopback, for the cluster tests, benchmarks and fault drills
# (tests/GatewayPersistence.Tests/Infrastructure/LocalGaleraCluster.cs and LocalReplicaPair.cs call this script, so
# the Galera and replication settings live here only). Installs mariadb-server (with Debian's galera-4) when missing.
#
#   scripts/cluster.sh start   [DIR]        three-node Galera cluster (default DIR ./.data/cluster); waits until Synced
#   scripts/cluster.sh stop    [DIR]        clean shutdown of every node (3, 2, then 1, so node 1 may bootstrap again)
#   scripts/cluster.sh status  [DIR]        address, port, pid, cluster size and state of each node
#   scripts/cluster.sh kill N  [DIR]        SIGKILL node N (1-3)
#   scripts/cluster.sh restart N [DIR]      start node N again (it rejoins by IST or SST) and wait until it is Synced
#   scripts/cluster.sh url N|all [DIR]      admin connection string of node N, or of all three (LoadBalance=FailOver)
#
#   scripts/cluster.sh replica start|stop|status [DIR]   a primary and one asynchronous GTID replica (./.data/replica)
#   scripts/cluster.sh replica kill-replica|start-replica [DIR]   shut down or start the replica's server only
#   scripts/cluster.sh replica url primary|replica [DIR]
#
# Addresses: node N listens on 127.0.0.N, all three on the SAME SQL port (CLUSTER_BASE_PORT, default 3330), because
# MySqlConnector's multi-host form `Server=a,b,c` takes one `Port` for every host (no host:port pairs). Linux routes
# all of 127.0.0.0/8 to lo, so no interface setup is needed; clients still connect from 127.0.0.1. Galera's own ports
# stay distinct per node anyway: gcomm base+N, IST base+3+N, SST (rsync) base+6+N, so base..base+9 is the range used.
# Every node gets wsrep_node_address and explicit gmcast/IST/SST addresses: left to itself Galera advertises the
# first non-loopback interface and the default ports 4567/4568/4444, which collide when all nodes share one host.
# The replica pair uses 127.0.0.1 with the primary on REPLICA_BASE_PORT (default 3340) and the replica on +1.
#
# Start-up: node 1 bootstraps (--wsrep-new-cluster, system tables and root@127.0.0.1 / root@127.0.0.% with the
# password from an init file, like mariadb-local.sh), then 2 and 3 join at once by rsync SST. A node restarted after
# SIGKILL first reads its last position from InnoDB (--wsrep-recover), so it can rejoin by IST when its donor's gcache
# still holds the writes it missed (a donor that itself joined by SST later may not: then SST again). The others drop
# a killed node after EVS suspect_timeout (5 s, the default). As root the servers run as `mysql` (see
# server_user). Settings favour speed (innodb_flush_log_at_trx_commit=2): the data is throwaway.
#
# Environment: MARIADB_ROOT_PASSWORD (default gateway-dev), CLUSTER_BASE_PORT, REPLICA_BASE_PORT, CLUSTER_EXTRA_ARGS
#   (more mariadbd options for every server). `start` is idempotent: running nodes are left alone; when no node runs,
#   node 1 bootstraps a new primary component (its safe_to_bootstrap is forced: this is a throwaway cluster). The
#   ports are kept in DIR, so later commands need no environment.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
password=${MARIADB_ROOT_PASSWORD:-gateway-dev}
provider=/usr/lib/galera/libgalera_smm.so

die() { echo "$*" >&2; exit 1; }

# As root, the servers run as Debian's `mysql` user: the rsync SST daemon, started by the joiner's mariadbd, would
# otherwise run as root, and rsync's daemon then drops to uid `nobody`, which may not write the joiner's datadir.
server_user() {
  if [ "$(id -u)" = 0 ] && id mysql >/dev/null 2>&1; then echo mysql; else id -un; fi
}

# own DIR: a server directory its server user may write.
own() { mkdir -p "$1"; [ "$(server_user)" = "$(id -un)" ] || chown -R "$(server_user):" "$1"; }

find_server() { "$here/mariadb-local.sh" server-binary; }

install() {
  "$here/mariadb-local.sh" install
  if [ ! -f "$provider" ]; then
    [ "$(id -u)" = 0 ] || die "$provider is missing; run as root or: sudo apt-get install -y galera-4 rsync"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq galera-4 rsync >/dev/null
  fi
  command -v rsync >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null
}

# --- one server (shared by the cluster and the replica pair) -------------------------------------------------------

# sql SOCKET STATEMENT: runs one statement as root@localhost over the socket, tab-separated, no headers.
sql() { mariadb --no-defaults --socket="$1" -uroot -N -B -e "$2"; }

pid_of() { [ -f "$1/mariadbd.pid" ] && cat "$1/mariadbd.pid" 2>/dev/null; }

# alive PID: the process exists and is not a zombie (a server that died under this shell, or under a container's
# PID 1 that reaps nothing, stays a zombie that kill -0 still finds).
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

running() { local pid; pid=$(pid_of "$1") && [ -n "$pid" ] && alive "$pid"; }

install_db() {
  local d=$1
  [ -d "$d/data/mysql" ] && return 0
  own "$d"
  mariadb-install-db --no-defaults --datadir="$d/data" --auth-root-authentication-method=normal \
    --skip-test-db --user="$(server_user)" --tmpdir="$d" >"$d/install.log" 2>&1 || { cat "$d/install.log" >&2; exit 1; }
}

write_init() {
  # root over TCP with a password, for every 127.0.0.x the server may see a client come from.
  cat > "$1/init.sql" <<SQL
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.%' IDENTIFIED BY '$password';
ALTER USER 'root'@'127.0.0.%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.%' WITH GRANT OPTION;
SQL
}

# launch DIR ADDRESS PORT OPTIONS...: starts mariadbd in the background, detached from this shell.
launch() {
  local d=$1 address=$2 port=$3; shift 3
  local server; server=$(find_server)
  rm -f "$d/mariadbd.pid"
  own "$d"
  # shellcheck disable=SC2086
  setsid "$server" --no-defaults --datadir="$d/data" --socket="$d/mariadbd.sock" --pid-file="$d/mariadbd.pid" \
    --port="$port" --bind-address="$address" --user="$(server_user)" --log-error="$d/error.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --local-infile=1 --skip-name-resolve \
    --max-connections=500 --max-allowed-packet=64M --innodb-buffer-pool-size=256M \
    --innodb-flush-log-at-trx-commit=2 "$@" ${CLUSTER_EXTRA_ARGS:-} </dev/null >/dev/null 2>&1 &
  echo $! > "$d/launched.pid"
}

# wait_ping DIR SECONDS: until the server answers on its socket (fails early if the process died).
wait_ping() {
  local d=$1 limit=$2 pid; pid=$(cat "$d/launched.pid")
  for _ in $(seq 1 $((limit * 5))); do
    if mariadb-admin --no-defaults --socket="$d/mariadbd.sock" -uroot ping >/dev/null 2>&1; then return 0; fi
    alive "$pid" || { echo "mariadbd in $d exited; see $d/error.log" >&2; tail -25 "$d/error.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "mariadbd in $d did not answer within ${limit}s; see $d/error.log" >&2; tail -25 "$d/error.log" >&2; exit 1
}

# shut DIR: SHUTDOWN over the socket, SIGTERM if that fails, SIGKILL after 60 s.
shut() {
  local d=$1 pid
  pid=$(pid_of "$d") || return 0
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    sql "$d/mariadbd.sock" "SHUTDOWN" >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do alive "$pid" || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$d/mariadbd.pid"
}

admin_url() {
  echo "Server=$1;Port=$2;User ID=root;Password=$password;AllowLoadLocalInfile=true;CharacterSet=utf8mb4"
}

# --- Galera cluster -------------------------------------------------------------------------------------------------

cluster_dir() { dir=${1:-"$(pwd)/.data/cluster"}; mkdir -p "$dir"; dir=$(cd "$dir" && pwd); }

cluster_base() {
  if [ -f "$dir/base_port" ]; then cat "$dir/base_port"; else echo "${CLUSTER_BASE_PORT:-3330}"; fi
}

node_dir() { echo "$dir/node$1"; }

check_node() { case "$1" in 1|2|3) ;; *) die "node must be 1, 2 or 3 (got '${1:-}')" ;; esac; }

# status_of N: "size state ready" of node N, or nothing when it does not answer.
status_of() {
  sql "$(node_dir "$1")/mariadbd.sock" "SELECT
      (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'wsrep_cluster_size'),
      (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'wsrep_local_state_comment'),
      (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'wsrep_ready')" 2>/dev/null
}

# wait_synced SIZE SECONDS N...: until every node N is Synced, ready, and sees a cluster of SIZE; fails as soon as
# one of their processes has exited.
wait_synced() {
  local size=$1 limit=$2; shift 2
  local want; want=$(printf '%s\tSynced\tON' "$size")
  for _ in $(seq 1 $((limit * 5))); do
    local all=1 n
    for n in "$@"; do
      local d; d=$(node_dir "$n")
      [ "$(status_of "$n")" = "$want" ] && continue
      all=0
      alive "$(cat "$d/launched.pid" 2>/dev/null || echo 0)" \
        || { echo "node $n exited; see $d/error.log" >&2; tail -25 "$d/error.log" >&2; exit 1; }
    done
    [ "$all" = 1 ] && return 0
    sleep 0.2
  done
  for n in "$@"; do
    echo "node $n: $(status_of "$n" | tr '\t' ' ') (want a Synced cluster of $size)" >&2
    tail -15 "$(node_dir "$n")/error.log" >&2
  done
  exit 1
}

# start_node N [bootstrap] [MORE OPTIONS...]
start_node() {
  local n=$1 bootstrap=${2:-} base; base=$(cluster_base)
  shift; [ $# -gt 0 ] && shift
  local d; d=$(node_dir "$n")
  running "$d" && return 0
  mkdir -p "$d"
  local extra=()
  if [ "$bootstrap" = bootstrap ]; then
    # Only the bootstrap node needs system tables and the root users; joiners receive both by SST.
    install_db "$d"; write_init "$d"
    extra=(--wsrep-new-cluster --init-file="$d/init.sql")
    [ -f "$d/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$d/data/grastate.dat"
  else
    mkdir -p "$d/data"
  fi
  local peers="gcomm://127.0.0.1:$((base + 1)),127.0.0.2:$((base + 2)),127.0.0.3:$((base + 3))"
  # A small gcache, so nothing big is preallocated. EVS timeouts stay at their defaults (a killed node leaves the view
  # after suspect_timeout, 5 s): shorter ones made a loaded two-core machine suspect live nodes.
  local options="base_host=127.0.0.$n;base_port=$((base + n));gmcast.listen_addr=tcp://127.0.0.$n:$((base + n))"
  options+=";ist.recv_addr=127.0.0.$n:$((base + 3 + n));gcache.size=64M"
  launch "$d" "127.0.0.$n" "$base" \
    --wsrep-on=ON --wsrep-provider="$provider" --wsrep-cluster-name=gateway_cluster \
    --wsrep-node-name="node$n" --wsrep-node-address="127.0.0.$n:$((base + n))" \
    --wsrep-provider-options="$options" \
    --wsrep-sst-receive-address="127.0.0.$n:$((base + 6 + n))" --wsrep-sst-method=rsync \
    --wsrep-cluster-address="$peers" \
    --binlog-format=ROW --innodb-autoinc-lock-mode=2 --default-storage-engine=InnoDB "${extra[@]}" "$@"
}

cluster_start() {
  install
  local base; base=$(cluster_base)
  local t0=$SECONDS any=0
  for n in 1 2 3; do running "$(node_dir "$n")" && any=1; done
  if [ -n "${CLUSTER_BASE_PORT:-}" ] && [ "$CLUSTER_BASE_PORT" != "$base" ]; then
    [ "$any" = 0 ] || die "the cluster in $dir runs on port $base; stop it before changing CLUSTER_BASE_PORT"
    base=$CLUSTER_BASE_PORT
  fi
  echo "$base" > "$dir/base_port"
  if [ "$any" = 0 ]; then
    local position; position=$(recover_position 1)
    start_node 1 bootstrap ${position:+--wsrep-start-position="$position"}; wait_synced 1 120 1
  fi
  # The joiners at once: one needing SST while the donor is busy retries every second (SST blocks its donor), and
  # that still beats starting them one after the other. A joiner that knows its position (clean stop) needs IST only.
  for n in 1 2 3; do running "$(node_dir "$n")" || join_node "$n"; done
  wait_synced 3 180 1 2 3
  echo "Galera cluster of 3 Synced in $((SECONDS - t0))s: 127.0.0.1-3 port $base (data in $dir)" >&2
}

cluster_stop() {
  for n in 3 2 1; do shut "$(node_dir "$n")"; done
}

cluster_status() {
  local base; base=$(cluster_base)
  printf '%-5s %-10s %-6s %-8s %-5s %-12s %s\n' node address port pid size state ready
  for n in 1 2 3; do
    local d pid s; d=$(node_dir "$n")
    if running "$d"; then pid=$(pid_of "$d"); s=$(status_of "$n" || true); else pid=-; s=""; fi
    [ -n "$s" ] || s=$'-\t'"$([ "$pid" = - ] && echo down || echo not-answering)"$'\t-'
    IFS=$'\t' read -r size state ready <<<"$s"
    printf '%-5s %-10s %-6s %-8s %-5s %-12s %s\n' "$n" "127.0.0.$n" "$base" "$pid" "$size" "$state" "$ready"
  done
}

cluster_kill() {
  check_node "$1"
  local d pid; d=$(node_dir "$1")
  pid=$(pid_of "$d") || die "node $1 is not running"
  kill -9 "$pid" 2>/dev/null || die "node $1 is not running"
  while alive "$pid"; do sleep 0.1; done
  rm -f "$d/mariadbd.pid"
  echo "node $1 (pid $pid) killed" >&2
}

# recover_position N: after a crash grastate.dat says seqno -1, and a node started so asks for a full SST. Reading the
# last committed position from InnoDB (mariadbd --wsrep-recover, what galera_recovery does) lets it ask for IST.
recover_position() {
  local d; d=$(node_dir "$1")
  grep -q '^seqno: *-1' "$d/data/grastate.dat" 2>/dev/null || return 0
  own "$d"
  "$(find_server)" --no-defaults --datadir="$d/data" --user="$(server_user)" --wsrep-on=ON \
    --wsrep-provider="$provider" --wsrep-cluster-address=gcomm:// --binlog-format=ROW --innodb-autoinc-lock-mode=2 \
    --wsrep-recover --log-error="$d/recover.log" --innodb-buffer-pool-size=64M \
    --skip-networking --socket="$d/recover.sock" >/dev/null 2>&1 || return 0
  sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:[0-9-]*\).*/\1/p' "$d/recover.log" | tail -1
}

# join_node N: starts node N as a joiner, from its recovered position after a crash. Its saved primary view
# (gvwstate.dat, pc.recovery) goes: restored, it makes the node try to re-form the old view first, which costs seconds.
join_node() {
  local position; position=$(recover_position "$1")
  rm -f "$(node_dir "$1")/data/gvwstate.dat"
  start_node "$1" "" ${position:+--wsrep-start-position="$position"}
}

cluster_restart() {
  check_node "$1"
  local n=$1 t0=$SECONDS d; d=$(node_dir "$1")
  running "$d" && die "node $n is running"
  local others=0
  for m in 1 2 3; do [ "$m" != "$n" ] && running "$(node_dir "$m")" && others=$((others + 1)); done
  [ "$others" -gt 0 ] || die "no other node runs; use start"
  local lines; lines=$(wc -l < "$d/error.log" 2>/dev/null || echo 0)
  join_node "$n"
  wait_synced $((others + 1)) 180 "$n"
  local how=SST
  tail -n +"$((lines + 1))" "$d/error.log" | grep -q "rsync IST completed on joiner" && how=IST
  echo "node $n rejoined ($how) in $((SECONDS - t0))s" >&2
}

cluster_url() {
  local base; base=$(cluster_base)
  case "${1:-}" in
    1|2|3) admin_url "127.0.0.$1" "$base" ;;
    all) echo "$(admin_url "127.0.0.1,127.0.0.2,127.0.0.3" "$base");LoadBalance=FailOver" ;;
    *) die "url takes 1, 2, 3 or all" ;;
  esac
}

# --- primary + asynchronous replica ---------------------------------------------------------------------------------

replica_setup() {
  dir=${1:-"$(pwd)/.data/replica"}; mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  if [ -f "$dir/base_port" ]; then base=$(cat "$dir/base_port"); else base=${REPLICA_BASE_PORT:-3340}; fi
}

start_primary() {
  local d=$dir/primary
  running "$d" && return 0
  install_db "$d"; write_init "$d"
  launch "$d" 127.0.0.1 "$base" --server-id=1 --log-bin="$d/data/binlog" --binlog-format=ROW \
    --gtid-domain-id=0 --init-file="$d/init.sql"
  wait_ping "$d" 60
}

start_replica_server() {
  local d=$dir/replica
  running "$d" && return 0
  install_db "$d"; write_init "$d"
  # No binlog on the replica: its own init-file writes then make no GTIDs of their own.
  launch "$d" 127.0.0.1 "$((base + 1))" --server-id=2 --read-only --skip-log-bin --relay-log="$d/data/relay" \
    --init-file="$d/init.sql"
  wait_ping "$d" 60
}

# slave_state: "IO SQL" running flags of the replica, e.g. "Yes Yes".
slave_state() {
  mariadb --no-defaults --socket="$dir/replica/mariadbd.sock" -uroot -e "SHOW SLAVE STATUS\G" 2>/dev/null \
    | awk '/Slave_IO_Running:/ { io = $2 } /Slave_SQL_Running:/ { s = $2 } END { print io, s }'
}

wait_replicating() {
  for _ in $(seq 1 150); do
    [ "$(slave_state)" = "Yes Yes" ] && return 0
    sleep 0.2
  done
  mariadb --no-defaults --socket="$dir/replica/mariadbd.sock" -uroot -e "SHOW SLAVE STATUS\G" >&2 || true
  die "replication did not start"
}

replica_start() {
  install
  if [ -n "${REPLICA_BASE_PORT:-}" ] && [ "$REPLICA_BASE_PORT" != "$base" ]; then
    { running "$dir/primary" || running "$dir/replica"; } \
      && die "the pair in $dir runs on port $base; stop it before changing REPLICA_BASE_PORT"
    [ -f "$dir/replica/configured" ] && die "the replica in $dir replicates from port $base; delete $dir to change it"
    base=$REPLICA_BASE_PORT
  fi
  echo "$base" > "$dir/base_port"
  local t0=$SECONDS
  # Both system databases at once (about 3 s each): they do not depend on each other.
  install_db "$dir/primary" & local a=$!
  install_db "$dir/replica" & local b=$!
  wait "$a"; wait "$b"
  start_primary
  start_replica_server
  if [ "$(slave_state)" != "Yes Yes" ]; then
    # Configured once; on later starts the replica resumes by itself from its gtid_slave_pos.
    if [ ! -f "$dir/replica/configured" ]; then
      sql "$dir/replica/mariadbd.sock" "STOP SLAVE; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$base,
        MASTER_USER='root', MASTER_PASSWORD='$password', MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos"
      touch "$dir/replica/configured"
    fi
    sql "$dir/replica/mariadbd.sock" "START SLAVE"
  fi
  wait_replicating
  echo "primary 127.0.0.1:$base, replica 127.0.0.1:$((base + 1)) replicating, in $((SECONDS - t0))s (data in $dir)" >&2
}

replica_status() {
  printf '%-8s %-6s %-8s %s\n' server port pid state
  local pp=- rp=-
  running "$dir/primary" && pp=$(pid_of "$dir/primary")
  running "$dir/replica" && rp=$(pid_of "$dir/replica")
  local gtid=""
  [ "$pp" != - ] && gtid=$(sql "$dir/primary/mariadbd.sock" "SELECT @@gtid_binlog_pos" 2>/dev/null || true)
  printf '%-8s %-6s %-8s %s\n' primary "$base" "$pp" "gtid_binlog_pos=${gtid:-?}"
  if [ "$rp" != - ]; then
    local io sqlr pos; read -r io sqlr <<<"$(slave_state)"
    pos=$(sql "$dir/replica/mariadbd.sock" "SELECT @@gtid_slave_pos" 2>/dev/null || true)
    printf '%-8s %-6s %-8s %s\n' replica "$((base + 1))" "$rp" "io=$io sql=$sqlr gtid_slave_pos=${pos:-?}"
  else
    printf '%-8s %-6s %-8s %s\n' replica "$((base + 1))" - down
  fi
}

replica_main() {
  local sub=${1:-}; shift || true
  local arg=""
  if [ "$sub" = url ]; then arg=${1:-}; shift || true; fi
  replica_setup "${1:-}"
  case "$sub" in
    start) replica_start ;;
    stop) shut "$dir/replica"; shut "$dir/primary" ;;
    status) replica_status ;;
    kill-replica) shut "$dir/replica" ;;
    start-replica)
      start_replica_server
      [ "$(slave_state)" = "Yes Yes" ] || sql "$dir/replica/mariadbd.sock" "START SLAVE"
      wait_replicating ;;
    url)
      case "$arg" in
        primary) admin_url 127.0.0.1 "$base" ;;
        replica) admin_url 127.0.0.1 "$((base + 1))" ;;
        *) die "replica url takes primary or replica" ;;
      esac ;;
    *) sed -n '2,34p' "$0" >&2; exit 2 ;;
  esac
}

cmd=${1:-}; shift || true
case "$cmd" in
  install) install ;;
  start) cluster_dir "${1:-}"; cluster_start ;;
  stop) cluster_dir "${1:-}"; cluster_stop ;;
  status) cluster_dir "${1:-}"; cluster_status ;;
  kill) n=${1:-}; cluster_dir "${2:-}"; cluster_kill "$n" ;;
  restart) n=${1:-}; cluster_dir "${2:-}"; cluster_restart "$n" ;;
  url) n=${1:-}; cluster_dir "${2:-}"; cluster_url "$n" ;;
  replica) replica_main "$@" ;;
  *) sed -n '2,34p' "$0" >&2; exit 2 ;;
esac
