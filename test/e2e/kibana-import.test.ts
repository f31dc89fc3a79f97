import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, type ChildRun } from '../helpers/child.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  parts: Array<{ name: string; filename?: string; contentType?: string; body: string }>;
}

/** Splits a multipart/form-data body the way Kibana's route does (boundary from the content type). */
function parseMultipart(contentType: string, body: Buffer): Seen['parts'] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const sep = `--${boundary[1] ?? boundary[2]}`;
  return body
    .toString('utf8')
    .split(sep)
    .slice(1, -1)
    .map((raw) => {
      const [head, ...rest] = raw.replace(/^\r\n/, '').split('\r\n\r\n');
      const disp = /content-disposition: form-data; name="([^"]+)"(?:; filename="([^"]+)")?/i.exec(head!);
      const ct = /content-type: ([^\r\n]+)/i.exec(head!);
      return { name: disp?.[1] ?? '', ...(disp?.[2] ? { filename: disp[2] } : {}), ...(ct ? { contentType: ct[1] } : {}), body: rest.join('\r\n\r\n').replace(/\r\n$/, '') };
    });
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let reply: { status: number; body: unknown } = { status: 200, body: { success: true, successCount: 23 } };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, parts: parseMultipart(String(req.headers['content-type']), Buffer.concat(chunks)) });
      // Kibana refuses a request without kbn-xsrf with 400; the fake does too.
      if (!req.headers['kbn-xsrf']) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"statusCode":400,"error":"Bad Request","message":"Request must contain a kbn-xsrf header."}');
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Runs `vigie kibana <args>` as a child process (the command module through tsx). */
function vigieKibana(args: string[], env: Record<string, string> = {}): Promise<ChildRun> {
  const code = `import('./cli/commands/kibana.ts').then(async (m) => { process.exitCode = await m.command.run(process.argv.slice(1)); }, (e) => { throw e; }).catch((e) => { process.stderr.write((e.code ?? '') + ': ' + e.message + '\\n'); process.exitCode = e.code === 'ERR_USAGE' ? 2 : 1; });`;
  return runChild(process.execPath, ['--import', 'tsx', '-e', code, ...args], { cwd: ROOT, env: { ...process.env, ...env, VIGIE_LOG_LEVEL: 'warn' } });
}

describe('vigie kibana import against a local saved-objects endpoint', () => {
  it('POSTs the NDJSON as multipart "file" to the space path with kbn-xsrf and an API key', async () => {
    seen.length = 0;
    const r = await vigieKibana(['import', '--url', `${base}/kibana/`, '--space', 'marketing', '--api-key', 'env:KB_KEY', '--overwrite'], { KB_KEY: 'c2VjcmV0OmtleQ==' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('imported 23 saved objects into space marketing\n');
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/kibana/s/marketing/api/saved_objects/_import?overwrite=true');
    expect(req.headers['kbn-xsrf']).toBeTruthy();
    expect(req.headers.authorization).toBe('ApiKey c2VjcmV0OmtleQ==');
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.parts).toHaveLength(1);
    expect(req.parts[0]).toMatchObject({ name: 'file', filename: 'vigie-objects.ndjson' });
    const objects = req.parts[0]!.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id: string });
    expect(objects).toHaveLength(23);
    expect(objects[0]).toMatchObject({ type: 'index-pattern', id: 'vigie-mentions-view' });
    expect(objects.at(-1)).toMatchObject({ type: 'dashboard', id: 'vigie-response-desk' });
  });

  it('uses basic auth, the default space and no overwrite when asked so', async () => {
    seen.length = 0;
    const r = await vigieKibana(['import', '--url', base, '--user', 'analyst', '--password', 'env:KB_PASS', '--prefix', 'acme'], { KB_PASS: 'p@ss:word' });
    expect(r.code).toBe(0);
    const req = seen[0]!;
    expect(req.url).toBe('/api/saved_objects/_import');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('analyst:p@ss:word').toString('base64')}`);
    expect(req.parts[0]!.body).toContain('"title":"acme-mentions*"');
  });

  it('reports conflicts with the fix, and refuses secrets given literally', async () => {
    reply = { status: 200, body: { success: false, successCount: 22, errors: [{ id: 'vigie-overview', type: 'dashboard', error: { type: 'conflict' } }] } };
    const r = await vigieKibana(['import', '--url', base]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ERR_KIBANA_IMPORT: Kibana imported 22 objects and refused 1: dashboard:vigie-overview conflict — use --overwrite/);
    reply = { status: 401, body: { statusCode: 401, message: 'unauthorized' } };
    const u = await vigieKibana(['import', '--url', base]);
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/ERR_KIBANA_HTTP: Kibana answered HTTP 401 \(check --api-key/);
    seen.length = 0;
    const lit = await vigieKibana(['import', '--url', base, '--api-key', 'plaintextkey']);
    expect(lit.code).toBe(2);
    expect(lit.stderr).toMatch(/ERR_USAGE: --api-key takes env:NAME/);
    expect(seen).toHaveLength(0);
    reply = { status: 200, body: { success: true, successCount: 23 } };
  });
});
