/**
 * `npm run bench:encoder`: CPU time of the sentence encoder (enrich/sentiment/encoder) per tweet,
 * one thread, and where it goes: tokenising, then the network. Tweets: the val splits of the
 * shared sentiment data (7 languages); before each timed pass the token cache is warmed on a
 * different slice of the train splits, so the pass sees the cache a long-running worker has, not
 * one filled with the very tweets it times.
 *
 * Options: `--passes N` (default 5), `--warm N` train tweets before each pass (default 3000).
 * Profile: `node --cpu-prof --import tsx bench/encoder.ts`.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
const { join } = await import('node:path');
const { parseArgs } = await import('node:util');
const { readTsv } = await import('../enrich/sentiment/data.ts');
const { sharedDataDir } = await import('../enrich/sentiment/train.ts');
const { loadEncoder } = await import('../enrich/sentiment/encoder/encoder.ts');
const { encoderPath } = await import('../enrich/sentiment/encoder/fetch.ts');
const { benchStart, benchEnd, BenchSetupError } = await import('./lib/run.ts');
const { existsSync } = await import('node:fs');
benchStart('encoder');

const { values: args } = parseArgs({ options: { passes: { type: 'string', default: '5' }, warm: { type: 'string', default: '3000' } } });
const PASSES = Number(args.passes);
const WARM = Number(args.warm);
const LANGS = ['ar', 'de', 'en', 'es', 'fr', 'it', 'pt'];
const dir = join(sharedDataDir(), 'sentiment');
if (!existsSync(join(dir, 'fr.val.tsv'))) throw new BenchSetupError(`no sentiment data in ${dir}: set VIGIE_SHARED_DATA to the folder that holds sentiment/`);
const path = encoderPath();
if (!existsSync(path)) throw new BenchSetupError(`no sentence encoder at ${path}: run npm run build:models or vigie models fetch first`);

/** Interleaves the languages so every slice holds all of them. */
function interleave(lists: string[][]): string[] {
  const out: string[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}
const val = interleave(LANGS.map((l) => readTsv(join(dir, `${l}.val.tsv`)).map((r) => r.text)));
const train = interleave(LANGS.map((l) => readTsv(join(dir, `${l}.train.tsv`)).map((r) => r.text)));

const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const l0 = cpu();
const enc = loadEncoder(path);
const loadMs = (cpu() - l0) / 1000;

const ids = val.map((t) => enc.tokenize(t));
const pieces = ids.reduce((s, x) => s + x.length - 2, 0) / ids.length;
const out = new Float32Array(enc.dim);

function embedAll(texts: readonly string[]): void {
  for (const t of texts) enc.embed(t, out);
}

// JIT warm-up, then the passes.
embedAll(train.slice(0, 500));
const tok: number[] = [];
const full: number[] = [];
const misses: number[] = [];
for (let p = 0; p < PASSES; p++) {
  const from = (500 + p * WARM) % Math.max(1, train.length - WARM);
  embedAll(train.slice(from, from + WARM));
  const m0 = enc.cacheMisses;
  const c0 = cpu();
  embedAll(val);
  full.push((cpu() - c0) / val.length);
  misses.push((enc.cacheMisses - m0) / val.length);
  const c1 = cpu();
  for (const t of val) enc.tokenize(t);
  tok.push((cpu() - c1) / val.length);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (xs: number[]): number => Math.min(...xs);
const line = (name: string, xs: number[]): string => `  ${name.padEnd(28)} best ${best(xs).toFixed(0).padStart(5)} µs   median ${median(xs).toFixed(0).padStart(5)} µs`;
const net = full.map((f, i) => f - tok[i]!);
process.stdout.write(
  [
    `${val.length} val tweets (${LANGS.join(', ')}), ${pieces.toFixed(1)} pieces each on average; ${PASSES} passes, each after ${WARM} train tweets`,
    `loading the encoder file: ${loadMs.toFixed(0)} ms CPU`,
    'CPU per tweet:',
    line('tokenise', tok),
    line('network (full − tokenise)', net),
    line('full (embed)', full),
    `  token-cache misses per tweet: ${median(misses).toFixed(2)}`,
    '',
  ].join('\n'),
);
benchEnd('encoder', { tweets: val.length, piecesPerTweet: Number(pieces.toFixed(1)), tokeniseUs: Math.round(median(tok)), networkUs: Math.round(median(net)), fullUs: Math.round(median(full)), fullBestUs: Math.round(best(full)), missesPerTweet: Number(median(misses).toFixed(2)) });
