#!/usr/bin/env bash
# Longer fuzz runs than CI's few seconds: LocalKcp with mutated bodies, patches, selectors, list options and CEL rules
# (test/Broker.LocalKcp.Tests/Hostile/FuzzTests.cs), then the router with mutated AcceptAPIs and objects
# (test/Broker.Core.Tests/Routing/RouterFuzzTests.cs), then MigrationConfigurations through their compiler and AcceptAPI CEL
# expressions through the router (test/Broker.Controllers.Tests/Fuzz), each for the given time.
# Usage: hack/fuzz-localkcp.sh [seconds=300] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SECONDS="${1:-300}"
if [[ $# -ge 2 ]]; then export FUZZ_SEED="$2"; fi
dotnet build test/Broker.LocalKcp.Tests -c Release
dotnet build test/Broker.Core.Tests -c Release
dotnet build test/Broker.Controllers.Tests -c Release
dotnet test test/Broker.LocalKcp.Tests -c Release --no-build --filter "FullyQualifiedName~FuzzTests" --logger "console;verbosity=detailed"
dotnet test test/Broker.Core.Tests -c Release --no-build --filter "FullyQualifiedName~RouterFuzzTests" --logger "console;verbosity=detailed"
exec dotnet test test/Broker.Controllers.Tests -c Release --no-build --filter "FullyQualifiedName~ConfigurationFuzzTests" --logger "console;verbosity=detailed"
