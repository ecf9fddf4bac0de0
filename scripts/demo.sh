#!/usr/bin/env bash
# The demo: a database, the real migrations, the sample gateway, a few hundred chat requests, statistics.
#
#   scripts/demo.sh                 throwaway MariaDB under ./.data/demo-mariadb (installed with apt-get when missing)
#   GATEWAY_MYSQL=... scripts/demo.sh   an existing server/database instead (its data is kept; the window starts now)
#   scripts/demo.sh --keep          leave the host (and the throwaway database) running at the end, to open the dashboard
#
# Environment: DEMO_REQUESTS (300), DEMO_CONCURRENCY (8), DEMO_BAD_KEYS (20), GATEWAY_DEMO_KEY and
# GATEWAY_DEMO_ADMIN_PASSWORD (GATEWAY_DEMO_ADMIN_USER, default admin) when the database was seeded before, so the host
# prints neither; GatewayPersistence__Security__ProviderKeyEncryptionKey (a fresh random key by default: set the one the
# database's provider keys were encrypted with when reusing it). Exits 0 only when every step worked and the
# statistics count exactly the requests that were sent.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

keep=0
if [ "${1:-}" = "--keep" ]; then keep=1; fi
requests=${DEMO_REQUESTS:-300}
concurrency=${DEMO_CONCURRENCY:-8}
bad_keys=${DEMO_BAD_KEYS:-20}
work=$(mktemp -d)
db_dir="$(pwd)/.data/demo-mariadb"
started_db=0
host_pid=""
host_log="$work/host.log"
if [ "$keep" = 1 ]; then mkdir -p .data; host_log="$(pwd)/.data/demo-host.log"; fi

