import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigieError } from '../../core/errors.ts';
import { decodeModel, MODEL_FILE, type LoadedModel } from './model-file.ts';

let model: LoadedModel | undefined;

/** The committed sentiment model, read once per process on first use. */
export function sentimentModel(): LoadedModel {
  if (model) return model;
  const path = join(dirname(fileURLToPath(import.meta.url)), MODEL_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new VigieError('ERR_ENRICH_MODEL_MISSING', `sentiment model ${path} cannot be read; rebuild it with npm run build:models`, { cause: e });
  }
  model = decodeModel(bytes);
  return model;
}
