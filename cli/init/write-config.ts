/**
 * The commented vigie.yaml that `vigie init` writes, from the answers; secrets (webhook URLs, the
 * signing secret) go to a separate env file and are referenced as ${NAME}, never written in the
 * config. The text is validated with Vigie's own config validation before anything is written.
 */
import { randomBytes } from 'node:crypto';
import { parseConfigText } from '../config.ts';
import type { FoundFeed } from './discover.ts';
import { sayWith, type Lang } from './i18n.ts';
import type { OwnedPlatform } from '../../core/owned.ts';
import { joined, watchQuery } from './queries.ts';

export interface Answers {
  lang: Lang;
  brand: string;
  competitors: string[];
  handles: Array<{ platform: string; name: string }>;
  /** The brand's own accounts per platform (each valid for the config), for the response desk. */
  owned: Partial<Record<OwnedPlatform, string[]>>;
  misspellings: string[];
  feeds: FoundFeed[];
  /** The site is on a private address (a local test site): its feeds need allowPrivate. */
  privateSite: boolean;
  searches: boolean;
  slackUrl?: string;
  teamsUrl?: string;
  webhookUrl?: string;
}

/** A YAML scalar: JSON's double-quoted strings are valid YAML, and keep `#`, `:` and quotes safe. */
const q = (s: string): string => JSON.stringify(s);
const slug = (s: string): string => joined(s).slice(0, 40) || 'brand';

