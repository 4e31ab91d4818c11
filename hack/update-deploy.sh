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
# 2. Give it a kubeconfig for the platform workspace (server https://<kcp>/clusters/root:platform), with a user holding
#    contrib/kcp/rbac/broker-platform.yaml in the platform workspace (and the staging root) and
#    contrib/kcp/rbac/broker-provider.yaml in each provider workspace (subjects changed to that user): the platform's
#    exports (apiexports/content, apiexportendpointslices), workspaces under the staging root, stage objects, provider
#    LogicalClusters and exports (get, bind, and their content read through their virtual workspaces), and, for
#    leader election, leases in the lease namespace:
#      kubectl create namespace resource-broker
#      kubectl -n resource-broker create secret generic kcp-kubeconfig --from-file=kubeconfig=platform.kubeconfig
# 3. Apply the APIs into the platform workspace (contrib/kcp/*.yaml, with kubectl pointed at kcp), then:
#      kubectl apply -f deploy/broker.yaml
HEADER
  "$helm" template resource-broker deploy/charts/resource-broker --namespace resource-broker
} > deploy/broker.yaml
