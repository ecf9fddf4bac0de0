#!/usr/bin/env bash
# Fault scenarios against the sample gateway and a local MariaDB this script starts itself (loopback only; every
# loop is bounded in time). Prints one line per scenario: sent, persisted, duplicated, lost, pass/fail.
#
#   scripts/faults.sh            every scenario (about 12 minutes)
#   FAULTS_LOAD_SECONDS=20 scripts/faults.sh   shorter load phases
#   FAULTS_SCENARIOS="8 9 10" scripts/faults.sh   only the scenarios listed (numbers as printed)
#   FAULTS_DRAIN_SECONDS (180), FAULTS_SQL_TIMEOUT (120): deadlines; FAULTS_HOST_ENV="A=1 B=2": more host settings
#
# Scenarios: 1 MySQL down 30 s under load; 2 host SIGKILL while spilling; 3 local_infile=OFF; 4 unusable journal, full
# queue; 5 hostile input; 6 secrets in Trace logs; 7 least privilege; 8/9 error 1047/1114 on every write (trigger);
# 10 INSERT revoked, restored; 11 two hosts on one journal; 12 database missing at start; 13 half-open connections (a
# COMMIT swallowed); 14 SIGKILL mid journal append; 15 shutdown timeout shorter than the drain; 16 a refused row while
# the journal replays; 17 a real disk full (the tablespace on a small loop-mounted filesystem; needs root).
#
# The host runs throughout with a least-privilege MySQL user (SELECT, INSERT, UPDATE, DELETE on the schema only);
# migrations run as a separate migration user through `dotnet ef database update`. Logging is at Trace, and the
# seeded secrets are searched for in every line the host wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

load_seconds=${FAULTS_LOAD_SECONDS:-60}
drain_seconds=${FAULTS_DRAIN_SECONDS:-180} # the longest any scenario waits for the request log to drain
port_db=3327
db_dir="$(pwd)/.data/faults-mariadb"
work="$(pwd)/.data/faults"
scripts/faults/smallfs.sh umount "$work/small-fs" 2>/dev/null || true # a mount left by an interrupted run
rm -rf "$work"; mkdir -p "$work"
root_password=${MARIADB_ROOT_PASSWORD:-gateway-dev}
database=gateway_faults
rand() { python3 -c 'import secrets; print(secrets.token_hex(12))'; }
migrator_password="mig-$(rand)"; runtime_password="rt-$(rand)"
hex() { python3 -c 'import sys; print(sys.stdin.buffer.read().hex())'; }
# An adopted database's secrets, made as the TypeScript gateway made them: the provider key AES-256-CBC under the first
# 32 characters of its JWT secret (padded with '0'), the admin password as saltHex:sha256(password + saltHex).
jwt_secret="jwt-$(rand)"; encryption_key=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
provider_plain="sk-faults-$(rand)"; provider_iv=$(openssl rand -hex 16)
provider_secret="$provider_iv:$(printf '%s' "$provider_plain" | openssl enc -aes-256-cbc -nosalt \
  -K "$(python3 -c 'import sys; print(sys.argv[1][:32].ljust(32, "0").encode().hex())' "$jwt_secret")" -iv "$provider_iv" | hex)"
key_value="vk_faults$(rand)"
key_hash=$(printf '%s' "$key_value" | sha256sum | cut -d' ' -f1)
admin_password="pw-$(rand)"; password_salt=$(openssl rand -hex 16)
password_hash="$password_salt:$(printf '%s%s' "$admin_password" "$password_salt" | sha256sum | cut -d' ' -f1)"
host_pid=""; host_port=""; results=(); failures=0
scenarios=" ${FAULTS_SCENARIOS:-1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17} "
want() { [[ "$scenarios" == *" $1 "* ]]; }

