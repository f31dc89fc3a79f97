import { existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { VigieError } from '../../core/errors.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { discoverFeeds, isPrivateSite } from '../init/discover.ts';
import { ownedFormat, say, sayWith, systemLang, type Lang } from '../init/i18n.ts';
import { ownedAccountProblem, ownedPlatforms, type OwnedPlatform } from '../../core/owned.ts';
import { misspellings } from '../init/queries.ts';
import { writeConfig, type Answers } from '../init/write-config.ts';
import { forTerminalLine } from '../../core/terminal.ts';

const usage = `Usage: vigie init [options]

Writes a first, commented config file for your brand: its website's feeds, searches that need no
key, watch queries (accents and case ignored, common misspellings offered), the recommended alert
rules and your Slack / Teams / webhook channel. Interactive on a terminal; scriptable with --yes.

  --brand <name>            your brand (required with --yes)
  --competitor <name>       a competitor (repeat the flag for several)
  --site <url>              your website: its feeds are found and tried
  --handle <platform:name>  one of your accounts, e.g. mastodon:cafebrio (repeatable): searched
                            as @name; a valid owned account (below) is proposed as one
  --owned <platform:account>  one of the brand's own accounts whose replies mark mentions answered
                            (response desk, response rate), in its platform's form: x:1234567890,
                            mastodon:cafebrio@mastodon.social, bluesky:cafebrio.bsky.social,
                            facebook:<Page id>, instagram:<business id>, youtube:UC…, discourse:name,
                            reddit:name (repeatable; asked on a terminal for each platform configured)
  --slack-url <url>         Slack incoming-webhook URL for alerts
  --teams-url <url>         Teams workflow webhook URL for alerts
  --webhook-url <url>       your own receiver for signed JSON alerts
  --misspellings            also search common misspellings of the brand (asked on a terminal)
  --no-searches             leave out the Hacker News and Mastodon searches
  --test-channel            send a test message to the channel once the file is written
  --out <file>              where to write (default vigie.yaml; secrets go to <file>.env)
  --force                   replace an existing file without asking
  --lang fr|en              language of the questions (default: the system locale)
  --yes, -y                 no questions: take the flags and the defaults

Exit code: 0 written, 1 nothing written (kept an existing file, or a test message failed), 2 bad usage.`;

/** Asks on the terminal; with --yes (or no terminal) every question takes its default. */
class Asker {
  private readonly rl;
  constructor(interactive: boolean, readonly lang: Lang) {
    this.rl = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  }
  async text(key: Parameters<typeof say>[1], def = ''): Promise<string> {
    return this.line(say(this.lang, key), def);
  }
  async line(label: string, def = ''): Promise<string> {
    if (!this.rl) return def;
    const a = (await this.rl.question(`${label}${def ? ` [${def}]` : ''}: `)).trim();
    return a || def;
  }
  get interactive(): boolean {
    return this.rl !== undefined;
  }
  async yesNo(label: string, def: boolean): Promise<boolean> {
    if (!this.rl) return def;
    const y = say(this.lang, 'yes');
    const a = (await this.rl.question(`${label} [${def ? `${y.toUpperCase()}/n` : `${y}/N`}]: `)).trim().toLowerCase();
    return a === '' ? def : a.startsWith(y) || a.startsWith('y');
  }
  print(s: string): void {
    process.stdout.write(`${s}\n`);
  }
  close(): void {
    this.rl?.close();
  }
}

const isOwnedPlatform = (p: string): p is OwnedPlatform => (ownedPlatforms as readonly string[]).includes(p);
const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);

function parseHandle(h: string, flag = '--handle'): { platform: string; name: string } {
  const m = /^([a-z]+):(.+)$/i.exec(h.trim());
  if (!m) throw new VigieError('ERR_USAGE', `${flag} must be platform:name (e.g. mastodon:cafebrio), got ${JSON.stringify(h)}`);
  const platform = m[1]!.toLowerCase();
  return { platform: platform === 'twitter' ? 'x' : platform, name: m[2]!.trim() };
}

/** How many times a terminal user may retype an owned account before init gives up. */
const OWNED_TRIES = 3;

