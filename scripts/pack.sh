#!/usr/bin/env bash
# The NuGet packages: GatewayPersistence and GatewayPersistence.Migrations (one version, VersionPrefix in
# Directory.Build.props), each with its .snupkg symbol package, into artifacts/packages/ (or PACK_OUTPUT).
#
#   scripts/pack.sh                      version from Directory.Build.props, e.g. 0.1.0
#   scripts/pack.sh --version-suffix rc.1  0.1.0-rc.1
#
# ContinuousIntegrationBuild makes the build deterministic across machines (source paths mapped to /_/), and
# SourceLink records the repository URL and commit in the packages and the PDBs.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out=${PACK_OUTPUT:-"$(pwd)/artifacts/packages"}
extra=()
if [ "${1:-}" = "--version-suffix" ]; then extra=(--version-suffix "$2"); fi
mkdir -p "$out"
rm -f "$out"/GatewayPersistence.*.nupkg "$out"/GatewayPersistence.*.snupkg
for project in src/GatewayPersistence migrations/GatewayPersistence.Migrations; do
  dotnet pack "$project" -c Release -nologo -o "$out" -p:ContinuousIntegrationBuild=true "${extra[@]}" >"$out/pack.log" 2>&1 \
    || { cat "$out/pack.log" >&2; echo "pack of $project failed" >&2; exit 1; }
done
rm -f "$out/pack.log"
ls -1 "$out"/GatewayPersistence.*nupkg
