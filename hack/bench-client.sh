#!/usr/bin/env bash
# The broker's kcp client against LocalKcp over HTTPS: GET latency, GET and create throughput, bytes per request, with a
# token and with an exec credential plugin. Usage: hack/bench-client.sh [requests=20000] [concurrency=16] [--token-only]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release hack/client-bench.cs -- "$@"
