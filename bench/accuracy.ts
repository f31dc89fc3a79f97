/**
 * npm run bench:accuracy: language-identification accuracy and sentiment macro-F1 of Vigie next
 * to the packages as shipped, on the development data in ../shared/data (or $VIGIE_SHARED_DATA).
 *
 * Language: every langid file restricted to rows labelled fr, en, es, de, it, pt, nl, ar; Vigie
 * and ELD choose among those 8, franc among those 8 (`only`) and as shipped among all its languages
 * (its 639-3 codes mapped to 639-1; `und` counts as wrong). Sentiment: every *.val.tsv plus en-tweeteval.val, with
 * the file's language given (Vigie "gold lang") and with the language Vigie detects (as in the
 * pipeline); natural's SentimentAnalyzer with its AFINN (en, es, pt) or pattern (fr, de, it, nl)
 * vocabulary, score > 0 positive, < 0 negative, 0 neutral, on lowercase letter/digit words.
 * Times are CPU µs per item (one core): the best of 3 timed passes after a warm-up pass (model loading excluded; franc and natural: 1 pass).
 * Last, the sentiment tiers: CV and val macro-F1 per language of the fast model, the encoder
 * model alone and the fused label (enrich/sentiment/fusion-train.ts): the CV figures saved in
 * fusion.json by build:models (`--grid` searches again: about 14 minutes of CPU), val measured
 * here (the sentence vectors are cached beside the encoder after the first run).
 */
process.env.DOTENV_CONFIG_QUIET = 'true';

const { join, resolve, dirname } = await import('node:path');
const { fileURLToPath } = await import('node:url');
const { readdirSync } = await import('node:fs');
const { franc } = await import('franc');
const { eld } = await import('eld/large');
const natural = (await import('natural')).default;
const { detectLanguage } = await import('../enrich/language/index.ts');
const { DEFAULT_LANGUAGES } = await import('../enrich/language/index.ts');
const { FRANC_CODE, FROM_FRANC } = await import('../enrich/language/iso.ts');
const { analyzeSentiment } = await import('../enrich/sentiment/index.ts');
const { sentimentModel } = await import('../enrich/sentiment/model.ts');
const { readTsv } = await import('../enrich/sentiment/data.ts');
const { macroF1 } = await import('../enrich/sentiment/metrics.ts');
const { parseArgs } = await import('node:util');
const { existsSync } = await import('node:fs');
const { benchStart, benchEnd, BenchSetupError } = await import('./lib/run.ts');
benchStart('accuracy');

type Row = { label: string; text: string };
const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.env.VIGIE_SHARED_DATA ?? join(here, '..', '..', 'shared', 'data'));
if (!existsSync(join(dataDir, 'langid')) || !existsSync(join(dataDir, 'sentiment'))) {
  throw new BenchSetupError(`no development data in ${dataDir} (langid/ and sentiment/ expected): set VIGIE_SHARED_DATA to the folder that holds them`);
}
const candidates: string[] = [...DEFAULT_LANGUAGES];
/** `--rows N` keeps the first N rows of each file: a quick run that shows the bench still works, not a figure. */
/** `--grid` runs the fusion's CV search again instead of printing the figures saved with the model. */
const { values: args } = parseArgs({ options: { rows: { type: 'string' }, grid: { type: 'boolean' } } });
const maxRows = args.rows === undefined ? Infinity : Number(args.rows);
const capped = <T>(rows: T[]): T[] => rows.slice(0, maxRows);

/**
 * Runs `fn` over every row once to warm up (JIT, lazily built tables), then `passes` timed times;
 * returns the predictions and the best µs per item (the machine is shared: the best pass is the
 * one least disturbed by other processes).
 */
function timed<T>(rows: readonly Row[], fn: (r: Row) => T, passes = 3): { out: T[]; us: number } {
  let out = rows.map(fn);
  let us = Infinity;
  for (let p = 0; p < passes; p++) {
    // CPU time, not wall time: on a shared machine the wall clock also counts other processes' turns.
    const t0 = process.cpuUsage();
    out = rows.map(fn);
    const t = process.cpuUsage(t0);
    us = Math.min(us, (t.user + t.system) / Math.max(1, rows.length));
  }
  return { out, us };
}

const pct = (x: number): string => (100 * x).toFixed(1);

function table(title: string, head: string[], body: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
}

