#!/usr/bin/env bash
# A longer fuzz run of LocalKcp than CI's 3 seconds: mutated bodies, patches, selectors, list options and CEL rules
# (test/Broker.LocalKcp.Tests/Hostile/FuzzTests.cs). Usage: hack/fuzz-localkcp.sh [seconds=300] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SECONDS="${1:-300}"
if [[ $# -ge 2 ]]; then export FUZZ_SEED="$2"; fi
dotnet build test/Broker.LocalKcp.Tests -c Release
exec dotnet test test/Broker.LocalKcp.Tests -c Release --no-build --filter "FullyQualifiedName~FuzzTests" --logger "console;verbosity=detailed"
