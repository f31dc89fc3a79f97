import type { Connector, PollResult } from '../../core/contracts.ts';
import { toVigieError, VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { redactUrlText } from '../../core/redact.ts';
import { forTerminalLine as t, jsonForTerminal } from '../../core/terminal.ts';
import type { OwnedReader } from '../../ingest/kit/owned/types.ts';
import type { ValidatedSource } from '../../ingest/kit/source-common.ts';
import { openConnectors } from './ingest-once.ts';

/** One line of `vigie sources test --config`: a source, or an owned account it reads. */
export interface SourceCheck {
  source: string;
  kind: string;
  /** The owned account (`watch[].owned`) this line is about, if any. */
  owned?: string;
  ok: boolean;
  /** Mentions (or, for an owned account, its posts) the first page gave. */
  items?: number;
  newest?: string;
  code?: string;
  reason?: string;
}

export interface SourcesCheckOptions {
  sources: readonly ValidatedSource[];
  owned: ReadonlyMap<string, readonly string[]>;
  logger: Logger;
  signal: AbortSignal;
  createConnector?: (source: ValidatedSource) => Connector;
}

/** What went wrong, without secrets: connector messages may quote a URL with its key. */
const failure = (e: unknown): Pick<SourceCheck, 'code' | 'reason'> => {
  const err = toVigieError(e);
  return { code: err.code, reason: redactUrlText(err.message) };
};

async function firstPage(poll: () => Promise<PollResult>): Promise<Pick<SourceCheck, 'ok' | 'items' | 'newest' | 'code' | 'reason'>> {
  try {
    const r = await poll();
    const times = r.mentions.map((m) => Date.parse(String(m?.publishedAt))).filter(Number.isFinite);
    return { ok: true, items: r.mentions.length, ...(times.length ? { newest: new Date(Math.max(...times)).toISOString() } : {}) };
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
}

/**
 * Checks the configured sources with one call each, then each owned account (`watch[].owned`)
 * with one read by the source that reads it live: whether it answered, how many items, the
 * newest date. Counts and dates only, never post text; no cursor saved, nothing published.
 * Owned accounts that no source reads are failures too: their replies would never be seen.
 */
export async function checkSources(o: SourcesCheckOptions): Promise<SourceCheck[]> {
  const { connectors, reads, unread } = openConnectors(o.sources, o.owned, o.logger, o.createConnector);
  const out: SourceCheck[] = [];
  for (const source of o.sources) {
    const base = { source: source.name, kind: source.kind };
    const connector = connectors.get(source)!;
    if (connector instanceof VigieError) {
      out.push({ ...base, ok: false, ...failure(connector) });
      continue;
    }
    out.push({ ...base, ...(await firstPage(() => connector.poll(undefined, o.signal))) });
    for (const read of reads.filter((r) => r.source === source)) {
      const reader = connector as Connector & OwnedReader;
      out.push({ ...base, owned: read.account, ...(await firstPage(() => reader.pollOwned(read.account, undefined, o.signal))) });
    }
    await connector.close?.();
  }
  for (const u of unread) {
    out.push({ source: '-', kind: u.platform, owned: u.account, ok: false, code: 'ERR_OWNED_NOT_READ', reason: `no enabled ${u.platform} source reads owned accounts: add one (its credentials are used), or set readOwned: true on one` });
  }
  return out;
}

/** The human form: one line per source, its owned accounts indented under it. */
export function formatChecks(checks: readonly SourceCheck[]): string {
  const lines = checks.map((c) => {
    // Owned accounts under the source that reads them; those no source reads, unindented.
    const what = c.owned === undefined ? `${t(c.source)} (${c.kind})` : `${c.source === '-' ? '' : '  '}owned ${c.kind} ${t(c.owned)}`;
    const result = c.ok ? `ok      ${c.items} ${c.owned === undefined ? 'mention(s)' : 'post(s)'}${c.newest ? `, newest ${c.newest}` : ''}` : `FAILED  ${c.code}: ${t(c.reason ?? '')}`;
    return `${what.padEnd(40)} ${result}`;
  });
  const bad = checks.filter((c) => !c.ok).length;
  lines.push('', bad ? `${bad} of ${checks.length} failed.` : `All ${checks.length} answered.`);
  return `${lines.join('\n')}\n`;
}

/** The JSON form: one object per line. */
export const checksJson = (checks: readonly SourceCheck[]): string => checks.map((c) => `${jsonForTerminal(c)}\n`).join('');