/**
 * The brand's owned accounts: given with --owned, and asked for each platform the file reads or
 * the user named an account on (the valid handles proposed), each checked with the config's own
 * format rule. On a terminal a bad one is asked again with the reason; with --yes it is a usage error.
 */
async function gatherOwned(ask: Asker, flags: string[], handles: Array<{ platform: string; name: string }>, configured: readonly string[]): Promise<Answers['owned']> {
  const given = new Map<OwnedPlatform, string[]>();
  for (const f of flags) {
    const { platform, name } = parseHandle(f, '--owned');
    if (!isOwnedPlatform(platform)) throw new VigieError('ERR_USAGE', `--owned ${JSON.stringify(f)}: owned accounts exist for ${ownedPlatforms.join(', ')}`);
    given.set(platform, [...(given.get(platform) ?? []), name]);
  }
  const asked = ownedPlatforms.filter((p) => configured.includes(p) || handles.some((h) => h.platform === p));
  const out: Answers['owned'] = {};
  for (const p of ownedPlatforms) {
    const proposed = given.get(p) ?? handles.filter((h) => h.platform === p && !ownedAccountProblem(p, h.name)).map((h) => h.name.replace(/^@/, ''));
    let accounts = proposed;
    for (let attempt = 1; asked.includes(p); attempt++) {
      accounts = list(await ask.line(sayWith(ask.lang, 'owned', { platform: p, format: ownedFormat(ask.lang, p) }), proposed.join(', ')));
      const problems = accounts.flatMap((a) => ownedAccountProblem(p, a) ?? []);
      if (problems.length === 0) break;
      if (!ask.interactive || attempt >= OWNED_TRIES) throw new VigieError('ERR_USAGE', `--owned: ${problems.join('; ')}`);
      for (const problem of problems) ask.print(`${say(ask.lang, 'ownedInvalid')}: ${problem}`);
    }
    const bad = accounts.flatMap((a) => ownedAccountProblem(p, a) ?? []);
    if (bad.length) throw new VigieError('ERR_USAGE', `--owned: ${bad.join('; ')}`);
    if (accounts.length) out[p] = accounts;
  }
  return out;
}

