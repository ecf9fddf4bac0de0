#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what is missing, builds, runs every test.
# Database: GATEWAY_TEST_MYSQL when set; else Testcontainers when a Docker engine answers; else the tests start
# a throwaway mariadbd themselves (installed here from Debian's mariadb-server package when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

docker_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; }
if [ -z "${GATEWAY_TEST_MYSQL:-}" ] && ! docker_answers; then
  scripts/mariadb-local.sh install
fi

dotnet tool restore >/dev/null
dotnet build GatewayPersistence.sln -c Release -warnaserror
log=$(mktemp)
set +e
dotnet test GatewayPersistence.sln -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
count() { { grep -E "^ +$1: +[0-9]+" "$log" || true; } | awk '{ total += $2 } END { print total + 0 }'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
