#!/usr/bin/env node
/**
 * Counts the demo feeds and checks them against demo/feeds/manifest.json.
 *
 *   npx tsx demo/check-feeds.mjs           verify (exit 1 on any mismatch or problem)
 *   npx tsx demo/check-feeds.mjs --write   recompute the counts into the manifest
 *
 * Two independent counts must agree: a deliberately simple one (regular expressions over the
 * decoded files, ids = guid scoped to the feed, else the canonical link), and the real rss
 * connector's parser (`readFeed`). The demo's last line checks `indexed == uniqueItems`, so the
 * unique count must be exact. Under tsx it also runs the real watch matcher on every mention
 * with demo/config.yaml: the enricher drops unmatched mentions, so every item must match.
 * Under plain `node` only the simple count runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const feedsDir = `${demoDir}feeds/`;
const write = process.argv.includes('--write');
const problems = [];

const manifestPath = `${feedsDir}manifest.json`;
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const labels = JSON.parse(readFileSync(`${feedsDir}labels.json`, 'utf8'));
const anchorMs = Date.parse(manifest.anchor);
const OLDEST_MS = anchorMs - 22 * 86_400_000;

/** Canonical link the simple way: no fragment, no utm_* parameters. */
function simpleCanonical(link) {
  const u = new URL(link.trim());
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (/^utm_/i.test(k)) u.searchParams.delete(k);
  if ([...u.searchParams.keys()].length === 0) u.search = '';
  return u.toString();
}

const first = (re, s) => re.exec(s)?.[1]?.trim().replace(/&amp;/g, '&');

