#!/usr/bin/env bash
# Issue 17's least-privilege sweep (about two minutes): takes each rule of the broker's ClusterRoles in contrib/kcp/rbac
# away in turn while the demo runs every party under its own identity, and prints which rules the certificate flow
# needs (test/Broker.Demo.Tests/LeastPrivilegeSweepTests.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build test/Broker.Demo.Tests -c Release
exec dotnet test test/Broker.Demo.Tests -c Release --no-build --filter "FullyQualifiedName~LeastPrivilegeSweepTests" --logger "console;verbosity=detailed"
