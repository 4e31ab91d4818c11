#!/usr/bin/env bash
# Regenerates the committed kcp manifests (contrib/kcp) from the C# API types.
set -euo pipefail
cd "$(dirname "$0")/.."
BROKER_UPDATE_GENERATED=1 dotnet test test/Broker.Core.Tests --nologo -v quiet --filter "FullyQualifiedName~KcpManifestGeneratorTests.Generate_CommittedManifests_AreUpToDate"
git status --short contrib/kcp