function sources(a: Answers): string[] {
  const out: string[] = [];
  a.feeds.forEach((f, i) => {
    out.push(`  - name: ${slug(a.brand)}-site${i ? `-${i + 1}` : ''}${f.title ? `   # ${f.title.replace(/[\r\n]+/g, ' ').slice(0, 60)}` : ''}`, '    kind: rss', `    url: ${q(f.url)}`, '    interval: 15m');
    if (a.privateSite) out.push('    allowPrivate: true   # the site is on this machine or a private network');
  });
  if (a.searches) {
    out.push(
      `  - name: hn-${slug(a.brand)}            # Hacker News search (public API, no key)`,
      '    kind: hackernews',
      `    query: ${q(a.brand)}`,
      '    interval: 30m',
      `  - name: mastodon-${slug(a.brand)}      # the #${joined(a.brand)} hashtag on mastodon.social (public, no key)`,
      '    kind: mastodon',
      '    baseUrl: "https://mastodon.social"',
      '    timeline: tag',
      `    tag: ${q(joined(a.brand))}`,
      '    interval: 10m',
    );
  }
  out.push(
    '  # Reddit and Bluesky searches need an account of yours (docs/connectors.md):',
    '  # Reddit: an OAuth app (approved under the Data API terms); Bluesky: an app password.',
    `  # - name: reddit-${slug(a.brand)}`,
    '  #   kind: reddit',
    `  #   query: ${q(a.brand)}`,
    '  #   oauth: { clientId: "${REDDIT_CLIENT_ID}", clientSecret: "${REDDIT_CLIENT_SECRET}" }',
    '  #   redditUsername: your_reddit_name   # the contact Reddit wants in the User-Agent',
    '  #   interval: 15m',
    `  # - name: bluesky-${slug(a.brand)}`,
    '  #   kind: bluesky',
    `  #   query: ${q(a.brand)}`,
    '  #   identifier: your-handle.bsky.social',
    '  #   appPassword: "${BLUESKY_APP_PASSWORD}"',
    '  #   interval: 10m',
  );
  return out;
}

function watch(a: Answers): string[] {
  const handles = a.handles.map((h) => h.name.replace(/^@/, '').split('@')[0]!).filter(Boolean);
  const out = [`  - name: ${q(a.brand)}`, '    role: brand', `    query: ${q(watchQuery(a.brand, { handles, misspellings: a.misspellings }))}`];
  const owned = Object.entries(a.owned);
  if (owned.length) {
    out.push(
      "    # The brand's own accounts: their replies mark mentions answered (`vigie desk serve`, the",
      "    # weekly report's response rate). Each is read by a source of its platform.",
      '    owned:',
    );
    // Only the Mastodon search is a source init writes (when the searches are on).
    const read = a.searches ? ['mastodon'] : [];
    for (const [p, accounts] of owned) out.push(`      ${p}: [${accounts.map(q).join(', ')}]${read.includes(p) ? '' : `   # ${sayWith(a.lang, 'ownedNoSource', { platform: p })}`}`);
  }
  for (const c of a.competitors) out.push(`  - name: ${q(c)}`, '    role: competitor', `    query: ${q(watchQuery(c))}`);
  return out;
}

function alerts(a: Answers, secrets: Record<string, string>): string[] {
  const channels: string[] = [];
  if (a.slackUrl) {
    secrets.SLACK_WEBHOOK_URL = a.slackUrl;
    channels.push('    - kind: slack', '      name: slack', '      url: "${SLACK_WEBHOOK_URL}"', `      language: ${a.lang}`);
  }
  if (a.teamsUrl) {
    secrets.TEAMS_WEBHOOK_URL = a.teamsUrl;
    channels.push('    - kind: teams', '      name: teams', '      url: "${TEAMS_WEBHOOK_URL}"', `      language: ${a.lang}`);
  }
  if (a.webhookUrl) {
    secrets.VIGIE_WEBHOOK_URL = a.webhookUrl;
    secrets.VIGIE_WEBHOOK_SECRET = randomBytes(32).toString('hex');
    channels.push('    - kind: webhook', '      name: webhook', '      url: "${VIGIE_WEBHOOK_URL}"', '      secrets: ["${VIGIE_WEBHOOK_SECRET}"]   # receivers check the X-Vigie-Signature with it');
  }
  if (channels.length === 0) {
    return ['# Alerts: add a channel (Slack, Teams, PagerDuty, email, signed webhook) and the recommended', '# rules below to be paged when something starts burning. See docs/alerts.md.'];
  }
  const name = q(a.brand);
  return [
    'alerts:',
    '  timeZone: America/Montreal',
    '  # The recommended rules (docs/alerts.md): more voices than this hour of the week usually',
    '  # brings, more negative voices, an influential critic. The surge rules learn the brand\'s own',
    '  # rhythm for a day before paging; falsePages is how many false alarms a month you accept.',
    '  # Try them on your history: `vigie alerts replay --config vigie.yaml --since 30d`.',
    '  rules:',
    '    - kind: volume_surge',
    `      name: ${slug(a.brand)}-surge`,
    `      scope: { names: [${name}] }`,
    '      falsePages: 1/month',
    '    - kind: volume_surge',
    `      name: ${slug(a.brand)}-negative`,
    `      scope: { names: [${name}] }`,
    '      measure: negative',
    '      falsePages: 1/month',
    '    - kind: influential_negative',
    `      name: ${slug(a.brand)}-influential-critic`,
    `      scope: { names: [${name}] }`,
    ...(Object.keys(a.owned).length
      ? [
          "    # A critic or a question left without the brand's reply (on a platform where it has an",
          '    # owned account) for 30 minutes; mark it handled on `vigie desk serve` to stop it.',
          '    - kind: unanswered',
          `      name: ${slug(a.brand)}-unanswered`,
          `      scope: { names: [${name}] }`,
          '      after: 30m',
        ]
      : []),
    '  channels:',
    ...channels,
  ];
}

/** The config text and the secrets it references. Throws the config error if the result is invalid (a bug). */
export function writeConfig(a: Answers): { yaml: string; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  const lines = [
    `# Vigie — written by \`vigie init\` on ${new Date().toISOString().slice(0, 10)} for ${a.brand.replace(/[\r\n]+/g, ' ')}.`,
    '# Reference: README.md ("Configuration"), docs/connectors.md, docs/alerts.md. Check it with',
    '# `vigie check-config vigie.yaml`. Secrets are ${NAME} references, given by the environment.',
    'kafka:',
    '  brokers: ["${KAFKA_BROKERS:-127.0.0.1:9092}"]   # `vigie stack up` starts one on this machine',
    'elasticsearch:',
    '  node: "${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"',
    'languages: [fr, en]',
    '# Where to listen. Try any feed first with `vigie sources test <url>`.',
    ...(a.feeds.length || a.searches ? ['sources:'] : ['sources: []']),
    ...sources(a),
    '# What to listen for: queries ignore case and accents ("québec" finds "Quebec").',
    'watch:',
    ...watch(a),
    ...alerts(a, secrets),
    '',
  ];
  const yaml = lines.join('\n');
  // Vigie's own validation, as `vigie check-config` runs it: what init writes always loads.
  parseConfigText(yaml, 'vigie.yaml', { ...process.env, ...secrets });
  return { yaml, secrets };
}
