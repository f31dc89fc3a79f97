import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSavedObjects, toNdjson } from './saved-objects.ts';

/** Regenerates index/kibana/objects.ndjson (prefix `vigie`): `npx tsx index/kibana/generate.ts`. */
const out = fileURLToPath(new URL('./objects.ndjson', import.meta.url));
writeFileSync(out, toNdjson(buildSavedObjects()));
process.stderr.write(`wrote ${out}\n`);
