/**
 * The Helm chart (deploy/helm/vigie): `helm lint`, `helm template` for the default values and the
 * production example, every rendered object checked against the Kubernetes JSON schemas with
 * kubeconform (strict: unknown fields fail), and what the chart promises checked on the objects:
 * one Deployment per stage with probes on /healthz and /readyz, non-root, resources, replicas
 * within the partitions, a PodDisruptionBudget, the ServiceMonitor when asked, and a vigie.yaml
 * that Vigie's own config validation accepts. The tools install on demand (test/helpers/k8s-tools.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../cli/config.ts';
import { goTool, HELM, K8S_VERSIONS, k8sSchemas, KUBECONFORM } from '../helpers/k8s-tools.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHART = join(ROOT, 'deploy', 'helm', 'vigie');
const PRODUCTION = join(ROOT, 'deploy', 'helm', 'values-production.yaml');
// A helm built by `go install` has no release ldflags and assumes Kubernetes 1.20: say which one.
const KUBE = ['--kube-version', K8S_VERSIONS.at(-1)!];
let helm = '';
let kubeconform = '';
const schemas: Record<string, string> = {};

type Obj = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

function run(bin: string, args: string[], input?: string) {
  const r = spawnSync(bin, args, { encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, HELM_CACHE_HOME: '/tmp/vigie-helm/cache', HELM_CONFIG_HOME: '/tmp/vigie-helm/config', HELM_DATA_HOME: '/tmp/vigie-helm/data' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function template(...extra: string[]): { text: string; objects: Obj[] } {
  const r = run(helm, ['template', 'vigie', CHART, '--namespace', 'listening', ...KUBE, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const objects = parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj).filter(Boolean);
  return { text: r.stdout, objects };
}

function conform(text: string, version: string) {
  const r = run(kubeconform, ['-strict', '-summary', '-output', 'json', '-kubernetes-version', version, '-schema-location', `${schemas[version]}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, '-skip', 'ServiceMonitor', '-'], text);
  return { ...r, summary: (JSON.parse(r.stdout) as { summary: { valid: number; invalid: number; errors: number; skipped: number } }).summary };
}

beforeAll(() => {
  helm = goTool(HELM);
  kubeconform = goTool(KUBECONFORM);
  // Every kind the chart renders (the ServiceMonitor is a CRD: checked below on its own).
  const kinds = ['deployment-apps-v1.json', 'service-v1.json', 'configmap-v1.json', 'secret-v1.json', 'serviceaccount-v1.json', 'poddisruptionbudget-policy-v1.json'];
  for (const v of K8S_VERSIONS) schemas[v] = k8sSchemas(v, kinds);
}, 1_800_000);

describe('Helm chart', () => {
  it('helm lint --strict passes with the default and the production values', () => {
    for (const extra of [[], ['-f', PRODUCTION]]) {
      const r = run(helm, ['lint', '--strict', CHART, ...KUBE, ...extra]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  for (const [name, extra] of [['default values', []], ['production values', ['-f', PRODUCTION]]] as const) {
    it(`${name}: every object valid against the Kubernetes schemas`, () => {
      const { text, objects } = template(...extra);
      for (const v of K8S_VERSIONS) {
        const c = conform(text, v);
        expect(c.summary, `${v}: ${c.stdout}`).toMatchObject({ invalid: 0, errors: 0 });
        expect(c.summary.valid).toBe(objects.filter((o) => o.kind !== 'ServiceMonitor').length);
      }
    });

    it(`${name}: one Deployment per stage, probed, non-root, sized, within the partitions`, () => {
      const { objects } = template(...extra);
      const cm = objects.find((o) => o.kind === 'ConfigMap')!;
      // The rendered vigie.yaml is a valid Vigie config, as `vigie check-config` would say.
      const env = { KAFKA_BROKERS: 'k:9092', ELASTICSEARCH_URL: 'http://es:9200', ES_API_KEY: 'k', VIGIE_WEBHOOK_SECRET: 'a-webhook-secret-of-32-characters!' };
      const cfg = parseConfigText(cm.data!['vigie.yaml']!, 'vigie.yaml', env);
      const partitions = cfg.kafka.topics.partitions;
      const deployments = objects.filter((o) => o.kind === 'Deployment');
      expect(deployments.length).toBeGreaterThanOrEqual(3);
      for (const d of deployments) {
        const stage = d.metadata.labels!['app.kubernetes.io/component']!;
        const pod = d.spec.template.spec;
        const c = pod.containers[0];
        expect(c.args.slice(0, stage === 'alerts' ? 2 : 1)).toEqual(stage === 'alerts' ? ['alerts', 'run'] : [stage]);
        expect(c.args.slice(-2)).toEqual(['--config', '/etc/vigie/vigie.yaml']);
        expect(c.livenessProbe.httpGet.path).toBe('/healthz');
        expect(c.readinessProbe.httpGet.path).toBe('/readyz');
        expect(c.resources.requests.cpu).toBeDefined();
        expect(c.resources.limits.memory).toBeDefined();
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(d.spec.replicas).toBeLessThanOrEqual(partitions);
        if (d.spec.replicas > 1) expect(objects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === d.metadata.name)).toBe(true);
      }
      // The status server listens beyond loopback only here, where the kubelet probes it.
      expect((cfg as unknown as { metrics: { host?: string } }).metrics.host).toBe('0.0.0.0');
    });
  }

  it('production values: the ServiceMonitor scrapes the stages\' metrics Services, secrets come from a Secret', () => {
    const { objects } = template('-f', PRODUCTION);
    const sm = objects.find((o) => o.kind === 'ServiceMonitor')!;
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
    const services = objects.filter((o) => o.kind === 'Service');
    expect(services.length).toBe(4);
    for (const s of services) for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(s.metadata.labels![k]).toBe(v);
    for (const d of objects.filter((o) => o.kind === 'Deployment')) expect(d.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'vigie-secrets' } }]);
    expect(JSON.stringify(objects.find((o) => o.kind === 'ConfigMap'))).not.toMatch(/secret-of|apiKey: [^$"]/);
  });

  it('the schema check is not a formality: an unknown field and a wrong type are refused', () => {
    const { text } = template();
    const broken = text.replace('terminationGracePeriodSeconds: 60', 'terminationGracePeriodSeconds: "sixty"\n      colour: blue');
    const c = conform(broken, K8S_VERSIONS[0]!);
    expect(c.summary.invalid).toBeGreaterThan(0);
    expect(c.stdout).toMatch(/colour|additional/);
  });

  it('more replicas than partitions fail at render time with the fix', () => {
    const r = run(helm, ['template', 'vigie', CHART, ...KUBE, '--set', 'stages.enrich.replicas=5']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/stages\.enrich\.replicas \(5\) is more than config\.kafka\.topics\.partitions \(3\)/);
  });
});
