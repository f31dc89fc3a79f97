/**
 * `npm run demo`: serves the bundled sample feeds on loopback, runs every stage against real
 * Kafka and Elasticsearch (the local stack, started if needed, or KAFKA_BROKERS /
 * ELASTICSEARCH_URL), waits until the feeds are drained, reads Elasticsearch back and prints what
 * an analyst would see. The last line is one JSON object for scripts.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createLogger } from '../core/logger.ts';
import { stackUp } from '../stack/index.ts';
import { configError, validateConfig } from './config.ts';
import { waitDrained } from './drain.ts';
import { createRuntime } from './runtime.ts';
import { formatPage, startDemoReceiver, type DemoPage } from './demo-receiver.ts';
import { groupId } from './runtime.ts';
import { startStages } from './stages.ts';
import { formatter } from '../reports/i18n.ts';
import { figuresOf, readResponses, waitingCritics } from '../reports/responses.ts';

const DEMO = join(import.meta.dirname, '..', 'demo');

interface Manifest {
  feeds: Array<{ file: string; contentType: string; uniqueItems: number }>;
  totals: { uniqueItems: number };
  /** A Discourse /posts.json listing (newest first), served under /forum page by page. */
  forum: { file: string; posts: number };
}

/** Posts per page of the demo forum (Discourse serves 50; fewer here so the connector pages). */
const FORUM_PAGE = 20;

/** `/forum/posts.json[?before=<id>]` as Discourse answers it: the posts older than `before`, newest first. */
function forumPage(listing: { latest_posts: Array<{ id: number }> }, url: URL): string {
  const before = Number(url.searchParams.get('before') ?? Infinity);
  return JSON.stringify({ latest_posts: listing.latest_posts.filter((p) => p.id < before).slice(0, FORUM_PAGE) });
}

interface ForumPost {
  id: number;
  username: string;
  name?: string;
  user_id?: number;
  cooked: string;
  created_at: string;
  post_number: number;
  post_type?: number;
  reply_to_post_number?: number | null;
  topic_id: number;
  topic_slug?: string;
  topic_title?: string;
  hidden?: boolean;
}

/**
 * `/forum/user_actions.json?username=<u>&filter=4,5[&offset=N]` as Discourse answers it: what the
 * user posted (4 = new topic, 5 = reply), newest first, 30 a page, the text as an excerpt. The
 * connector reads the brand's owned account through it.
 */
function userActions(listing: { latest_posts: ForumPost[] }, url: URL): string {
  const username = url.searchParams.get('username');
  const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
  const mine = listing.latest_posts.filter((p) => p.username === username).slice(offset, offset + 30);
  const user_actions = mine.map((p) => ({
    action_type: p.post_number === 1 ? 4 : 5,
    excerpt: p.cooked.replace(/<[^>]*>/g, ''),
    created_at: p.created_at,
    slug: p.topic_slug,
    title: p.topic_title,
    topic_id: p.topic_id,
    post_id: p.id,
    post_number: p.post_number,
    reply_to_post_number: p.reply_to_post_number ?? null,
    username: p.username,
    name: p.name,
    user_id: p.user_id,
    acting_username: p.username,
    acting_name: p.name,
    acting_user_id: p.user_id,
    post_type: p.post_type ?? 1,
    deleted: false,
    hidden: p.hidden ?? false,
  }));
  return JSON.stringify({ user_actions });
}

async function services(log: (s: string) => void): Promise<{ brokers: string; es: string }> {
  if (process.env.KAFKA_BROKERS && process.env.ELASTICSEARCH_URL) {
    log(`using KAFKA_BROKERS=${process.env.KAFKA_BROKERS} and ELASTICSEARCH_URL=${process.env.ELASTICSEARCH_URL}`);
    return { brokers: process.env.KAFKA_BROKERS, es: process.env.ELASTICSEARCH_URL };
  }
  log('starting the local stack (Kafka + Elasticsearch on the JDK; the first run downloads them from Maven Central)...');
  const up = await stackUp({});
  log(`kafka ${up.kafka.address}, elasticsearch ${up.elasticsearch.address} (${up.alreadyRunning.length ? `already running: ${up.alreadyRunning.join(', ')}` : 'started'}); stop with: npx vigie stack down`);
  return { brokers: up.kafka.address, es: up.elasticsearch.address };
}

