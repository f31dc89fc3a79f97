/**
 * feedparser's own test suite (its `tests/` folder: wellformed/, illformed/, encoding/,
 * entities/, http/), read from the pinned sdist on PyPI into the download cache, never
 * copied into the repository. feedparser is © Kurt McKee and Mark Pilgrim, BSD-2-Clause.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { defaultCacheDir, ensureCached } from '../../core/cache.ts';
import { decodeEbcdic, isEbcdic } from '../../ingest/kit/http/ebcdic.ts';

export const FEEDPARSER_SDIST = {
  package: 'feedparser',
  version: '6.0.11',
  file: 'feedparser-6.0.11.tar.gz',
  sha256: 'c9d0407b64c6f2a065d0ebb292c2b35c01050cc0dc33757461aaabdc4c4184d5',
} as const;

const run = promisify(execFile);

/**
 * The folder holding feedparser's `tests/` (and its LICENSE), downloaded once with
 * `python3 -m pip download` (the ordinary client; `--no-build-isolation` so no build tool is
 * fetched) and checked against the pinned SHA-256.
 */
export async function feedparserTests(cacheDir = defaultCacheDir()): Promise<string> {
  const dir = join(cacheDir, `feedparser-tests-${FEEDPARSER_SDIST.version}`);
  await ensureCached(dir, async (tmp) => {
    const spec = `${FEEDPARSER_SDIST.package}==${FEEDPARSER_SDIST.version}`;
    await run('python3', ['-m', 'pip', 'download', '--no-deps', '--no-binary', ':all:', '--no-build-isolation', '--disable-pip-version-check', '-d', tmp, spec], { timeout: 600_000, maxBuffer: 1 << 24 }).catch(() =>
      // Older pips prepare metadata with the build backend even for a download; plain download then.
      run('python3', ['-m', 'pip', 'download', '--no-deps', '--no-binary', ':all:', '--disable-pip-version-check', '-d', tmp, spec], { timeout: 600_000, maxBuffer: 1 << 24 }),
    );
    const sdist = join(tmp, FEEDPARSER_SDIST.file);
    const sum = createHash('sha256').update(await readFile(sdist)).digest('hex');
    if (sum !== FEEDPARSER_SDIST.sha256) throw new Error(`${FEEDPARSER_SDIST.file}: SHA-256 ${sum}, expected ${FEEDPARSER_SDIST.sha256}`);
    const top = `feedparser-${FEEDPARSER_SDIST.version}`;
    await run('tar', ['xzf', sdist, '-C', tmp, '--strip-components=1', `${top}/tests`, `${top}/LICENSE`]);
    await rm(sdist);
  });
  return dir;
}

/** One test feed with its expectation. */
export interface SuiteCase {
  /** Path under tests/ (`wellformed/rss/item_title.xml`). */
  path: string;
  body: Buffer;
  description: string;
  expect: string;
  /** `Header:` lines the test server sends (feedparser serves only the http tests over HTTP). */
  headers: Record<string, string>;
  http: boolean;
}

/** feedparser's convert_to_utf8: the test's comment is read in the feed's Unicode form or EBCDIC. */
function commentText(body: Buffer): string {
  const b = body;
  const utf32 = (le: boolean, from: number) => {
    let s = '';
    for (let i = from; i + 4 <= b.length; i += 4) {
      const cp = le ? b.readUInt32LE(i) : b.readUInt32BE(i);
      s += cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
    }
    return s;
  };
  const head = b.subarray(0, 4).toString('hex');
  if (isEbcdic(b)) return decodeEbcdic(b, 'cp037');
  if (head === '0000feff' || head === '0000003c') return utf32(false, head === '0000feff' ? 4 : 0);
  if (head === 'fffe0000' || head === '3c000000') return utf32(true, head === 'fffe0000' ? 4 : 0);
  if (head === '003c003f' || head.startsWith('feff')) return new TextDecoder('utf-16be').decode(b);
  if (head === '3c003f00' || head.startsWith('fffe')) return new TextDecoder('utf-16le').decode(b);
  return b.toString('latin1');
}

/** Reads every test feed under `tests/` with its Description, Expect and Header lines. */
export async function readSuite(dir: string): Promise<{ cases: SuiteCase[]; unreadable: string[] }> {
  const root = join(dir, 'tests');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.xml')).sort();
  const cases: SuiteCase[] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    const body = await readFile(join(root, f));
    const path = relative(root, join(root, f));
    // As runtests.py reads them: one Expect line, as bytes (UTF-8 source for the expression).
    const text = path.startsWith('encoding/') ? commentText(body) : body.toString('latin1');
    const m = /Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->/.exec(text);
    if (!m) {
      unreadable.push(path);
      continue;
    }
    const utf8 = (s: string) => (path.startsWith('encoding/') ? s : Buffer.from(s, 'latin1').toString('utf8'));
    const headers: Record<string, string> = {};
    for (const h of text.matchAll(/^Header:\s+([^:]+):(.+)$/gm)) headers[h[1]!.trim()] = h[2]!.trim();
    cases.push({ path, body, description: utf8(m[1]!), expect: utf8(m[2]!.trim()), headers, http: path.includes('http') });
  }
  return { cases, unreadable };
}
