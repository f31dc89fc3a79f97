import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VigieError } from '../../core/errors.ts';

/**
 * Headless Chromium for the PDF (and for screenshots and DOM dumps in tests). Nothing is
 * downloaded: the browser must be installed (`apt-get install chromium` on Debian). Network
 * features are off and the profile is a fresh temporary directory removed afterwards.
 */

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The first Chromium on PATH (or `$VIGIE_CHROMIUM`), or undefined. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.VIGIE_CHROMIUM) return (await isExecutable(env.VIGIE_CHROMIUM)) ? env.VIGIE_CHROMIUM : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const n of NAMES) if (await isExecutable(join(dir, n))) return join(dir, n);
  }
  return undefined;
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK);
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** ERR_REPORT_PDF_UNAVAILABLE with the install hint. */
export function noChromiumError(): VigieError {
  return new VigieError(
    'ERR_REPORT_PDF_UNAVAILABLE',
    'PDF needs headless Chromium and none was found on PATH (chromium, chromium-browser, google-chrome): install it (Debian/Ubuntu: apt-get install -y chromium) or set VIGIE_CHROMIUM=/path/to/chrome, or drop pdf from --format',
  );
}

const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions', '--hide-scrollbars', '--mute-audio'];

/** Runs Chromium with a throwaway profile; resolves with stdout. */
async function runChromium(browser: string, args: string[], timeoutMs: number): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'vigie-chromium-'));
  try {
    return await new Promise<string>((resolve, reject) => {
      const child = spawn(browser, [...BASE_ARGS, `--user-data-dir=${profile}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
      child.stderr.on('data', (b: Buffer) => (err = (err + b.toString('utf8')).slice(-4000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new VigieError('ERR_REPORT_PDF_FAILED', `cannot start ${browser}: ${e.message}`, { cause: e }));
      });
      child.on('close', (code, sig) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new VigieError('ERR_REPORT_PDF_FAILED', `${browser} exited with ${sig ?? code}${sig === 'SIGKILL' ? ` (timeout ${timeoutMs} ms)` : ''}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** Prints an HTML file to PDF (no header/footer, the page's own @page size). */
export async function htmlToPdf(htmlPath: string, pdfPath: string, opts: { browser?: string; timeoutMs?: number } = {}): Promise<void> {
  const browser = opts.browser ?? (await findChromium());
  if (!browser) throw noChromiumError();
  await runChromium(browser, [`--print-to-pdf=${pdfPath}`, '--no-pdf-header-footer', pathToFileURL(htmlPath).href], opts.timeoutMs ?? 60_000);
  const head = await readFile(pdfPath).then((b) => b.subarray(0, 5).toString('latin1')).catch(() => '');
  if (head !== '%PDF-') throw new VigieError('ERR_REPORT_PDF_FAILED', `${browser} ran but wrote no PDF at ${pdfPath}`);
}

/** Saves a PNG screenshot of an HTML file at the given window size. */
export async function screenshot(htmlPath: string, pngPath: string, opts: { browser?: string; width?: number; height?: number; timeoutMs?: number } = {}): Promise<void> {
  const browser = opts.browser ?? (await findChromium());
  if (!browser) throw noChromiumError();
  await runChromium(browser, [`--screenshot=${pngPath}`, `--window-size=${opts.width ?? 900},${opts.height ?? 1200}`, pathToFileURL(htmlPath).href], opts.timeoutMs ?? 60_000);
}

/** The DOM after layout, serialized (what the browser actually parsed). */
export async function dumpDom(htmlPath: string, opts: { browser?: string; timeoutMs?: number } = {}): Promise<string> {
  const browser = opts.browser ?? (await findChromium());
  if (!browser) throw noChromiumError();
  return runChromium(browser, ['--dump-dom', pathToFileURL(htmlPath).href], opts.timeoutMs ?? 60_000);
}

/** Number of pages of a PDF, by counting its `/Type /Page` objects (not `/Pages`). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
