#!/usr/bin/env bash
# Restores, builds and runs every test project of Broker.sln; ends with "N passed, N failed, N skipped".
# Usage: hack/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
cd "$(dirname "$0")/.."

hack/ensure-tools.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Broker.sln -c Release --nologo -v quiet 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit "$rc"
fi

dotnet test Broker.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

awk '
  /^(Passed|Failed)! +- Failed: /{ l=$0; gsub(",","",l); split(l,a,/ +/); f+=a[4]; p+=a[6]; s+=a[8] }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$rc"