step() { printf '\n== %s\n' "$*"; }
fail() { echo "DEMO FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  local code=$?
  if [ "$keep" = 1 ] && [ "$code" = 0 ]; then rm -rf "$work"; exit 0; fi
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$host_pid" 2>/dev/null || true
  fi
  if [ "$started_db" = 1 ]; then scripts/mariadb-local.sh stop "$db_dir" || true; fi
  if [ "$code" != 0 ] && [ -f "$host_log" ]; then
    echo "--- last lines of the host's output ---" >&2; tail -40 "$host_log" >&2 || true
  fi
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat > "$work/format.py" <<'PY'
#!/usr/bin/env python3
"""Prints the sample gateway's JSON answers as plain tables (standard library only).

  format.py stats   < stats.json     two columns: figure, value
  format.py trend   < trend.json     one row per bucket (non-empty buckets, or all with --all)
  format.py rows    < page.json      the first list in the document, one row per item (main columns)
  format.py check   STATS_JSON OK ERRORS   exits 1 unless successful == OK and failed == ERRORS

Field names are matched loosely (camelCase or snake_case) so that the formatter survives small changes of the
library's result records.
"""
import json
import sys


def norm(name):
    return name.replace("_", "").lower()


def pick(obj, *names):
    wanted = {norm(n) for n in names}
    for key, value in obj.items():
        if norm(key) in wanted:
            return value
    raise KeyError(f"none of {names} in {sorted(obj)}")


def table(headers, rows):
    cells = [[str(h) for h in headers]] + [[fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line]
    for n, row in enumerate(cells):
        out.append("| " + " | ".join(c.rjust(w) if n and is_num(c) else c.ljust(w) for c, w in zip(row, widths)) + " |")
        if n == 0:
            out.append(line)
    out.append(line)
    print("\n".join(out))


def is_num(text):
    try:
        float(text.replace(",", ""))
        return True
    except ValueError:
        return False


def fmt(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def flat_rows(obj, prefix=""):
    for key, value in obj.items():
        if isinstance(value, dict):
            yield from flat_rows(value, f"{prefix}{key}.")
        elif not isinstance(value, list):
            yield (f"{prefix}{key}", value)


def stats(doc):
    table(["figure", "value"], list(flat_rows(doc)))


def first_list_of_objects(doc):
    """The document itself when it is a list, else its first list whose items are objects (skips e.g. bucketStarts)."""
    if isinstance(doc, list):
        return doc
    return next((v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], dict)), [])


def trend_points(doc):
    """Yields (series name, point) for a flat list of points or a list of per-key series holding points."""
    items = first_list_of_objects(doc)
    for item in items:
        inner = next((v for v in item.values() if isinstance(v, list)), None)
        if inner is None:
            yield ("all keys", item)
        else:
            name = next((item[k] for k in item if norm(k) in ("virtualkeyname", "name", "keyname")), None) or "unknown"
            for point in inner:
                yield (name, point)


def trend(doc, show_all):
    rows, headers = [], None
    for series, point in trend_points(doc):
        scalars = [(k, v) for k, v in point.items() if not isinstance(v, (dict, list))]
        if headers is None:
            headers = ["series"] + [k for k, _ in scalars]
        counts = [v for _, v in scalars if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if show_all or any(counts):
            rows.append([series] + [v for _, v in scalars])
    if headers is None:
        print("(no buckets)")
    else:
        table(headers, rows)


def check(stats_json, ok, errors):
    doc = json.loads(stats_json)
    successful = pick(doc, "successfulRequests", "successful", "successCount")
    failed = pick(doc, "failedRequests", "failed", "errorCount")
    total = pick(doc, "totalRequests", "total", "requestCount")
    print(f"stats: total={total} successful={successful} failed={failed}; sent: ok={ok} errors={errors}")
    if successful != int(ok) or failed != int(errors) or total != int(ok) + int(errors):
        print("MISMATCH between the requests sent and the statistics", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "stats":
        stats(json.load(sys.stdin))
    elif mode == "trend":
        trend(json.load(sys.stdin), "--all" in sys.argv)
    elif mode == "rows":
        rows = first_list_of_objects(json.load(sys.stdin))
        # The request rows carry bodies and client details too; the table shows what identifies and measures them.
        wanted = ["id", "createdAt", "model", "status", "promptTokens", "completionTokens", "totalTokens", "responseTime"]
        headers = [h for h in wanted if rows and h in rows[0]] or (list(rows[0]) if rows else ["(none)"])
        table(headers, [[r.get(h) for h in headers] for r in rows])
    elif mode == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")
PY

# ---------------------------------------------------------------------------------------------------------------
step "1/7 Database"
if [ -n "${GATEWAY_MYSQL:-}" ]; then
  echo "Using GATEWAY_MYSQL (an existing server; its data is kept)."
else
  db_port=$(free_port)
  scripts/mariadb-local.sh start "$db_dir" "$db_port"
  started_db=1
  # A fresh database each run, so that the demo's numbers are the whole story.
  mariadb --no-defaults -h127.0.0.1 -P"$db_port" -uroot -p"${MARIADB_ROOT_PASSWORD:-gateway-dev}" \
    -e "DROP DATABASE IF EXISTS gateway_demo; CREATE DATABASE gateway_demo CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  GATEWAY_MYSQL="$(MARIADB_DATABASE=gateway_demo scripts/mariadb-local.sh url "$db_dir")"
  echo "Throwaway MariaDB on 127.0.0.1:$db_port, database gateway_demo."
fi
export GATEWAY_MYSQL

# ---------------------------------------------------------------------------------------------------------------
step "2/7 Build"
# The sample references the migrations project, which GatewayPersistence:MigrateOnStartup loads.
dotnet build samples/GatewayHost -c Release -warnaserror -nologo > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "build of samples/GatewayHost"; }
echo "  built samples/GatewayHost (and the library and migrations it references)"

# ---------------------------------------------------------------------------------------------------------------
step "3/7 Migrations: the host migrates on start (GatewayPersistence:MigrateOnStartup=true)"
echo "  (from a shell instead: dotnet ef database update --project migrations/GatewayPersistence.Migrations)"

# ---------------------------------------------------------------------------------------------------------------
step "4/7 Sample gateway"
# The AES-GCM key of the provider keys: random per run unless given (never written to a file, never printed).
GatewayPersistence__Security__ProviderKeyEncryptionKey=${GatewayPersistence__Security__ProviderKeyEncryptionKey:-$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')}
export GatewayPersistence__Security__ProviderKeyEncryptionKey
host_port=$(free_port)
base="http://127.0.0.1:$host_port"
out_dir="$(pwd)/samples/GatewayHost/bin/Release/net10.0"
ConnectionStrings__Gateway="$GATEWAY_MYSQL" GatewayPersistence__MigrateOnStartup=true ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$out_dir/GatewayHost.dll" --urls "$base" --contentRoot "$out_dir" >"$host_log" 2>&1 &
host_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "$base/health" 2>/dev/null; then break; fi
  kill -0 "$host_pid" 2>/dev/null || fail "the host exited during start-up"
  sleep 0.5
done
curl -fsS -o /dev/null "$base/health" || fail "the host did not become healthy on $base"
sed -n 's/.*\(Applying [0-9]* migration(s)\).*/  \1/p; s/.*\(Gateway database is up to date.*\)/  \1/p' "$host_log"
echo "Listening on $base (pid $host_pid)."
key=$(sed -n 's/^Demo virtual key: //p' "$host_log" | head -1)
key=${key:-${GATEWAY_DEMO_KEY:-}}
[ -n "$key" ] || fail "the database was seeded before and no key was printed; set GATEWAY_DEMO_KEY to one of its virtual keys"
echo "Demo key taken from the host's first-seed console line."
admin_user=${GATEWAY_DEMO_ADMIN_USER:-admin}
admin_password=$(sed -n 's/^Admin password: //p' "$work/host.log" | head -1)
admin_password=${admin_password:-${GATEWAY_DEMO_ADMIN_PASSWORD:-}}
[ -n "$admin_password" ] || fail "the database has users already and no admin password was printed; set GATEWAY_DEMO_ADMIN_PASSWORD"
window_start=$(date -u -d '-2 seconds' +%Y-%m-%dT%H:%M:%SZ)

# ---------------------------------------------------------------------------------------------------------------
step "5/7 Traffic: $requests chat requests ($concurrency at a time), $bad_keys with bad keys, 4 invalid, 1 oversize"
chat() { # $1 = request number, $2 = key
  local body
  body=$(printf '{"model":"demo-echo","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Request %s: summarise the number %s in words, please."}]}' "$1" "$((RANDOM * $1))")
  curl -sS -o /dev/null -w '%{http_code}\n' --max-time 30 -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -A 'gateway-demo/1.0' --data-binary "$body" "$base/v1/chat/completions" || echo "000"
}
export -f chat; export base
seq 1 "$requests" | xargs -P "$concurrency" -I{} bash -c 'chat {} "$0"' "$key" > "$work/ok.codes"
seq 1 "$bad_keys" | xargs -P "$concurrency" -I{} bash -c 'chat {} "vk_not_a_key_{}"' > "$work/badkey.codes"
invalid() { curl -sS -o /dev/null -w '%{http_code}\n' --max-time 30 -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@" "$base/v1/chat/completions" || echo 000; }
{
  invalid --data-binary '{"model": "demo-echo", "messages": [ {"role": "user", "content": "unterminated'
  invalid --data-binary '{"messages":[{"role":"user","content":"no model"}]}'
  invalid --data-binary '{"model":"demo-echo"}'
  invalid --data-binary '{"model":"demo-echo","messages":[]}'
} > "$work/invalid.codes"
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$work/oversize.json"
invalid --data-binary "@$work/oversize.json" > "$work/oversize.codes"

count() { grep -c "^$1\$" "$2" || true; }
ok=$(count 200 "$work/ok.codes"); unauthorized=$(count 401 "$work/badkey.codes")
bad_request=$(count 400 "$work/invalid.codes"); too_large=$(count 413 "$work/oversize.codes")
printf '  200 OK: %s of %s   401 bad key: %s of %s   400 invalid: %s of 4   413 oversize: %s of 1\n' \
  "$ok" "$requests" "$unauthorized" "$bad_keys" "$bad_request" "$too_large"
[ "$ok" = "$requests" ] || fail "only $ok of $requests valid requests answered 200 ($(sort "$work/ok.codes" | uniq -c | tr '\n' ' '))"
[ "$unauthorized" = "$bad_keys" ] || fail "bad keys: expected $bad_keys answers 401, got $unauthorized"
[ "$bad_request" = 4 ] || fail "invalid requests: expected 4 answers 400, got $bad_request ($(tr '\n' ' ' < "$work/invalid.codes"))"
[ "$too_large" = 1 ] || fail "oversize request: expected 413, got $(cat "$work/oversize.codes")"
curl -fsS "$base/v1/chat/completions" -H "Authorization: Bearer $key" \
  -d '{"model":"demo-echo","messages":[{"role":"user","content":"Show me one answer."}]}' > "$work/sample.json"
ok=$((ok + 1))
echo "  one answer: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["choices"][0]["message"]["content"][:90], "| usage", d["usage"])' "$work/sample.json")"
curl -fsSN "$base/v1/chat/completions" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"model":"demo-echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Stream one answer."}]}' \
  > "$work/stream.txt" || fail "the streamed request failed"
ok=$((ok + 1))
echo "  one streamed answer: $(grep -c '^data: {' "$work/stream.txt") chat.completion.chunk events, then $(tail -n 2 "$work/stream.txt" | head -1);" \
  "usage $(grep '"usage"' "$work/stream.txt" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read()[6:])["usage"])')"

# ---------------------------------------------------------------------------------------------------------------
step "6/7 Admin login, then statistics (after POST /admin/flush)"
anonymous=$(curl -sS -o /dev/null -w '%{http_code}' "$base/admin/stats" || echo 000)
[ "$anonymous" = 401 ] || fail "GET /admin/stats without a session answered $anonymous, not 401"
# The password and the token travel in files under the private work directory, not on curl's command line (ps).
ADMIN_USER="$admin_user" ADMIN_PASSWORD="$admin_password" python3 -c \
  'import json, os; print(json.dumps({"username": os.environ["ADMIN_USER"], "password": os.environ["ADMIN_PASSWORD"]}))' > "$work/login.json"
curl -fsS -X POST "$base/admin/login" -H 'Content-Type: application/json' --data-binary "@$work/login.json" > "$work/token.json" \
  || fail "POST /admin/login as $admin_user failed"
python3 -c 'import json, sys; print("Authorization: Bearer " + json.load(open(sys.argv[1]))["accessToken"])' "$work/token.json" > "$work/auth.header"
rm -f "$work/login.json" "$work/token.json"
echo "  without a session: 401; logged in as $admin_user (bearer token)."
admin() { curl -fsS -H "@$work/auth.header" "$@"; }
admin -X POST "$base/admin/flush" >/dev/null || fail "flush failed"
admin "$base/admin/stats?from=$window_start" > "$work/stats.json" || fail "GET /admin/stats failed"
python3 "$work/format.py" stats < "$work/stats.json"
echo
echo "Hourly trend (non-empty buckets of the last 6 hours):"
admin "$base/admin/trend?from=$(date -u -d '-6 hours' +%Y-%m-%dT%H:00:00Z)&interval=hour" > "$work/trend.json" \
  || fail "GET /admin/trend failed"
python3 "$work/format.py" trend < "$work/trend.json"
echo
python3 "$work/format.py" check "$(cat "$work/stats.json")" "$ok" "$((bad_request + too_large))" || fail "the statistics do not match the traffic"
admin "$base/admin/requests?page=1&pageSize=3" > "$work/requests.json" || fail "GET /admin/requests failed"
echo "Newest logged requests:"
python3 "$work/format.py" rows < "$work/requests.json"
echo "Health: $(curl -fsS "$base/health")"
echo
echo "Metrics (GET /metrics, OpenTelemetry's Prometheus exporter), the request-log lines:"
curl -fsS "$base/metrics" > "$work/metrics.txt" || fail "GET /metrics failed"
grep -E '^gateway_persistence_request_log_(written_total|queued|batch_size_(count|sum)|flush_duration_seconds_(count|sum)|retries_total|spilled_total|dropped_total)[{ ]' \
  "$work/metrics.txt" | sed 's/^/  /' || fail "no request-log metrics at /metrics"
echo
echo "Dashboard: $base/admin/"

# ---------------------------------------------------------------------------------------------------------------
if [ "$keep" = 1 ]; then
  step "7/7 Left running (--keep)"
  echo "The host keeps serving on $base (pid $host_pid); open $base/admin/ in a browser."
  echo "Stop it with: kill $host_pid"
  if [ "$started_db" = 1 ]; then echo "and the database with: scripts/mariadb-local.sh stop $db_dir"; fi
  echo
  echo "DEMO OK: $ok requests answered and logged, $unauthorized rejected keys, $((bad_request + too_large)) invalid requests logged as errors."
  exit 0
fi
step "7/7 Stop"
kill -TERM "$host_pid"
wait "$host_pid" || fail "the host did not stop cleanly"
host_pid=""
echo "Host stopped gracefully (the request log drains on shutdown)."
echo
echo "DEMO OK: $ok requests answered and logged, $unauthorized rejected keys, $((bad_request + too_large)) invalid requests logged as errors."