/** Items of an XML feed, decoded with the encoding its declaration names (the BOM wins). */
function simpleXmlItems(bytes) {
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([^"']+)["']/.exec(head)?.[1] ?? 'utf-8';
  const text = new TextDecoder(declared, { fatal: true }).decode(bytes);
  return [...text.matchAll(/<(item|entry)\b[\s\S]*?<\/\1>/g)].map(([xml]) => ({
    guid: first(/<guid\b[^>]*>([\s\S]*?)<\/guid>/, xml) ?? first(/<id>([\s\S]*?)<\/id>/, xml),
    link: first(/<link>([\s\S]*?)<\/link>/, xml) ?? first(/<link\b[^>]*href="([^"]+)"/, xml),
    date: first(/<(?:pubDate|published)>([\s\S]*?)<\//, xml),
    scriptOrStyle: /(<|&lt;)(script|style)\b/i.test(xml),
  }));
}

function simpleJsonItems(bytes) {
  const feed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (feed.version !== 'https://jsonfeed.org/version/1.1') problems.push(`JSON Feed version is ${feed.version}`);
  return feed.items.map((i) => ({
    guid: i.id,
    link: i.url,
    date: i.date_published,
    scriptOrStyle: /<(script|style)\b/i.test(i.content_html ?? ''),
  }));
}

/** The real connector and matcher, when running under tsx (they are TypeScript). */
async function loadReal() {
  try {
    const [{ readFeed }, { canonicalUrl }, { compileWatch }, { parse }, discourse] = await Promise.all([
      import('../ingest/rss/read-feed.ts'),
      import('../ingest/kit/http/canonical-url.ts'),
      import('../enrich/watch/index.ts'),
      import('yaml'),
      import('../ingest/discourse/map.ts'),
    ]);
    const config = parse(readFileSync(`${demoDir}config.yaml`, 'utf8'));
    return { readFeed, canonicalUrl, config, matcher: compileWatch(config.watch), discourse };
  } catch (e) {
    if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    process.stderr.write('plain node: simple count only (run with npx tsx for the connector cross-check and watch coverage)\n');
    return undefined;
  }
}

const real = await loadReal();
const tally = (rows, key) => {
  const counts = rows.reduce((acc, r) => ({ ...acc, [r[key]]: (acc[r[key]] ?? 0) + 1 }), {});
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};
const globalIds = new Map();
const matchedBy = {};
const unmatched = [];
const feeds = [];
for (const entry of manifest.feeds) {
  const bytes = readFileSync(`${feedsDir}${entry.file}`);
  const items = entry.format === 'json' ? simpleJsonItems(bytes) : simpleXmlItems(bytes);
  const ids = new Set();
  for (const it of items) {
    const id = it.guid ? `guid:${entry.file}\n${it.guid}` : `url:${simpleCanonical(it.link)}`;
    ids.add(id);
    const owner = globalIds.get(id);
    if (owner && owner !== entry.file) problems.push(`${entry.file}: id ${id} also used in ${owner}`);
    globalIds.set(id, entry.file);
    if (it.date) {
      const ms = Date.parse(it.date);
      if (!(ms <= anchorMs && ms >= OLDEST_MS)) problems.push(`${entry.file}: date ${it.date} outside the 22 days before the anchor`);
    }
  }
  const rows = labels.feeds[entry.source];
  if (rows.length !== ids.size) problems.push(`${entry.file}: ${rows.length} labels for ${ids.size} unique items`);
  const counts = {
    items: items.length,
    uniqueItems: ids.size,
    inFeedRepeats: items.length - ids.size,
    withoutGuid: items.filter((i) => !i.guid).length,
    withoutDate: items.filter((i) => !i.date).length,
    withScriptOrStyle: items.filter((i) => i.scriptOrStyle).length,
    languages: tally(rows, 'lang'),
    sentiment: tally(rows, 'sentiment'),
  };
  if (real) {
    const sourceUrl = real.config.sources.find((s) => s.name === entry.source).url.replace(/\$\{DEMO_PORT(:-\d+)?\}/, '8080');
    const { mentions } = real.readFeed(
      { body: bytes, contentType: entry.contentType },
      { feedUrl: sourceUrl, sourceName: entry.source, fetchedAt: new Date(anchorMs).toISOString() },
    );
    const realIds = new Set(mentions.map((m) => m.id));
    // The connector keeps an item listed twice in a feed once: it gives one mention per unique id.
    if (mentions.length !== ids.size || realIds.size !== ids.size) {
      problems.push(`${entry.file}: connector reads ${mentions.length} items / ${realIds.size} ids, simple count ${items.length} / ${ids.size}`);
    }
    const byLink = new Map(rows.map((r) => [real.canonicalUrl(r.link), r]));
    const seen = new Set();
    for (const m of mentions) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      const label = byLink.get(m.url);
      if (!label) problems.push(`${entry.file}: no label for ${m.url}`);
      if (/<\/?(script|style|p|b|a)\b|window\.|dataLayer|\{border/i.test(m.text)) problems.push(`${entry.file}: markup or script left in text of ${m.url}`);
      const matches = real.matcher.match(m, label?.lang);
      for (const x of matches) matchedBy[x.name] = (matchedBy[x.name] ?? 0) + 1;
      if (matches.length === 0) unmatched.push({ feed: entry.source, url: m.url, text: m.text.slice(0, 80) });
    }
  }
  feeds.push({ ...entry, ...counts });
}

const all = Object.values(labels.feeds).flat();
const pairs = all.filter((r) => r.duplicateOf).map((r) => ({ id: r.id, duplicateOf: r.duplicateOf }));
const sum = (k) => feeds.reduce((n, f) => n + f[k], 0);
const totals = {
  items: sum('items'),
  uniqueItems: sum('uniqueItems'),
  inFeedRepeats: sum('inFeedRepeats'),
  withoutGuid: sum('withoutGuid'),
  withoutDate: sum('withoutDate'),
  withScriptOrStyle: sum('withScriptOrStyle'),
  languages: tally(all, 'lang'),
  sentiment: tally(all, 'sentiment'),
  crossFeedNearDuplicates: pairs.length,
};
/**
 * The forum (a Discourse /posts.json listing the demo serves page by page): every post is a
 * mention. The brand's own posts (its `owned` account) are kept without a watch match; every
 * other post must match, like a feed item.
 */
const forum = (() => {
  const entry = manifest.forum;
  const posts = JSON.parse(readFileSync(`${feedsDir}${entry.file}`, 'utf8')).latest_posts;
  const ids = new Set(posts.map((p) => `${p.topic_id}/${p.post_number}`));
  if (ids.size !== posts.length) problems.push(`${entry.file}: ${posts.length} posts but ${ids.size} distinct topic/post numbers`);
  for (const p of posts) {
    const ms = Date.parse(p.created_at);
    if (!(ms <= anchorMs && ms >= OLDEST_MS)) problems.push(`${entry.file}: date ${p.created_at} outside the 22 days before the anchor`);
    if (p.reply_to_post_number && !posts.some((q) => q.topic_id === p.topic_id && q.post_number === p.reply_to_post_number)) problems.push(`${entry.file}: post ${p.id} replies to a post not in the listing`);
  }
  const owned = new Set((manifest.forum.owned ?? []).map((a) => a.toLowerCase()));
  const own = posts.filter((p) => owned.has(p.username.toLowerCase()));
  if (real) {
    const src = real.config.sources.find((s) => s.name === entry.source);
    const owners = real.config.watch.flatMap((w) => w.owned?.discourse ?? []).map((a) => a.toLowerCase());
    if (JSON.stringify([...owned].sort()) !== JSON.stringify(owners.sort())) problems.push(`${entry.file}: manifest owned ${[...owned]} differs from config.yaml owned.discourse ${owners}`);
    const f = real.discourse.forumOf(src.url.replace(/\$\{DEMO_PORT(:-\d+)?\}/, '8080'), entry.source, src.url, new Date(anchorMs).toISOString());
    const mentions = posts.map((p) => real.discourse.postToMention(p, f)).filter(Boolean);
    if (mentions.length !== posts.length) problems.push(`${entry.file}: the connector maps ${mentions.length} of ${posts.length} posts`);
    for (const [i, m] of mentions.entries()) {
      if (owned.has(m.author.handle.toLowerCase())) continue;
      const matches = real.matcher.match(m, posts[i].vigie_label.lang);
      for (const x of matches) matchedBy[x.name] = (matchedBy[x.name] ?? 0) + 1;
      if (matches.length === 0) unmatched.push({ feed: entry.source, url: m.url, text: m.text.slice(0, 80) });
    }
  }
  const labelsOf = posts.map((p) => p.vigie_label);
  return { ...entry, posts: posts.length, ownedPosts: own.length, replies: posts.filter((p) => p.reply_to_post_number).length, languages: tally(labelsOf, 'lang'), sentiment: tally(labelsOf, 'sentiment') };
})();
if (globalIds.size !== totals.uniqueItems) problems.push(`global unique ids ${globalIds.size} != sum of per-feed unique ids ${totals.uniqueItems}`);
if (unmatched.length > 0) problems.push(`${unmatched.length} item(s) match no watch entry: ${JSON.stringify(unmatched, null, 1)}`);

const computed = {
  ...manifest,
  feeds,
  totals,
  forum,
  nearDuplicatePairs: pairs,
  ...(real ? { watch: { matchedBy, unmatched: unmatched.map((u) => u.url) } } : {}),
};
for (const f of feeds) {
  process.stdout.write(
    `${f.file.padEnd(22)} items ${String(f.items).padStart(3)}  unique ${String(f.uniqueItems).padStart(3)}  ` +
      `${JSON.stringify(f.languages)} ${JSON.stringify(f.sentiment)}\n`,
  );
}
process.stdout.write(`${JSON.stringify(totals)}\n`);
process.stdout.write(`${forum.file.padEnd(22)} posts ${forum.posts} (owned ${forum.ownedPosts}, replies ${forum.replies}) ${JSON.stringify(forum.languages)} ${JSON.stringify(forum.sentiment)}\n`);
if (real) process.stdout.write(`watch: ${JSON.stringify(matchedBy)}\n`);

if (write) {
  if (!real) problems.push('--write needs the connector cross-check and watch coverage: run with npx tsx');
  else writeFileSync(manifestPath, `${JSON.stringify(computed, null, 1)}\n`);
} else {
  const { watch: _w, ...mine } = computed;
  const { watch: _m, ...theirs } = manifest;
  if (JSON.stringify(mine) !== JSON.stringify(theirs)) problems.push('manifest.json counts differ from the files: run npx tsx demo/check-feeds.mjs --write');
  if (real && JSON.stringify(computed.watch) !== JSON.stringify(manifest.watch)) problems.push('manifest.json watch coverage differs: run with --write');
}
for (const p of problems) process.stderr.write(`problem: ${p}\n`);
process.exit(problems.length > 0 ? 1 : 0);