// Language identification
eld.setLanguageSubset(candidates);
/** franc restricted to the candidates with its `only` option, for the comparison in enrich/language/README.md. */
const francOnly = candidates.map((c) => FRANC_CODE[c]!);
/** Name, detector, timed passes (franc is slow: one pass). */
const detectors: Array<[string, (t: string) => string, number]> = [
  ['vigie', (t) => detectLanguage(t, { candidates }).code, 3],
  ['eld (8, shipped)', (t) => eld.detect(t).language || 'und', 3],
  ['franc (8)', (t) => FROM_FRANC[franc(t, { only: francOnly })] ?? 'und', 1],
  ['franc (all, shipped)', (t) => FROM_FRANC[franc(t)] ?? 'und', 1],
];
const langFiles = ['tweets', 'sentences', 'wordpairs', 'words'];
const langBody: string[][] = [];
/** Figures of the JSON last line: Vigie's accuracy per langid file, macro-F1 per sentiment file (gold language). */
const languageAccuracy: Record<string, number> = {};
const sentimentF1: Record<string, number> = {};
const perLang: string[][] = [];
for (const file of langFiles) {
  const rows = capped(readTsv(join(dataDir, 'langid', `${file}.dev.tsv`)).filter((r) => candidates.includes(r.label)));
  const cells: string[] = [file, String(rows.length)];
  let vigieOut: string[] = [];
  for (const [name, detect, passes] of detectors) {
    const { out, us } = timed(rows, (r) => detect(r.text), passes);
    if (name === 'vigie') vigieOut = out;
    const ok = out.filter((p, i) => p === rows[i]!.label).length;
    if (name === 'vigie') languageAccuracy[file] = Number(pct(ok / rows.length));
    cells.push(pct(ok / rows.length), us.toFixed(1));
  }
  langBody.push(cells);
  perLang.push([
    file,
    ...candidates.map((l) => {
      const idx = rows.map((r, i) => (r.label === l ? i : -1)).filter((i) => i >= 0);
      return idx.length ? pct(idx.filter((i) => vigieOut[i] === l).length / idx.length) : '-';
    }),
  ]);
}
table(
  `Language identification, accuracy % (candidates for vigie/eld/franc (8): ${candidates.join(',')}; franc shipped: all 187 of its languages)`,
  ['file', 'rows', ...detectors.flatMap(([n]) => [n, 'µs'])],
  langBody,
);
table('Vigie language accuracy % per language', ['file', ...candidates], perLang);

/**
 * Languages whose script names them (enrich/language/script.ts), on every langid file: with the
 * 8 default candidates (none of them is listed: the script answers) and with all the languages
 * of the file as candidates; and the whole file with all its languages as candidates.
 */
const NAMED = ['el', 'he', 'ja', 'ko', 'pa'];
const scriptNamed: Record<string, number> = {};
const namedBody: string[][] = [];
for (const file of langFiles) {
  const all = capped(readTsv(join(dataDir, 'langid', `${file}.dev.tsv`)));
  const everyLanguage = [...new Set(all.map((r) => r.label))].sort();
  const acc = (rows: readonly Row[], cands: readonly string[]): number => rows.filter((r) => detectLanguage(r.text, { candidates: cands }).code === r.label).length / Math.max(1, rows.length);
  const named = all.filter((r) => NAMED.includes(r.label));
  if (named.length) scriptNamed[file] = Number(pct(acc(named, candidates)));
  const named8 = named.length ? pct(acc(named, candidates)) : '-';
  namedBody.push([file, String(named.length), named8, named.length ? pct(acc(named, everyLanguage)) : '-', ...NAMED.map((l) => (named.some((r) => r.label === l) ? pct(acc(named.filter((r) => r.label === l), candidates)) : '-')), String(everyLanguage.length), pct(acc(all, everyLanguage))]);
}
table(
  `Scripts that name a language (${NAMED.join(', ')}), Vigie accuracy %: with the 8 default candidates, with all the file's languages; then the whole file with all its languages`,
  ['file', 'rows', '8 cands', 'all cands', ...NAMED.map((l) => `${l} (8)`), 'languages', 'whole file'],
  namedBody,
);

