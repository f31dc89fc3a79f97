{{/* Names and labels shared by every object of the chart. */}}
{{- define "vigie.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "vigie.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector of one stage: call with (dict "root" $ "stage" "enrich"). */}}
{{- define "vigie.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .stage }}
{{- end -}}

{{- define "vigie.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "vigie.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ .Values.serviceAccount.name | default (include "vigie.fullname" .) }}
{{- else -}}
{{ .Values.serviceAccount.name | default "default" }}
{{- end -}}
{{- end -}}

{{/* The Secret whose keys become environment variables, if any. */}}
{{- define "vigie.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{ .Values.secrets.existingSecret }}
{{- else if .Values.secrets.values -}}
{{ include "vigie.fullname" . }}
{{- end -}}
{{- end -}}

{{/* Container env and volumes shared by the stages and the setup job. */}}
{{- define "vigie.podCommon" -}}
env:
  {{- range $k, $v := .root.Values.env }}
  - name: {{ $k }}
    value: {{ $v | quote }}
  {{- end }}
  - name: NODE_OPTIONS
    value: {{ printf "--max-old-space-size=%v %s" .heapMb (.nodeOptions | default "") | trim | quote }}
{{- with include "vigie.secretName" .root }}
envFrom:
  - secretRef:
      name: {{ . }}
{{- end }}
volumeMounts:
  - name: config
    mountPath: /etc/vigie
    readOnly: true
  - name: tmp
    mountPath: /tmp
{{- end -}}
