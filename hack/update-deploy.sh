#!/usr/bin/env bash
# Renders deploy/broker.yaml from the Helm chart deploy/charts/resource-broker with its default values, for those who
# apply plain manifests; test/Broker.E2E.Tests/Deploy checks that it is current. Usage: hack/update-deploy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
hack/ensure-tools.sh
helm=${HELM:-$(command -v helm || echo .tools/helm/helm)}
{
  cat <<'HEADER'
# Runs the broker against a real kcp, in any Kubernetes cluster that can reach kcp. Rendered from the Helm chart
# deploy/charts/resource-broker with its default values by hack/update-deploy.sh: change the chart, not this file
# (or install the chart: helm install resource-broker deploy/charts/resource-broker -n resource-broker).
#
# 1. Build and push the image:  docker build -t <registry>/resource-broker:dev . && docker push ...
# 2. Give it a kubeconfig for the platform workspace (server https://<kcp>/clusters/root:platform), with a user allowed
#    to: bind and read the platform's exports (apiexports/content, apiexportendpointslices), create workspaces under the
#    staging root, read LogicalClusters of provider workspaces, and, for leader election, get/create/update
#    leases.coordination.k8s.io in the lease namespace (default "default") of the platform workspace:
#      kubectl create namespace resource-broker
#      kubectl -n resource-broker create secret generic kcp-kubeconfig --from-file=kubeconfig=platform.kubeconfig
# 3. Apply the APIs into the platform workspace (contrib/kcp/*.yaml, with kubectl pointed at kcp), then:
#      kubectl apply -f deploy/broker.yaml
HEADER
  "$helm" template resource-broker deploy/charts/resource-broker --namespace resource-broker
} > deploy/broker.yaml
