import type { Client } from '@elastic/elasticsearch';
import type { ElasticsearchConfig } from '../core/config.ts';
import { zodProblems } from '../core/config.ts';
import { VigieError } from '../core/errors.ts';
import { trackedPlatforms } from '../core/owned.ts';
import { createEsClient } from '../index/read.ts';
import { reportsConfigSchema, type ReportsConfig } from './config.ts';
import { voiceGroups, type VoiceGroup } from './voice.ts';

/** The parts of the validated Vigie config a report needs (structural: reports/ does not import cli/). */
export interface ReportHostConfig {
  elasticsearch: ElasticsearchConfig;
  watch: ReadonlyArray<{ name: string; role: string; organisation?: string | undefined; owned?: Readonly<Record<string, readonly string[] | undefined>> | undefined }>;
  reports?: unknown;
}

/**
 * The `reports:` section with its defaults. `cli/config.ts` validates it with the same schema
 * before anything runs; this parse only fills defaults (and still fails clearly if called on an
 * unvalidated tree).
 */
export function reportsSection(cfg: ReportHostConfig): ReportsConfig {
  const r = reportsConfigSchema.safeParse(cfg.reports ?? {});
  if (!r.success) {
    const lines = zodProblems(r.error.issues, ['reports'], cfg.reports).map((p) => `  ${p.path}: ${p.message}`);
    throw new VigieError('ERR_CONFIG_INVALID', `reports section invalid:\n${lines.join('\n')}`);
  }
  return r.data;
}

/**
 * The brand's watch entry, its competitors (role competitor, config order), the share-of-voice
 * rows by organisation and the platforms where it has owned accounts (none: the report has no
 * response figures to give).
 */
export function reportSubjects(cfg: ReportHostConfig, brand: string): { brand: string; competitors: string[]; voice: VoiceGroup[]; ownedPlatforms: string[] } {
  const entry = cfg.watch.find((w) => w.name === brand);
  if (!entry) {
    const known = cfg.watch.map((w) => `"${w.name}" (${w.role})`).join(', ') || 'none';
    throw new VigieError('ERR_REPORT_BRAND', `"${brand}" is not a watch entry in the config (known: ${known})`);
  }
  // The same platforms the desk and the `unanswered` rule track for this brand.
  const ownedPlatforms = [...(trackedPlatforms([entry]).get(brand) ?? [])].sort();
  return { brand, competitors: cfg.watch.filter((w) => w.role === 'competitor' && w.name !== brand).map((w) => w.name), voice: voiceGroups(brand, cfg.watch), ownedPlatforms };
}

/** An Elasticsearch client from the config's `elasticsearch` section. */
export function reportEsClient(e: ElasticsearchConfig): Client {
  return createEsClient({
    node: e.node,
    ...(e.apiKey ? { auth: { apiKey: e.apiKey } } : e.username && e.password ? { auth: { username: e.username, password: e.password } } : {}),
    ...(e.caFingerprint ? { tls: { caFingerprint: e.caFingerprint } } : {}),
  });
}
