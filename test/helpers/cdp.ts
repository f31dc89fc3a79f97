import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * A real headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * fd 3 to the browser, fd 4 from it, messages separated by NUL), so no WebSocket library and no
 * debugging port are needed. Enough for tests: open a page, evaluate script, take a screenshot.
 */
export class Browser {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private buffer = '';
  private session = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const out = child.stdio[4] as Readable;
    out.on('data', (b: Buffer) => {
      this.buffer += b.toString('utf8');
      let at: number;
      while ((at = this.buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, at));
        this.buffer = this.buffer.slice(at + 1);
        const w = msg.id !== undefined ? this.waiting.get(msg.id) : undefined;
        if (!w) continue;
        this.waiting.delete(msg.id);
        if (msg.error) w.reject(new Error(`CDP: ${msg.error.message}`));
        else w.resolve(msg.result);
      }
    });
  }

  static async launch(executable: string, width = 412, height = 915): Promise<Browser> {
    const profile = await mkdtemp(join(tmpdir(), 'vigie-cdp-'));
    const child = spawn(executable, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const b = new Browser(child, profile);
    let page: { targetId: string } | undefined;
    for (let i = 0; i < 100 && !page; i++) {
      // The first tab appears a moment after the browser answers.
      page = (await b.send('Target.getTargets')).targetInfos.find((t: { type: string }) => t.type === 'page');
      if (!page) await new Promise((r) => setTimeout(r, 100));
    }
    if (!page) throw new Error('Chromium opened no page');
    const { sessionId } = await b.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    b.session = sessionId;
    await b.send('Page.enable', {}, true);
    return b;
  }

  send(method: string, params: Record<string, unknown> = {}, inPage = false): Promise<any> {
    const id = this.nextId++;
    const msg = { id, method, params, ...(inPage || this.session ? { sessionId: this.session } : {}) };
    if (method.startsWith('Target.')) delete (msg as { sessionId?: string }).sessionId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(msg)}\0`);
    });
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
    await this.waitFor('document.readyState === "complete"', 20_000);
  }

  /** Evaluates an expression in the page and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  async waitFor(expression: string, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false)) return;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting in the page for: ${expression}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async screenshot(): Promise<Buffer> {
    const r = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false });
    return Buffer.from(r.data, 'base64');
  }

  async close(): Promise<void> {
    this.child.kill('SIGKILL');
    await new Promise((r) => this.child.once('exit', r));
    await rm(this.profile, { recursive: true, force: true });
  }
}
