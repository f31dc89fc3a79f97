import { VigieError } from '../../core/errors.ts';

export interface KibanaImportOptions {
  /** Kibana base URL, e.g. https://kibana.example:5601 (a base path is kept). */
  url: string;
  /** Space id; omitted = default space. */
  space?: string;
  auth?: { apiKey: string } | { username: string; password: string };
  overwrite?: boolean;
  /** The saved objects, NDJSON. */
  ndjson: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface KibanaImportResult {
  success: boolean;
  successCount: number;
  errors: Array<{ id: string; type: string; error: { type: string; message?: string } }>;
}

/** The import endpoint for a space: `<url>[/s/<space>]/api/saved_objects/_import[?overwrite=true]`. */
export function importUrl(base: string, space: string | undefined, overwrite: boolean): string {
  if (space !== undefined && !/^[a-z0-9_-]+$/.test(space)) throw new VigieError('ERR_USAGE', `--space must be a Kibana space id (a-z, 0-9, _ and -), got ${JSON.stringify(space)}`);
  const u = new URL(base);
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = `${path}${space && space !== 'default' ? `/s/${space}` : ''}/api/saved_objects/_import`;
  u.search = overwrite ? '?overwrite=true' : '';
  return u.toString();
}

/**
 * Loads saved objects through Kibana's saved objects import API: multipart/form-data with the
 * NDJSON as the `file` part, the `kbn-xsrf` header Kibana requires, API-key or basic auth.
 */
export async function importSavedObjects(opts: KibanaImportOptions): Promise<KibanaImportResult> {
  const target = importUrl(opts.url, opts.space, opts.overwrite ?? false);
  const form = new FormData();
  form.append('file', new Blob([opts.ndjson], { type: 'application/ndjson' }), 'vigie-objects.ndjson');
  const headers: Record<string, string> = { 'kbn-xsrf': 'vigie' };
  if (opts.auth && 'apiKey' in opts.auth) headers.authorization = `ApiKey ${opts.auth.apiKey}`;
  else if (opts.auth) headers.authorization = `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(target, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  } catch (e) {
    throw new VigieError('ERR_KIBANA_UNREACHABLE', `cannot reach Kibana at ${new URL(target).origin}: ${(e as Error).message}`, { retriable: true, cause: e });
  }
  const text = await res.text();
  if (!res.ok) {
    const hint = res.status === 401 || res.status === 403 ? ' (check --api-key or --user/--password and the role\'s saved objects privileges)' : res.status === 404 ? ' (wrong URL or space?)' : '';
    throw new VigieError('ERR_KIBANA_HTTP', `Kibana answered HTTP ${res.status}${hint}: ${text.slice(0, 300)}`, { retriable: res.status >= 500, details: { status: res.status } });
  }
  let body: KibanaImportResult;
  try {
    body = JSON.parse(text) as KibanaImportResult;
  } catch (e) {
    throw new VigieError('ERR_KIBANA_HTTP', `Kibana answered something that is not JSON: ${text.slice(0, 200)}`, { cause: e });
  }
  if (!body.success) {
    const list = (body.errors ?? []).map((er) => `${er.type}:${er.id} ${er.error.type}${er.error.message ? ` (${er.error.message})` : ''}`).join('; ');
    throw new VigieError('ERR_KIBANA_IMPORT', `Kibana imported ${body.successCount ?? 0} objects and refused ${body.errors?.length ?? 0}: ${list}${/conflict/.test(list) ? ' — use --overwrite to replace existing objects' : ''}`, {
      details: { successCount: body.successCount },
    });
  }
  return { success: true, successCount: body.successCount, errors: [] };
}