async function gather(ask: Asker, v: Record<string, string | string[] | boolean | undefined>): Promise<Answers> {
  const lang = ask.lang;
  const brand = await ask.text('brand', (v.brand as string | undefined) ?? '');
  if (!brand) throw new VigieError('ERR_USAGE', 'a brand name is needed: --brand "Café Brio"');
  const site = await ask.text('site', (v.site as string | undefined) ?? '');
  const competitors = list(await ask.text('competitors', ((v.competitor as string[] | undefined) ?? []).join(', ')));
  const handles = list(await ask.text('handles', ((v.handle as string[] | undefined) ?? []).join(', '))).map((h) => parseHandle(h));
  const typos = misspellings(brand);
  let accepted: string[] = v.misspellings ? typos : [];
  if (typos.length && !v.yes) accepted = (await ask.yesNo(`${say(lang, 'misspellings')} ${typos.join(', ')}`, Boolean(v.misspellings))) ? typos : [];
  let feeds: Answers['feeds'] = [];
  let privateSite = false;
  if (site) {
    if (!/^https?:\/\//i.test(site)) throw new VigieError('ERR_USAGE', `--site must be an http(s) URL, got ${JSON.stringify(site)}`);
    // The user typed this address: init may read it even on this machine, and says so in the file.
    privateSite = await isPrivateSite(site);
    const found = await discoverFeeds(site, { allowPrivate: privateSite });
    feeds = found.feeds;
    if (feeds.length) {
      ask.print(say(lang, 'feedsFound'));
      for (const f of feeds) ask.print(`  ${f.url}${f.title ? `  "${forTerminalLine(f.title)}"` : ''}  (${f.items})`);
    } else ask.print(`${say(lang, 'noFeed')}${found.problem ? ` (${found.problem})` : ''}`);
  }
  const searches = await ask.yesNo(say(lang, 'searches'), v.searches !== false);
  // The platforms the written file reads: the Mastodon hashtag search (RSS and Hacker News have no owned accounts).
  const owned = await gatherOwned(ask, (v.owned as string[] | undefined) ?? [], handles, searches ? ['mastodon'] : []);
  const slackUrl = (await ask.text('slack', (v['slack-url'] as string | undefined) ?? '')) || undefined;
  const teamsUrl = (await ask.text('teams', (v['teams-url'] as string | undefined) ?? '')) || undefined;
  const webhookUrl = (v['webhook-url'] as string | undefined) || undefined;
  return { lang, brand, competitors, handles, owned, misspellings: accepted, feeds, privateSite, searches, slackUrl, teamsUrl, webhookUrl };
}

export async function runInit(args: string[]): Promise<number> {
  const { values: v } = parseFlags(args, {
    brand: { type: 'string' }, competitor: { type: 'string', multiple: true }, site: { type: 'string' }, handle: { type: 'string', multiple: true }, owned: { type: 'string', multiple: true },
    'slack-url': { type: 'string' }, 'teams-url': { type: 'string' }, 'webhook-url': { type: 'string' },
    misspellings: { type: 'boolean', default: false }, 'no-searches': { type: 'boolean', default: false }, 'test-channel': { type: 'boolean', default: false },
    out: { type: 'string', default: 'vigie.yaml' }, force: { type: 'boolean', default: false }, lang: { type: 'string' }, yes: { type: 'boolean', short: 'y', default: false },
  });
  if (v.lang !== undefined && v.lang !== 'fr' && v.lang !== 'en') throw new VigieError('ERR_USAGE', `--lang must be fr or en, got ${JSON.stringify(v.lang)}`);
  const lang: Lang = (v.lang as Lang | undefined) ?? systemLang();
  const interactive = !v.yes && Boolean(process.stdin.isTTY);
  if (!v.yes && !interactive) throw new VigieError('ERR_USAGE', 'standard input is not a terminal: give --yes with --brand (and the other flags) to run without questions');
  const ask = new Asker(interactive, lang);
  try {
    if (interactive) ask.print(say(lang, 'welcome'));
    const answers = await gather(ask, { ...v, searches: !v['no-searches'] });
    const { yaml, secrets } = writeConfig(answers);
    const out = v.out!;
    if (existsSync(out) && !v.force) {
      const replace = interactive && (await ask.yesNo(`${out} ${say(lang, 'overwrite')}`, false));
      if (!replace) {
        process.stderr.write(`${out}: ${say(lang, 'kept')}${interactive ? '' : ' (--force to replace it, --out to write elsewhere)'}\n`);
        return 1;
      }
    }
    writeFileSync(out, yaml);
    ask.print(`${say(lang, 'written')}: ${out}`);
    const envFile = `${out}.env`;
    const hasSecrets = Object.keys(secrets).length > 0;
    if (hasSecrets) {
      writeFileSync(envFile, `${Object.entries(secrets).map(([k, s]) => `${k}=${s}`).join('\n')}\n`, { mode: 0o600 });
      ask.print(`${say(lang, 'secretsWritten')}: ${envFile}`);
    }
    if (hasSecrets && (v['test-channel'] || (interactive && (await ask.yesNo(say(lang, 'testChannel'), true))))) {
      Object.assign(process.env, secrets);
      const { sendTestAlerts } = await import('./alerts.ts');
      const code = await sendTestAlerts(['--config', out, '--rule', firstRule(yaml)]);
      if (code !== 0) return 1;
    }
    const load = hasSecrets ? `set -a; . ${envFile.startsWith('/') ? envFile : `./${envFile}`}; set +a; ` : '';
    ask.print(`\n${say(lang, 'next')}\n  ${load}npx vigie check-config ${out}\n  npx vigie stack up\n  ${load}npx vigie run --config ${out}`);
    if (Object.keys(answers.owned).length) ask.print(`${say(lang, 'desk')}\n  ${load}npx vigie sources test --config ${out}\n  ${load}npx vigie desk serve --config ${out}`);
    return 0;
  } finally {
    ask.close();
  }
}

/** The name of the first alert rule in the written text. */
function firstRule(yaml: string): string {
  return /^ {4}- kind: \S+\n {6}name: (\S+)/m.exec(yaml)?.[1] ?? '';
}

export const command: Command = {
  usage,
  run: runInit,
};
