{{/* The release's name for every object: the release name, or resource-broker inside it. */}}
{{- define "resource-broker.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "resource-broker.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "resource-broker.labels" -}}
{{ include "resource-broker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding the kubeconfig: the chart's own when content is given. */}}
{{- define "resource-broker.kubeconfigSecret" -}}
{{- if .Values.kubeconfig.content -}}
{{- printf "%s-kubeconfig" (include "resource-broker.fullname" .) -}}
{{- else -}}
{{- required "kubeconfig.existingSecret or kubeconfig.content must be set" .Values.kubeconfig.existingSecret -}}
{{- end -}}
{{- end -}}
