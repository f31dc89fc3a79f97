import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDocument } from '../../index/elasticsearch/document.ts';
import { monthlyIndex } from '../../index/elasticsearch/names.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { writeReport } from '../../reports/generate.ts';
import { dumpDom, findChromium, pdfPageCount, screenshot } from '../../reports/render/chromium.ts';
import { emptyReport, sampleReport } from '../../reports/testing.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { elasticsearchUrl } from '../helpers/services.ts';
import { mention, testClient, testPrefix } from '../integration/index-helpers.ts';

/**
 * The report in a real browser: headless Chromium (Debian package `chromium`, installed here
 * when missing and running as root) lays out the HTML, a probe script measures every chart, a
 * screenshot is saved, and the PDF is printed with the expected page count. The last test runs
 * `vigie report` as a child process against real Elasticsearch.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vigie-report-e2e-'));
let browser: string;

function ensureChromium(): void {
  const missing = spawnSync('sh', ['-c', 'command -v pdfinfo >/dev/null && (command -v chromium || command -v chromium-browser || command -v google-chrome)']).status !== 0;
  if (missing) {
    if (process.getuid?.() !== 0) throw new Error('headless Chromium and pdfinfo are needed: apt-get install -y chromium poppler-utils (as root)');
    execFileSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium poppler-utils'], { stdio: 'inherit', timeout: 600_000 });
  }
}

/** Chart geometry as the browser laid it out, written into the DOM by an injected probe. */
interface Probe {
  chart: string;
  title: string;
  width: number;
  height: number;
  series: Array<{ name: string; width: number; height: number; shapes: number }>;
}

async function probeCharts(htmlPath: string): Promise<Probe[]> {
  const probe = `<script>
    const out = [...document.querySelectorAll('svg.chart')].map((svg) => {
      const r = svg.getBoundingClientRect();
      return {
        chart: svg.dataset.chart,
        title: svg.querySelector('title').textContent,
        width: r.width, height: r.height,
        series: [...svg.querySelectorAll('[data-series]')].map((g) => {
          const b = g.getBBox();
          return { name: g.dataset.series, width: b.width, height: b.height, shapes: g.querySelectorAll('rect,circle,polyline,path').length };
        }),
      };
    });
    const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
  </script>`;
  const probed = htmlPath.replace(/\.html$/, '.probe.html');
  writeFileSync(probed, readFileSync(htmlPath, 'utf8').replace('</body>', `${probe}</body>`));
  const dom = await dumpDom(probed, { browser });
  const m = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(dom);
  if (!m) throw new Error('probe output missing from the dumped DOM');
  return JSON.parse(m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Probe[];
}

function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function pdfinfoPages(path: string): number {
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(out)![1]);
}

beforeAll(async () => {
  ensureChromium();
  const found = await findChromium();
  if (!found) throw new Error('Chromium still not found on PATH after installation');
  browser = found;
}, 900_000);

