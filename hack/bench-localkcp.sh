#!/usr/bin/env bash
# LocalKcp load figures: creates/s (HTTPS and in-process), watch events/s to one wildcard watcher,
# memory per stored object. Usage: hack/bench-localkcp.sh [objects=100000] [httpCreates=20000] [concurrency=16]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release hack/localkcp-bench.cs -- "$@"