// Sentiment
const VOCABULARY: Record<string, [string, string]> = {
  en: ['English', 'afinn'], es: ['Spanish', 'afinn'], pt: ['Portuguese', 'afinn'],
  fr: ['French', 'pattern'], de: ['German', 'pattern'], it: ['Italian', 'pattern'], nl: ['Dutch', 'pattern'],
};
const CLASSES = ['negative', 'neutral', 'positive'];
const words = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
const files = readdirSync(join(dataDir, 'sentiment')).filter((f) => f.endsWith('.val.tsv')).sort();
const sentBody: string[][] = [];
for (const file of files) {
  const lang = file.split(/[.-]/)[0]!;
  const rows = capped(readTsv(join(dataDir, 'sentiment', file)));
  const gold = rows.map((r) => CLASSES.indexOf(r.label));
  const f1 = (pred: string[]): string => pct(macroF1(gold, pred.map((p) => CLASSES.indexOf(p)), 3));
  const g = timed(rows, (r) => analyzeSentiment(r.text, lang).label);
  const d = timed(rows, (r) => analyzeSentiment(r.text, detectLanguage(r.text, { candidates }).code).label);
  const vocab = VOCABULARY[lang];
  let naturalF1 = 'n/a';
  let naturalUs = '';
  if (vocab) {
    const analyzer = new natural.SentimentAnalyzer(vocab[0], undefined, vocab[1]);
    const n = timed(rows, (r) => {
      const s = analyzer.getSentiment(words(r.text));
      return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
    }, 1);
    naturalF1 = `${f1(n.out)} (${vocab[1]})`;
    naturalUs = n.us.toFixed(1);
  }
  sentimentF1[file.replace('.val.tsv', '')] = Number(f1(g.out));
  sentBody.push([file, String(rows.length), f1(g.out), g.us.toFixed(1), f1(d.out), d.us.toFixed(1), naturalF1, naturalUs]);
}
table(
  'Sentiment, macro-F1 (3 classes). "detected" = language from Vigie\'s detector first (µs include detection)',
  ['file', 'rows', 'vigie gold lang', 'µs', 'vigie detected', 'µs', 'natural', 'µs'],
  sentBody,
);
const { header } = sentimentModel();
console.log(`\nVigie sentiment model: ${header.name}@${header.version}, trained on ${header.trainedOn.length} train splits; µs = CPU µs per item, best of 3 timed passes after a warm-up pass.`);
console.log('en-tweeteval.val shares 1430 rows with en.train (trained on) and all of en.val: its figure is optimistic.');

// Sentiment tiers: the fast model, the encoder model alone and the fused label of the accurate tier.
const { fusionData, formatFigures, searchFusion, storedCv, valFigures } = await import('../enrich/sentiment/fusion-train.ts');
const { fusionModel } = await import('../enrich/sentiment/fusion.ts');
const committed = fusionModel();
const cm = committed.model;
// Val needs the sentence vectors of every val row (cached after a first run of minutes): not in a --rows run.
const data = args.rows === undefined ? await fusionData(() => {}) : undefined;
const fig = data && {
  // The CV figures saved with the model by build:models; --grid searches again (about 14 minutes of CPU).
  cv: args.grid ? searchFusion(data.sets, data.oof, () => {}) : undefined,
  stored: storedCv(cm),
  val: valFigures(data.sets, committed),
};
if (!fig) console.log('\nSentiment tiers: skipped with --rows (the val figures need every val row\'s sentence vector).');
else {
  const heads = cm.mlp ? `the mean of a logistic regression (L2 ${cm.hyper.l2}, ${cm.hyper.epochs} epochs) and a ${cm.mlp.hidden}-unit network (${cm.hyper.mlpEpochs} epochs)` : `a logistic regression (L2 ${cm.hyper.l2}, ${cm.hyper.epochs} epochs)`;
  console.log(`\nSentiment tiers (gold language): fast = ${cm.fast}; encoder = ${heads} on the USE Multilingual v3 vector; fused = ${cm.name}@${cm.version} (alpha ${cm.alpha})`);
  console.log(formatFigures('5-fold CV macro-F1 on train (the folds of crossValidate, out-of-fold predictions; saved with the model by build:models)', fig.stored));
  if (fig.cv) {
    const c = fig.cv.choice;
    console.log(formatFigures(`5-fold CV macro-F1, searched again (--grid): regression L2 ${c.l2}, ${c.epochs} epochs; ${c.mlpEpochs ? `network ${c.mlpEpochs} epochs` : 'no network'}; alpha ${c.alpha}`, fig.cv.cv));
  }
  console.log(formatFigures('val macro-F1 (committed models)', fig.val));
  const cvMean = [...fig.stored.values()].reduce((a, b) => a + b.fused, 0) / fig.stored.size;
  const ok = (b: boolean): string => (b ? 'met' : 'NOT met');
  console.log(
    `targets: fused CV mean ≥ 64.5: ${ok(cvMean >= 0.645)} (${(100 * cvMean).toFixed(2)}); fr val ≥ 65: ${ok(fig.val.get('fr')!.fused >= 0.65)}; en val ≥ 65: ${ok(fig.val.get('en')!.fused >= 0.65)}`,
  );
}
const tiers = (m: Map<string, { fast: number; encoder: number; fused: number }>) => Object.fromEntries([...m].map(([l, v]) => [l, { fast: Number((100 * v.fast).toFixed(1)), encoder: Number((100 * v.encoder).toFixed(1)), fused: Number((100 * v.fused).toFixed(1)) }]));
benchEnd('accuracy', { rowsPerFile: args.rows === undefined ? 'all' : maxRows, languageAccuracy, scriptNamed, sentimentF1, sentimentModel: `${header.name}@${header.version}`, sentimentTiers: fig && { model: `${cm.name}@${cm.version}`, alpha: cm.alpha, cv: tiers(fig.stored), val: tiers(fig.val), ...(fig.cv && { cvSearched: tiers(fig.cv.cv) }) } });