describe('report rendered by headless Chromium', () => {
  it('draws every chart with its series, saves a screenshot and prints a 6-page PDF (5, and the responses)', async () => {
    const r = await writeReport(sampleReport(), { locale: 'en', formats: ['html', 'pdf'], outDir: dir, browser });
    expect(r.failed).toEqual([]);
    const html = r.files.find((f) => f.format === 'html')!.path;
    const pdf = r.files.find((f) => f.format === 'pdf')!.path;

    const charts = await probeCharts(html);
    expect(charts.map((c) => c.chart)).toEqual(['line', 'bars', 'bars', 'hbars', 'hbars', 'timeline']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(50);
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.series.length).toBeGreaterThan(0);
      for (const s of c.series) expect(s.shapes).toBeGreaterThan(0);
    }
    const byName = (i: number) => Object.fromEntries(charts[i]!.series.map((s) => [s.name, s]));
    // Volume: this week's line climbs to the Tuesday peak, so its box is taller than last week's.
    expect(byName(0)['This week']!.height).toBeGreaterThan(byName(0)['Previous week']!.height * 2);
    // Sentiment by day: three stacked series, negative the tallest (the Tuesday peak).
    expect(Object.keys(byName(1))).toEqual(['Positive', 'Neutral', 'Negative']);
    expect(byName(1).Negative!.height).toBeGreaterThan(byName(1).Positive!.height);
    // Share of voice: one row per brand; Initech has none this week, so no segment is drawn.
    expect(Object.keys(byName(3))).toEqual(['Acme', 'Globex', 'Initech']);
    expect(byName(3).Initech!.shapes).toBe(1); // only the empty track
    expect(byName(3).Acme!.shapes).toBe(4); // track + 3 tone segments
    expect(Object.keys(byName(4))).toEqual(['r/quebec', 'le-fil', 'mastodon.social', 'blogue']);
    expect(charts[5]!.series.map((s) => s.name)).toEqual(['Mentions spike: Acme (critical)', 'Negative share above 60% (warning)']);

    const png = join(dir, 'report-page1.png');
    await screenshot(html, png, { browser, width: 900, height: 1300 });
    expect(pngSize(png)).toEqual({ width: 900, height: 1300 });
    expect(statSync(png).size).toBeGreaterThan(30_000); // a blank page compresses to a few KB
    process.stderr.write(`[report e2e] screenshot: ${png}\n`);

    const pages = pdfinfoPages(pdf);
    expect(pages).toBe(6); // one section.page per printed page; the brand has owned accounts: a page of responses
    expect(pdfPageCount(readFileSync(pdf))).toBe(pages);
  });

  it('every table at its maximum (10 rows, 5 + 5 long mentions, 6 alerts, 10 platforms and critics answered late) still prints on 6 pages, in French', async () => {
    const d = sampleReport();
    const long = 'Texte très long sur la marque, les prix, le rappel, le service et la suite des événements. '.repeat(4).slice(0, 279) + '…';
    const author = d.people.leaders[0]!;
    const ten = <T,>(make: (i: number) => T) => Array.from({ length: 10 }, (_, i) => make(i));
    d.people = {
      leaders: ten((i) => ({ ...author, key: `m:${i}`, name: `Auteur numéro ${i} avec un nom long` })),
      fans: ten((i) => ({ ...author, key: `f:${i}`, name: `Fan ${i}` })),
      critics: ten((i) => ({ ...author, key: `c:${i}`, name: `Critique ${i}` })),
    };
    const m = d.topMentions.negative[0]!;
    d.topMentions = {
      positive: Array.from({ length: 5 }, (_, i) => ({ ...m, id: `p${i}`, title: `Un titre de mention positive assez long pour tenir sur une ligne entière ${i}`, excerpt: long })),
      negative: Array.from({ length: 5 }, (_, i) => ({ ...m, id: `n${i}`, title: `Un titre de mention négative assez long pour tenir sur une ligne entière ${i}`, excerpt: long })),
    };
    const p = d.platforms.names[0]!;
    d.platforms = { kinds: ten((i) => ({ ...p, key: `kind-${i}` })), names: ten((i) => ({ ...p, key: `source-${i}` })), domains: ten((i) => ({ ...p, key: `site-${i}.example` })) };
    d.emerging.hashtags = ten((i) => ({ tag: `tag${i}`, current: 10 - i, baselineWeekly: 1, growth: 10 - i, isNew: false }));
    d.emerging.terms = ten((i) => ({ term: `terme${i}`, current: 10 - i, baseline: 1, score: 1 }));
    const e = d.alerts.episodes[0]!;
    d.alerts.episodes = Array.from({ length: 6 }, (_, i) => ({ ...e, episodeId: `e${i}`, openedAt: new Date(Date.parse(d.week.start) + i * 86_400_000).toISOString() }));
    d.languages = ten((i) => ({ key: ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl', 'ar', 'ja', 'zh'][i]!, count: 10, share: 0.1 }));
    d.countries = { known: 100, rows: ten((i) => ({ key: ['CA', 'FR', 'US', 'BE', 'CH', 'MA', 'SN', 'HT', 'GB', 'DE'][i]!, count: 10, share: 0.1 })) };
    const resp = d.responses!;
    d.responses = {
      ...resp,
      platforms: ten((i) => ({ ...resp.platforms[0]!, key: `plateforme-${i}` })),
      critics: ten((i) => ({ ...resp.critics[0]!, id: `w${i}`, author: `Critique au nom assez long numéro ${i}`, excerpt: long })),
      criticsWaiting: 240,
    };
    const r = await writeReport(d, { locale: 'fr', formats: ['html', 'pdf'], outDir: join(dir, 'full'), browser });
    expect(r.failed).toEqual([]);
    expect(pdfinfoPages(r.files.find((f) => f.format === 'pdf')!.path)).toBe(6);
  });

  it('an empty week prints and renders without NaN in French', async () => {
    const empty = emptyReport();
    const r = await writeReport(empty, { locale: 'fr', formats: ['html', 'pdf'], outDir: join(dir, 'empty'), browser });
    expect(r.failed).toEqual([]);
    const dom = await dumpDom(r.files.find((f) => f.format === 'html')!.path, { browser });
    expect(dom).not.toMatch(/NaN|Infinity|undefined/);
    expect(dom).toContain('Aucune mention de Acme cette semaine.');
    expect(pdfinfoPages(r.files.find((f) => f.format === 'pdf')!.path)).toBe(5);
  });
});

describe('vigie report as a child process', () => {
  const client = testClient();
  const prefix = testPrefix();
  afterAll(async () => {
    await deleteByPrefix(client, prefix);
    await client.close();
  });

  it('reads real Elasticsearch and writes html, pdf, md and json, printing their paths', async () => {
    await setupIndices(client, { prefix, now: Date.parse('2026-11-10T12:00:00Z') });
    const docs = Array.from({ length: 12 }, (_, i) =>
      mention(`e2e:${i}`, {
        publishedAt: new Date(Date.parse('2026-11-09T14:00:00Z') + i * 9 * 3_600_000).toISOString(),
        title: i === 0 ? '<script>alert("x")</script> Brûlerie' : `Mention ${i}`,
        sentiment: { score: i % 3 === 0 ? -0.5 : 0.5, label: i % 3 === 0 ? 'negative' : 'positive', method: 'e2e' },
        matches: [{ name: 'Brûlerie Boréale', role: 'brand' }, ...(i % 4 === 0 ? [{ name: 'Café Cascade', role: 'competitor' as const }] : [])],
      }),
    );
    const ops = docs.flatMap((m) => [{ index: { _index: monthlyIndex(prefix, m.publishedAt), _id: m.id } }, toDocument(m)]);
    expect((await client.bulk({ operations: ops, refresh: true })).errors).toBe(false);
    const cfg = join(dir, 'config.yaml');
    writeFileSync(
      cfg,
      `elasticsearch:\n  node: ${elasticsearchUrl()}\n  indexPrefix: ${prefix}\nwatch:\n  - name: Brûlerie Boréale\n    role: brand\n    query: boréale\n  - name: Café Cascade\n    role: competitor\n    query: cascade\n`,
    );
    const out = join(dir, 'cli-out');
    mkdirSync(out, { recursive: true });
    const script = `import { command } from ${JSON.stringify(join(ROOT, 'cli/commands/report.ts'))}; process.exitCode = await command.run(process.argv.slice(1));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, '--', '--config', cfg, '--brand', 'Brûlerie Boréale', '--week', '2026-W46', '--format', 'html,pdf,md,json', '--out', out, '--locale', 'fr'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, VIGIE_LOG_LEVEL: 'warn', DOTENV_CONFIG_QUIET: 'true' },
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const base = join(out, 'brulerie-boreale-2026-W46-fr');
    expect(r.stdout.trim().split('\n')).toEqual([`${base}.html`, `${base}.md`, `${base}.json`, `${base}.pdf`]);
    const json = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    expect(json.volume.current).toBe(12);
    expect(json.shareOfVoice.entities.map((e: { mentions: { current: number } }) => e.mentions.current)).toEqual([12, 3]);
    const html = readFileSync(`${base}.html`, 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(pdfinfoPages(`${base}.pdf`)).toBe(5);
  });
});