log() { printf '[faults %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# Every client call has a deadline: a statement stuck behind a lock must fail the scenario, not hang the script.
sql() { timeout -k 5 "${FAULTS_SQL_TIMEOUT:-120}" mariadb --no-defaults -h127.0.0.1 -P"$port_db" -uroot -p"$root_password" -N -B "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cs() { echo "Server=127.0.0.1;Port=${3:-$port_db};Database=${4:-$database};User ID=$1;Password=$2"; }
security_env=() # filled once the secrets exist

db_start() { MARIADB_EXTRA_ARGS="${1:-}" scripts/mariadb-local.sh start "$db_dir" "$port_db" >/dev/null 2>&1; }
db_stop() { scripts/mariadb-local.sh stop "$db_dir" >/dev/null 2>&1; }

host_start() { # $@: extra environment assignments
  host_port=$(free_port)
  env ConnectionStrings__Gateway="$(cs gw_runtime "$runtime_password")" \
      GatewayPersistence__RequestLog__JournalDirectory="$work/journal" \
      GatewayPersistence__RequestLog__DeadLetterDirectory="$work/dead-letter" \
      GatewayPersistence__RequestLog__FlushInterval=00:00:01 \
      GatewayPersistence__RequestLog__ProbeInterval=00:00:01 \
      GatewayPersistence__Security__LegacyJwtSecret="$jwt_secret" \
      GatewayPersistence__Security__ProviderKeyEncryptionKey="$encryption_key" \
      Logging__LogLevel__Default=Trace Logging__LogLevel__Microsoft.AspNetCore=Trace \
      Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " \
      ${FAULTS_HOST_ENV:-} "$@" dotnet samples/GatewayHost/bin/Release/net10.0/GatewayHost.dll --urls "http://127.0.0.1:$host_port" \
      >>"$work/host.log" 2>&1 &
  host_pid=$!
  rm -f "$work/auth.header" # sessions do not survive a restart
  for _ in $(seq 1 120); do
    curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$host_port/health" && return 0
    kill -0 "$host_pid" 2>/dev/null || { log "host exited"; tail -30 "$work/host.log" >&2; return 1; }
    sleep 0.5
  done
  log "host did not start"; return 1
}
host_stop() {
  [ -n "$host_pid" ] || return 0
  kill -TERM "$host_pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; host_pid=""
}
warm_key_cache() { # one authenticated request, so the host knows the key before the database goes away
  curl -s -o /dev/null --max-time 10 -H "Authorization: Bearer $key_value" -H 'Content-Type: application/json' \
    -d '{"model":"faults-model","messages":[{"role":"user","content":"warm-up"}]}' "http://127.0.0.1:$host_port/v1/chat/completions" || true
}
admin_login() { # a bearer token for /admin, once per host start (needs the database; retried by the next admin call)
  [ -s "$work/auth.header" ] && return 0
  ADMIN_PASSWORD="$admin_password" python3 -c 'import json, os; print(json.dumps({"username": "faults-admin", "password": os.environ["ADMIN_PASSWORD"]}))' > "$work/login.json"
  curl -s --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary "@$work/login.json" "http://127.0.0.1:$host_port/admin/login" \
    | python3 -c 'import json, sys; print("Authorization: Bearer " + json.load(sys.stdin)["accessToken"])' > "$work/auth.header" 2>/dev/null \
    || rm -f "$work/auth.header"
  rm -f "$work/login.json"
}
request_log_state() { # the host's request-log state as JSON; {} when it cannot be read (a refused login reads as {})
  admin_login; local state
  state=$(curl -s --max-time 5 -H "@$work/auth.header" "http://127.0.0.1:$host_port/admin/request-log" || true)
  case "$state" in '{'*) echo "$state" ;; *) echo '{}' ;; esac
}
flush() { # [max seconds]
  admin_login; curl -s -o /dev/null --max-time "${1:-60}" -X POST -H "@$work/auth.header" "http://127.0.0.1:$host_port/admin/flush" || true
}
not_drained="" # set by wait_drained when its deadline passed; report turns it into a FAIL
wait_drained() { # [seconds]: until nothing waits in memory or in the journal, at most that long (FAULTS_DRAIN_SECONDS)
  local limit=${1:-$drain_seconds} state="{}"; local deadline=$((SECONDS + limit))
  while [ "$SECONDS" -lt "$deadline" ]; do
    flush $(( deadline - SECONDS < 30 ? (deadline - SECONDS > 0 ? deadline - SECONDS : 1) : 30 ))
    state=$(request_log_state)
    if echo "$state" | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s.get("queueDepth",1)==0 and s.get("journalSegments",1)==0 else 1)' 2>/dev/null; then return 0; fi
    sleep 1
  done
  not_drained="NOT DRAINED within ${limit}s ($(echo "$state" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("queueDepth=%s journalSegments=%s" % (s.get("queueDepth","?"), s.get("journalSegments","?")))' 2>/dev/null || echo "no state"));"
  log "$not_drained"; return 1
}
wait_bounded() { # pid seconds what: waits for a child, killing it (and noting it) when it outlives the deadline
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$3 still running after $2 s: killed"; kill -KILL "$pid" 2>/dev/null || true
    not_drained="${not_drained}$3 outlived its $2 s deadline;"
  fi
  wait "$pid" 2>/dev/null || true
}
load() { # name seconds concurrency [extra loadgen args]
  local name=$1 seconds=$2 concurrency=$3; shift 3
  python3 scripts/faults/loadgen.py --url "http://127.0.0.1:$host_port" --key "$key_value" --model faults-model \
    --seconds "$seconds" --concurrency "$concurrency" --ids "$work/$name.ids" "$@" > "$work/$name.load.json"
}
count_persisted() { # name [database] → prints "sent persisted duplicated lost"
  sql "${2:-$database}" -e "SELECT id FROM api_requests" > "$work/db.ids"
  python3 - "$work/$1.ids" "$work/db.ids" <<'PY'
import collections, sys
accepted = [l.strip() for l in open(sys.argv[1]) if l.strip()]
stored = collections.Counter(l.strip().lower() for l in open(sys.argv[2]) if l.strip())
persisted = sum(1 for i in set(accepted) if stored[i.lower()] >= 1)
duplicated = sum(stored[i.lower()] - 1 for i in set(accepted) if stored[i.lower()] > 1) + (len(accepted) - len(set(accepted)))
print(len(accepted), persisted, duplicated, len(set(accepted)) - persisted)
PY
}
current="" # the scenario under way, reported as FAIL if the script stops before its line
begin() { current=$1; not_drained=""; }
report() { # scenario sent persisted duplicated lost verdict note
  local verdict=$6 note=$7 line
  if [ -n "$not_drained" ]; then verdict=fail; note="$not_drained $note"; fi
  [ "$verdict" = pass ] || verdict=FAIL
  line=$(printf '%-34s sent=%-7s persisted=%-7s duplicated=%-4s lost=%-5s %s  %s' "$1" "$2" "$3" "$4" "$5" "$verdict" "$note")
  results+=("$line"); echo "$line"
  [ "$verdict" = pass ] || failures=$((failures + 1))
  current=""; not_drained=""
}
proxy_pid=""
cleanup() {
  local code=$?
  if [ -n "$current" ]; then # stopped inside a scenario (a failed command or a deadline): its line says so
    report "$current (aborted)" "-" "-" "-" "-" fail "the script stopped inside the scenario (exit code $code); see $work/host.log"
  fi
  host_stop || true; db_stop || true
  scripts/faults/smallfs.sh umount "$work/small-fs" 2>/dev/null || true # scenario 17's filesystem, if it stopped inside it
  [ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null || true
  if [ "${#results[@]}" -gt 0 ]; then echo; echo "== fault scenarios"; printf '%s\n' "${results[@]}"; fi
  [ "$code" != 0 ] || [ "$failures" = 0 ] || code=1
  exit "$code"
}
trap cleanup EXIT
trap "exit 143" TERM INT # so that cleanup runs (and prints the table) when the script is stopped

# ---------------------------------------------------------------------------------------------------------- setup
log "building (Release)"
dotnet build GatewayPersistence.sln -c Release -warnaserror -v q -nologo >/dev/null
dotnet tool restore >/dev/null
log "starting MariaDB on 127.0.0.1:$port_db"
db_stop; rm -rf "$db_dir"; db_start
sql -e "CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'gw_migrator'@'127.0.0.1' IDENTIFIED BY '$migrator_password';
  GRANT ALL PRIVILEGES ON $database.* TO 'gw_migrator'@'127.0.0.1';
  CREATE USER 'gw_runtime'@'127.0.0.1' IDENTIFIED BY '$runtime_password';
  GRANT SELECT, INSERT, UPDATE, DELETE ON $database.* TO 'gw_runtime'@'127.0.0.1';"
log "migrating as the migration user (dotnet ef database update)"
GATEWAY_MYSQL="$(cs gw_migrator "$migrator_password")" dotnet ef database update \
  --project migrations/GatewayPersistence.Migrations --configuration Release --no-build >"$work/migrate.log" 2>&1
seed() { # database
  sql "$1" -e "
  INSERT INTO providers (id, name, base_url, api_key, enabled, created_at, updated_at) VALUES ('pf', 'faults upstream', 'http://127.0.0.1:9', '$provider_secret', 1, 0, 0);
  INSERT INTO models (id, name, provider_id, model_identifier, enabled, created_at, updated_at) VALUES ('mf', 'faults-model', 'pf', 'faults-model', 1, 0, 0);
  INSERT INTO virtual_keys (id, key_value, key_hash, name, provider_id, model_id, enabled, created_at, updated_at) VALUES ('kf', '$key_value', '$key_hash', 'faults', 'pf', 'mf', 1, 0, 0);
  INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES ('uf', 'faults-admin', '$password_hash', 0, 0);"
}
seed "$database"
host_start

if want 1; then
begin 1
# ------------------------------------------------------------------- 1. sustained load, MySQL down for 30 s
log "1: ${load_seconds}s of load; MySQL stopped at 10 s for 30 s"
load s1 "$load_seconds" 16 & loader=$!
sleep 10; db_stop; log "1: MySQL stopped"
sleep 30; db_start; log "1: MySQL back"
wait_bounded "$loader" $(($load_seconds + 100)) "load"
wait_drained || true
read -r sent persisted duplicated lost <<<"$(count_persisted s1)"
verdict=fail; [ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && verdict=pass
report "1 mysql down 30s under load" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "spilled=$(request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get("spilled","?"))')"

fi

if want 2; then
begin 2
# ------------------------------------------------------------ 2. SIGKILL mid-load (while spilling), restart
log "2: load; MySQL stopped at 5 s; host SIGKILLed at 15 s; MySQL back at 18 s; host restarted at 20 s"
admin_login # while the database is up: the token is checked against it
load s2 30 16 & loader=$!
sleep 5; db_stop
sleep 10; in_memory=$(request_log_state | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s.get("queueDepth",0))')
kill -KILL "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""; log "2: host killed with $in_memory record(s) in memory"
sleep 3; db_start; sleep 2; host_start
wait_bounded "$loader" $((30 + 100)) "load"
wait_drained || true
read -r sent persisted duplicated lost <<<"$(count_persisted s2)"
bound=$((in_memory + 5000)) # in memory at the kill, plus at most one in-flight batch (MaxBatchRows)
verdict=fail; [ "$sent" -gt 0 ] && [ "$duplicated" = 0 ] && [ "$lost" -le "$bound" ] && verdict=pass
report "2 host SIGKILL + journal replay" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "lost<=in-memory-at-kill($in_memory)+in-flight; replayed=$(request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get("replayed","?"))')"

fi

if want 3; then
begin 3
# ----------------------------------------------------------------------- 3. local_infile=OFF: INSERT fallback
log "3: MySQL restarted with local_infile=OFF"
db_stop; db_start --local-infile=0
load s3 20 8
wait_drained || true
fallback=$(request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get("usingInsertFallback"))')
read -r sent persisted duplicated lost <<<"$(count_persisted s3)"
verdict=fail; [ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$fallback" = True ] && verdict=pass
report "3 local_infile=OFF fallback" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "usingInsertFallback=$fallback"
db_stop; db_start

fi

if want 4; then
begin 4
# ------------------------------------------------------------- 4. unusable journal directory, queue overflow
log "4: journal directory unusable (its parent is a file), small queue, MySQL down"
host_stop
printf 'not a directory' > "$work/blocked"
host_start GatewayPersistence__RequestLog__JournalDirectory="$work/blocked/journal" GatewayPersistence__RequestLog__QueueCapacity=200
warm_key_cache
db_stop
load s4 15 8 & loader=$!
sleep 8
health=$(curl -s --max-time 10 "http://127.0.0.1:$host_port/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status"))' || echo none)
wait_bounded "$loader" $((15 + 100)) "load"
served=$(python3 -c 'import json; print(json.load(open("'"$work/s4.load.json"'"))["statuses"].get("200", 0))')
db_start
wait_drained || true
state=$(request_log_state)
dropped=$(echo "$state" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("dropped",0))')
read -r sent persisted duplicated lost <<<"$(count_persisted s4)"
verdict=fail
[ "$health" != Healthy ] && [ "$health" != none ] && [ "$served" -gt 0 ] && [ "$duplicated" = 0 ] && [ "$lost" -le "$dropped" ] && [ "$dropped" -gt 0 ] && verdict=pass
report "4 journal unusable, queue full" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "health=$health served=$served dropped(counted)=$dropped"
host_stop; host_start

fi

if want 5; then
begin 5
# -------------------------------------------------------------------------------------- 5. hostile input
log "5: 10,000 hostile strings and 16 MB bodies through the HTTP API"
load s5 300 8 --hostile 10000
wait_drained || true
server_errors=$(python3 -c 'import json; d=json.load(open("'"$work/s5.load.json"'")); print(d["server_errors"])')
leaks=$(python3 -c 'import json; d=json.load(open("'"$work/s5.load.json"'")); print(len(d["leaks"]))')
sql "$database" --raw -e "SELECT CONCAT_WS(0x1f, IFNULL(request_body,''), IFNULL(response_body,''), IFNULL(error_message,''), IFNULL(model,''), IFNULL(user_agent,''), IFNULL(ip,'')) FROM api_requests" > "$work/s5.text" || true
invalid=$(python3 - "$work/s5.text" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = 0
for line in data.split(b"\n"):
    try:
        line.decode("utf-8", "strict")
    except UnicodeDecodeError:
        bad += 1
print(bad)
PY
)
read -r sent persisted duplicated lost <<<"$(count_persisted s5)"
verdict=fail; [ "$server_errors" = 0 ] && [ "$leaks" = 0 ] && [ "$invalid" = 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && verdict=pass
report "5 hostile input" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "5xx=$server_errors leaks=$leaks invalid-utf8-rows=$invalid oversize-closed=$(python3 -c 'import json; print(json.load(open("'"$work/s5.load.json"'"))["connection_errors"])') statuses=$(python3 -c 'import json; print(json.load(open("'"$work/s5.load.json"'"))["statuses"])' | tr -d ' ')"

fi

if want 6; then
begin 6
# ------------------------------------------------------------------------------------ 6. secrets in the logs
host_stop
lines=$(wc -l < "$work/host.log")
hits=0
upgraded_hash=$(sql "$database" -e "SELECT password_hash FROM users WHERE id = 'uf'")
[ "${upgraded_hash#pbkdf2-sha256\$}" != "$upgraded_hash" ] || log "6: the admin's legacy hash was not upgraded by its login"
for secret in "$provider_secret" "$provider_plain" "$jwt_secret" "$encryption_key" "$key_value" "$key_hash" "$password_hash" \
    "$admin_password" "${upgraded_hash:-(no upgraded hash)}" "$runtime_password" "$migrator_password"; do
  n=$({ grep -cF -- "$secret" "$work/host.log" "$work/migrate.log" || true; } | awk -F: '{ s += $NF } END { print s + 0 }')
  hits=$((hits + n))
done
verdict=fail; [ "$hits" = 0 ] && [ "$lines" -gt 1000 ] && verdict=pass
report "6 secrets in Trace logs" "-" "-" "-" "-" "$verdict" "log lines=$lines secret hits=$hits"

fi

if want 7; then
begin 7
# ---------------------------------------------------------------------------------------- 7. least privilege
grants=$(sql -e "SHOW GRANTS FOR 'gw_runtime'@'127.0.0.1'" | tr '\n' ' ')
ddl_refused=no
if ! mariadb --no-defaults -h127.0.0.1 -P"$port_db" -ugw_runtime -p"$runtime_password" "$database" -e "CREATE TABLE t_probe (id INT)" 2>/dev/null; then ddl_refused=yes; fi
verdict=fail
if [ "$ddl_refused" = yes ] && ! echo "$grants" | grep -qiE "ALL PRIVILEGES ON .$database|CREATE|ALTER|DROP" && [ "$failures" = 0 ]; then verdict=pass; fi
report "7 least-privilege runtime user" "-" "-" "-" "-" "$verdict" "DDL refused=$ddl_refused; scenarios 1-6 ran as gw_runtime"

fi

# ------------------------------------------------- 8/9. a server state on every write: WSREP not ready, table full
server_state() { # number errno message
  local n=$1 errno=$2 message=$3
  begin "$n"
  log "$n: 30 s of load; from 5 s to 20 s every INSERT answers error $errno ($message), raised by a trigger"
  [ -n "$host_pid" ] || host_start
  local before; before=$(request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get("deadLettered",0))')
  load "s$n" 30 8 & loader=$!
  sleep 5
  sql "$database" -e "CREATE TRIGGER faults_state BEFORE INSERT ON api_requests FOR EACH ROW SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = $errno, MESSAGE_TEXT = '$message'"
  sleep 15
  sql "$database" -e "DROP TRIGGER faults_state"
  wait_bounded "$loader" $((30 + 100)) "load"
  wait_drained || true
  local after; after=$(request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get("deadLettered",0))')
  read -r sent persisted duplicated lost <<<"$(count_persisted "s$n")"
  verdict=fail; [ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$after" = "$before" ] && verdict=pass
  report "$n error $errno on every write" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "dead-lettered=$((after - before)) (must be 0)"
}
if want 8; then server_state 8 1047 "WSREP has not yet prepared node for application use"; fi
if want 9; then server_state 9 1114 "The table api_requests is full"; fi

# -------------------------------------------- 10. INSERT revoked from the runtime user (connections killed), restored
if want 10; then
begin 10
log "10: 30 s of load; INSERT revoked from gw_runtime (its connections killed) from 5 s to 20 s"
[ -n "$host_pid" ] || host_start
load s10 30 8 & loader=$!
sleep 5
sql -e "REVOKE INSERT ON $database.* FROM 'gw_runtime'@'127.0.0.1'; FLUSH PRIVILEGES"
for id in $(sql -e "SELECT id FROM information_schema.PROCESSLIST WHERE USER = 'gw_runtime'"); do sql -e "KILL $id" 2>/dev/null || true; done
sleep 15
sql -e "GRANT INSERT ON $database.* TO 'gw_runtime'@'127.0.0.1'; FLUSH PRIVILEGES"
wait_bounded "$loader" $((30 + 100)) "load"
wait_drained || true
read -r sent persisted duplicated lost <<<"$(count_persisted s10)"
verdict=fail; [ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && verdict=pass
report "10 INSERT revoked, then restored" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "error 1142 is a deployment state: journaled, replayed"
fi

# ------------------------------------------------------------------------ 11. two hosts on one journal directory
if want 11; then
begin 11
log "11: a second host started on the first one's journal directory"
[ -n "$host_pid" ] || host_start
first_pid=$host_pid; first_port=$host_port
second_log="$work/host-second.log"
env ConnectionStrings__Gateway="$(cs gw_runtime "$runtime_password")" \
    GatewayPersistence__RequestLog__JournalDirectory="$work/journal" \
    GatewayPersistence__RequestLog__DeadLetterDirectory="$work/dead-letter-second" \
    GatewayPersistence__Security__LegacyJwtSecret="$jwt_secret" GatewayPersistence__Security__ProviderKeyEncryptionKey="$encryption_key" \
    dotnet samples/GatewayHost/bin/Release/net10.0/GatewayHost.dll --urls "http://127.0.0.1:$(free_port)" >"$second_log" 2>&1 & second=$!
exited=no
for _ in $(seq 1 60); do kill -0 "$second" 2>/dev/null || { exited=yes; break; }; sleep 0.5; done
[ "$exited" = yes ] || { kill -TERM "$second" 2>/dev/null || true; }
wait "$second" 2>/dev/null || true
named=no; grep -q "in use by another process" "$second_log" && named=yes
first_alive=no; kill -0 "$first_pid" 2>/dev/null && curl -s -o /dev/null "http://127.0.0.1:$first_port/health" && first_alive=yes
verdict=fail; [ "$exited" = yes ] && [ "$named" = yes ] && [ "$first_alive" = yes ] && verdict=pass
report "11 two hosts, one journal dir" "-" "-" "-" "-" "$verdict" "second refused at start=$exited, message names it=$named, first serving=$first_alive"
fi

state_of() { request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], 0))' "$1"; }

# ------------------------------------------------------- 12. database missing at host start, created later
if want 12; then
begin 12
late="${database}_late"
log "12: host started on database $late, which does not exist; then it is created, migrated and seeded; 15 s of load"
host_stop
sql -e "GRANT SELECT, INSERT, UPDATE, DELETE ON ${late}.* TO 'gw_runtime'@'127.0.0.1'; GRANT ALL PRIVILEGES ON ${late}.* TO 'gw_migrator'@'127.0.0.1'"
host_start ConnectionStrings__Gateway="$(cs gw_runtime "$runtime_password" "$port_db" "$late")" GatewayHost__SeedDemoData=false \
  GatewayPersistence__RequestLog__JournalDirectory="$work/journal-late"
sleep 3
health_missing=$(curl -s --max-time 10 "http://127.0.0.1:$host_port/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status"))' || echo none)
sql -e "CREATE DATABASE $late CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
GATEWAY_MYSQL="$(cs gw_migrator "$migrator_password" "$port_db" "$late")" dotnet ef database update \
  --project migrations/GatewayPersistence.Migrations --configuration Release --no-build >>"$work/migrate.log" 2>&1
seed "$late"; log "12: $late created, migrated and seeded (health while missing: $health_missing)"
load s12 15 8
wait_drained || true
alive=no; kill -0 "$host_pid" 2>/dev/null && alive=yes
read -r sent persisted duplicated lost <<<"$(count_persisted s12 "$late")"
verdict=fail; [ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$alive" = yes ] && [ "$health_missing" != Healthy ] && verdict=pass
report "12 database missing at start" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "host started and stayed up=$alive; health while missing=$health_missing"
host_stop; host_start
fi

# --------------------------------------------------------------------------------- 13. a half-open connection
if want 13; then
begin 13
log "13: the host reaches MySQL through a proxy; at 8 s the next COMMIT is swallowed and every open connection goes half-open (nothing forwarded, nothing closed); 25 s of load"
host_stop
proxy_port=$(free_port)
python3 scripts/faults/proxy.py "$proxy_port" "$port_db" 2>"$work/proxy.log" & proxy_pid=$!
sleep 0.5
host_start ConnectionStrings__Gateway="$(cs gw_runtime "$runtime_password" "$proxy_port")" GatewayPersistence__RequestLog__CommandTimeout=00:00:05
warm_key_cache
load s13 25 8 & loader=$!
sleep 8; kill -USR2 "$proxy_pid"; log "13: armed: the next COMMIT stalls every open connection"
sleep 4
# The session whose COMMIT was swallowed stays in the server, idle in its transaction, holding its rows' and the hourly
# rollup row's locks, until the server drops it: the write session's wait_timeout (command timeout + 10 s), not 8 hours.
open_trx() { sql -e "SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id WHERE p.USER = 'gw_runtime' AND p.COMMAND = 'Sleep'"; }
zombies_during=$(open_trx)
wait_bounded "$loader" $((25 + 100)) "load"
wait_drained || true
zombies_after=$(open_trx)
stalled_commit=no; grep -q "stalled at a COMMIT" "$work/proxy.log" && stalled_commit=yes
read -r sent persisted duplicated lost <<<"$(count_persisted s13)"
verdict=fail; [ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$stalled_commit" = yes ] && [ "$zombies_after" = 0 ] && verdict=pass
report "13 half-open connection" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "COMMIT swallowed=$stalled_commit; idle transactions holding locks 4 s later=$zombies_during, after the drain=$zombies_after; command timeout 5 s"
host_stop; kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""
host_start
fi

# ------------------------------------------------------------------- 14. SIGKILL during a journal append
if want 14; then
begin 14
log "14: MySQL stopped; load; the host SIGKILLed the moment a journal segment is being written (its .tmp has bytes)"
[ -n "$host_pid" ] || host_start
warm_key_cache; admin_login
torn_before=0 # a fresh process counts from zero
db_stop
load s14 20 16 & loader=$!
sleep 3
in_memory=$(request_log_state | python3 -c 'import json,sys; print(json.load(sys.stdin).get("queueDepth",0))')
python3 - "$work/journal" "$host_pid" > "$work/s14.kill" <<'PY'
import os, signal, sys, time
directory, pid = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 15
while time.time() < deadline:
    for name in os.listdir(directory):
        # A .tmp with bytes in it: the append is under way (FileStream writes in 64 KB pieces before its flush).
        try:
            writing = name.endswith(".jsonl.tmp") and os.stat(os.path.join(directory, name)).st_size > 0
        except OSError:
            writing = False
        if writing:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
            path = os.path.join(directory, name)
            try:
                data = open(path, "rb").read()
            except OSError:
                data = b""  # renamed between the listing and the kill: a whole segment
            print("hit", 1 if data and not data.endswith(b"\n") else 0, len(data))
            sys.exit(0)
print("miss 0 0")
os.kill(pid, signal.SIGKILL)
PY
wait "$host_pid" 2>/dev/null || true; host_pid=""
read -r hit torn_actual tmp_bytes < "$work/s14.kill"
log "14: $hit; .tmp of $tmp_bytes bytes, torn=$torn_actual; $in_memory record(s) in memory shortly before"
db_start; host_start
wait_bounded "$loader" $((20 + 100)) "load"
wait_drained || true
torn_counted=$(state_of journalTornRecords); recovered=$(state_of journalTemporaryRecovered)
read -r sent persisted duplicated lost <<<"$(count_persisted s14)"
bound=$((in_memory + 5000))
verdict=fail
[ "$hit" = hit ] && [ "$sent" -gt 0 ] && [ "$duplicated" = 0 ] && [ "$lost" -le "$bound" ] && [ "$torn_counted" = "$torn_actual" ] && { [ "$tmp_bytes" = 0 ] || [ "$recovered" -ge 1 ]; } && verdict=pass
report "14 SIGKILL mid journal append" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "killed while writing a .tmp ($tmp_bytes bytes): recovered=$recovered torn line counted=$torn_counted (on disk: $torn_actual); lost<=in-memory+in-flight"
fi

# ------------------------------------------------------------------ 15. shutdown timeout shorter than the drain
if want 15; then
begin 15
log "15: host shutdown timeout 3 s; every row costs the server 2 ms; 8 s of load held in memory, then SIGTERM"
host_stop
host_start DOTNET_SHUTDOWNTIMEOUTSECONDS=3 ASPNETCORE_SHUTDOWNTIMEOUTSECONDS=3 GatewayPersistence__RequestLog__BatchSize=100000 GatewayPersistence__RequestLog__FlushInterval=00:10:00
warm_key_cache; admin_login
sql "$database" -e "CREATE TRIGGER faults_slow BEFORE INSERT ON api_requests FOR EACH ROW SET @faults_slept = SLEEP(0.002)"
load s15 8 16
queued=$(state_of queueDepth)
started=$(date +%s.%N); host_stop; stopped=$(date +%s.%N)
took=$(python3 -c "print(f'{$stopped - $started:.1f}')")
reported=no; grep -q "Host shutdown timeout: 3 s" "$work/host.log" && reported=yes # the setting reached HostOptions
sql "$database" -e "DROP TRIGGER faults_slow"
host_start
wait_drained || true
read -r sent persisted duplicated lost <<<"$(count_persisted s15)"
verdict=fail
[ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$reported" = yes ] && python3 -c "import sys; sys.exit(0 if $took <= 5.0 else 1)" && verdict=pass
report "15 shutdown timeout < drain" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "queued at SIGTERM=$queued; host reported a 3 s timeout=$reported; exited after ${took}s; the rest journaled, replayed after restart"
fi

# ------------------------------------- 16. a row the server refuses for its content while the journal replays
if want 16; then
begin 16
log "16: every 50th request has a User-Agent the server refuses (error 4025, CHECK); MySQL down from 6 s to 14 s; 25 s of load"
[ -n "$host_pid" ] || host_start
warm_key_cache; admin_login
printf '%s\n' 'DELIMITER //' "CREATE TRIGGER faults_refuse BEFORE INSERT ON api_requests FOR EACH ROW
  IF NEW.user_agent = 'faults-refuse' THEN SIGNAL SQLSTATE '23000' SET MYSQL_ERRNO = 4025, MESSAGE_TEXT = 'CONSTRAINT faults_refuse failed for api_requests'; END IF //" \
  | sql "$database"
replayed_before=$(state_of replayed)
load s16 25 8 --refuse-every 50 & loader=$!
sleep 6; db_stop; sleep 8; db_start
wait_bounded "$loader" $((25 + 100)) "load"
wait_drained || true
replayed=$(( $(state_of replayed) - replayed_before ))
sql "$database" -e "DROP TRIGGER faults_refuse"
sql "$database" -e "SELECT id FROM api_requests" > "$work/db.ids"
read -r sent persisted duplicated lost dead refused_others <<<"$(python3 - "$work/s16.ids" "$work/db.ids" "$work/dead-letter" <<'PY'
import collections, glob, json, os, sys
accepted = [l.strip() for l in open(sys.argv[1]) if l.strip()]
stored = collections.Counter(l.strip().lower() for l in open(sys.argv[2]) if l.strip())
dead = {}
for path in glob.glob(os.path.join(sys.argv[3], "*")):
    for line in open(path, encoding="utf-8", errors="replace"):
        try:
            record = json.loads(line).get("Record", {})
        except ValueError:
            continue
        dead[record.get("Id", "").lower()] = record.get("UserAgent")
ids = set(accepted)
persisted = sum(1 for i in ids if stored[i.lower()] >= 1)
dead_here = [i for i in ids if stored[i.lower()] == 0 and i.lower() in dead]
others = sum(1 for i in dead_here if dead[i.lower()] != "faults-refuse")
duplicated = sum(stored[i.lower()] - 1 for i in ids if stored[i.lower()] > 1) + (len(accepted) - len(ids))
print(len(accepted), persisted, duplicated, len(ids) - persisted - len(dead_here), len(dead_here), others)
PY
)"
verdict=fail
[ "$sent" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$dead" -gt 0 ] && [ "$refused_others" = 0 ] && [ "$replayed" -gt 0 ] && verdict=pass
report "16 refused row while replaying" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "dead-lettered=$dead (all the refused User-Agent, counted, requeue-able), others dead-lettered=$refused_others, replayed meanwhile=$replayed"
fi

# ------------------------------------------------- 17. a real disk full: api_requests' tablespace on a small filesystem
if want 17; then
begin 17
log "17: api_requests' tablespace moved onto a small ext4 filesystem left with 512 KB free; 30 s of load; the space freed at 20 s"
[ -n "$host_pid" ] || host_start
warm_key_cache; admin_login
small="$work/small-fs"; ibd="$db_dir/data/$database/api_requests.ibd"
dead_before=$(state_of deadLettered)
db_stop
scripts/faults/smallfs.sh mount "$small" $(( $(stat -c %s "$ibd") / 1048576 + 512 )) # room for the rest once freed
mv "$ibd" "$small/api_requests.ibd"; ln -s "$small/api_requests.ibd" "$ibd" # InnoDB opens the tablespace through the link
scripts/faults/smallfs.sh fill "$small" 512
db_start
log_mark=$(wc -l < "$work/host.log")
load s17 30 8 & loader=$!
sleep 12
health=$(curl -s --max-time 10 "http://127.0.0.1:$host_port/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status"))' || echo none)
spilled_full=$(state_of spilled)
full_errors=$(tail -n +"$log_mark" "$work/host.log" | grep -ciE "is full|disk full|No space left" || true)
log "17: health=$health, spilled=$spilled_full, 'full' errors logged=$full_errors, free=$(scripts/faults/smallfs.sh free "$small") KB"
sleep 8; scripts/faults/smallfs.sh unfill "$small"; log "17: space freed ($(scripts/faults/smallfs.sh free "$small") KB free)"
wait_bounded "$loader" $((30 + 100)) "load"
wait_drained || true
dead_after=$(state_of deadLettered)
served=$(python3 -c 'import json; print(json.load(open("'"$work/s17.load.json"'"))["statuses"].get("200", 0))')
read -r sent persisted duplicated lost <<<"$(count_persisted s17)"
# The way back: the tablespace returns to the data directory (the server stopped), the filesystem goes.
db_stop; rm -f "$ibd"; mv "$small/api_requests.ibd" "$ibd"; scripts/faults/smallfs.sh umount "$small"; db_start
verdict=fail
[ "$sent" -gt 0 ] && [ "$served" -gt 0 ] && [ "$lost" = 0 ] && [ "$duplicated" = 0 ] && [ "$full_errors" -gt 0 ] && [ "$health" = Degraded ] \
  && [ "$dead_after" = "$dead_before" ] && verdict=pass
report "17 disk full (real), then freed" "$sent" "$persisted" "$duplicated" "$lost" "$verdict" "server answered 'table is full' $full_errors time(s) in the log; health while full=$health; spilled by then=$spilled_full; dead-lettered=$((dead_after - dead_before)) (must be 0)"
fi

# the table is printed by cleanup (also when the script stops early), which exits 1 when a scenario failed