function table(title: string, rows: Array<[string, number]>): string {
  const w = Math.max(title.length, ...rows.map(([k]) => k.length));
  return [`${title.padEnd(w)}  count`, ...rows.map(([k, v]) => `${k.padEnd(w)}  ${String(v).padStart(5)}`)].join('\n');
}

async function main(): Promise<void> {
  const say = (s: string) => process.stderr.write(`demo: ${s}\n`);
  const manifest = JSON.parse(await readFile(join(DEMO, 'feeds', 'manifest.json'), 'utf8')) as Manifest;
  const files = new Map(manifest.feeds.map((f) => [`/${f.file}`, f]));
  const forum = JSON.parse(await readFile(join(DEMO, 'feeds', manifest.forum.file), 'utf8'));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    if (url.pathname === '/forum/posts.json') return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(forumPage(forum, url));
    if (url.pathname === '/forum/user_actions.json') return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(userActions(forum, url));
    const f = files.get(req.url ?? '');
    if (!f) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': f.contentType }).end(await readFile(join(DEMO, 'feeds', f.file)));
  });
  // A fixed port: feed URLs are part of the mention ids of guid-carrying feeds, so the same
  // feeds served on another port would be other mentions.
  const port = Number(process.env.DEMO_PORT ?? 8787);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: set DEMO_PORT to a free port (keep it the same between runs)`) : e));
    server.listen(port, '127.0.0.1', resolve);
  });
  const { brokers, es } = await services(say);

  // The on-call side: a signed webhook to a receiver on loopback that prints each page as it lands.
  // The secret lives for this run only; the receiver verifies it like a real integration.
  const secret = randomBytes(24).toString('hex');
  const receiver = await startDemoReceiver(secret, (p: DemoPage) => process.stdout.write(`\n${formatPage(p)}\n`));

  const tree = parse(await readFile(join(DEMO, 'config.yaml'), 'utf8'));
  const { config, problems } = validateConfig(tree, { ...process.env, DEMO_PORT: String(port), KAFKA_BROKERS: brokers, ELASTICSEARCH_URL: es, DEMO_RECEIVER_PORT: String(receiver.port), DEMO_WEBHOOK_SECRET: secret });
  if (!config) throw configError('demo/config.yaml', problems);
  const logger = createLogger({ name: 'demo', level: process.env.VIGIE_LOG_LEVEL ?? 'warn' });
  const rt = createRuntime(config, 'demo', logger);
  const running = await startStages(rt, ['ingest', 'enrich', 'index'], { pollSources: false });
  const t = config.kafka.topics;
  const alertGroups = [
    { group: groupId(config, 'alerts'), topic: t.enriched },
    ...(config.alerts?.channels ?? []).map((c) => ({ group: `${groupId(config, 'alerts')}.deliver.${c.name}`, topic: t.alerts })),
  ];
  let published = 0;
  try {
    const rounds = await running.ingest!.runOnce();
    for (const r of rounds) {
      published += r.published;
      say(`${r.source}: ${r.ok ? `${r.published} new mention(s)` : `FAILED ${r.error?.code}: ${r.error?.message}`}`);
    }
    await waitDrained(rt, 180_000);
    // The alert stage starts once the week is enriched and judges it in event time (catch-up):
    // read partition by partition, Friday would come before Monday and nothing would be learned.
    const alerting = await startStages(rt, ['alerts'], { alertsCatchUp: { idleMs: 2000 } });
    try {
      await waitDrained(rt, 180_000, alertGroups);
    } finally {
      await alerting.stop();
    }
  } finally {
    await running.stop();
    server.close();
    await receiver.close();
  }

  const alias = `${config.elasticsearch.indexPrefix}-mentions`;
  const sources = config.sources.map((s) => s.name);
  await rt.es.indices.refresh({ index: alias });
  const query = { terms: { 'source.name': sources } };
  const indexed = (await rt.es.count({ index: alias, query })).count;
  const aggs = await rt.es.search({
    index: alias, size: 0, query,
    aggs: {
      ids: { cardinality: { field: 'id', precision_threshold: 40000 } },
      lang: { terms: { field: 'lang.code', size: 20 } },
      sentiment: { terms: { field: 'sentiment.label', size: 3 } },
      watch: { terms: { field: 'matches.name', size: 20 } },
      nearDuplicates: { filter: { exists: { field: 'duplicateOf' } } },
    },
  });
  const a = aggs.aggregations as Record<string, any>;
  const buckets = (k: string): Array<[string, number]> => a[k].buckets.map((b: { key: string; doc_count: number }) => [b.key, b.doc_count]);
  // Response figures from what the pipeline stored: owned replies matched to their parents by
  // the index stage (`response`), the mentions that need a reply by the enrich stage.
  const brand = config.watch.find((w) => w.owned)!;
  const ownedPlatforms = Object.keys(brand.owned ?? {});
  const answers = await readResponses(rt.es, { prefix: config.elasticsearch.indexPrefix, brand: brand.name, platforms: ownedPlatforms });
  const resp = figuresOf(answers);
  const f = formatter('en', 'America/Montreal');
  const critics = waitingCritics(answers, Date.now());
  const out = [
    '',
    `Mentions in Elasticsearch (${alias}): ${indexed}  (published by this run: ${published})`,
    '', table('language', buckets('lang')),
    '', table('sentiment', buckets('sentiment')),
    '', table('watch entry', buckets('watch')),
    '', `near-duplicates marked (duplicateOf): ${a.nearDuplicates.doc_count}`,
    '', `responses of ${brand.name} (owned accounts: ${Object.entries(brand.owned ?? {}).map(([p, a]) => `${p} ${a!.join(', ')}`).join('; ')}):`,
    `  needed a reply ${resp.needed}, answered ${resp.answered}: response rate ${f.pct(resp.rate)}, median response time ${f.duration(resp.medianSeconds)}, 90th percentile ${f.duration(resp.p90Seconds)}`,
    `  still waiting ${resp.waiting}${resp.handled ? ` (and ${resp.handled} handled on the desk)` : ''}, of which critics ${critics.length}${critics[0] ? `; the longest-waiting: ${critics[0].author ?? '?'} on ${critics[0].platform}, since ${critics[0].publishedAt}` : ''}`,
    '', `pages received by the on-call webhook this run: ${receiver.pages.filter((p) => p.event !== 'resolved').length}, follow-ups (resolved): ${receiver.pages.filter((p) => p.event === 'resolved').length}${receiver.rejected ? ` (and ${receiver.rejected} request(s) with a bad signature refused)` : ''}${receiver.repeated ? ` (${receiver.repeated} repeated delivery id(s) ignored)` : ''}`,
    '', 'Next: npx vigie report --config demo/config.yaml --brand "Brûlerie Boréale" --week 2026-W46 --out out/reports',
    '',
  ];
  process.stdout.write(out.join('\n'));
  const uniqueItems = manifest.totals.uniqueItems + manifest.forum.posts;
  // Documents beyond distinct ids would be duplicates (the same mention stored twice).
  const duplicates = indexed - a.ids.value;
  process.stdout.write(`${JSON.stringify({ demo: indexed === uniqueItems && duplicates === 0 ? 'ok' : 'mismatch', indexed, uniqueItems, duplicates, pages: receiver.pages.filter((p) => p.event !== 'resolved').length, responses: { needed: resp.needed, answered: resp.answered, waiting: resp.waiting, rate: resp.rate, medianSeconds: resp.medianSeconds, p90Seconds: resp.p90Seconds } })}\n`);
  if (indexed !== uniqueItems || duplicates !== 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  const err = e as { code?: string; message?: string };
  process.stderr.write(`demo failed: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}\n`);
  process.exitCode = 1;
});
