import type { Logger } from '../../core/logger.ts';
import { isVigieError } from '../../core/errors.ts';
import { loadEncoder, type SentenceEncoder } from './encoder/encoder.ts';
import { encoderProbabilities, fuseProbabilities, fusionModel, type Fusion } from './fusion.ts';
import { NUM_CLASSES } from './linear.ts';
import { analyzeSentiment, fastProbabilities, resultOf, type SentimentResult } from './sentiment.ts';

/**
 * The accurate tier: the fast model's probabilities fused with those of the encoder model on the
 * sentence encoder's vector (fusion.ts: a logistic regression and a small network). Languages
 * without the fast model (emoji rules) are left to the fast tier: the fusion was trained on the
 * fast model's outputs.
 */
export class AccurateSentiment {
  readonly method: string;
  private readonly vec: Float32Array;
  private readonly fast = new Float64Array(NUM_CLASSES);
  private readonly enc = new Float64Array(NUM_CLASSES);
  private readonly fused = new Float64Array(NUM_CLASSES);

  constructor(private readonly encoder: SentenceEncoder, private readonly fusion: Fusion = fusionModel()) {
    this.method = `${fusion.model.name}@${fusion.model.version}`;
    this.vec = new Float32Array(encoder.dim);
  }

  analyze(text: string, lang: string): SentimentResult {
    if (!fastProbabilities(text, lang, this.fast)) return analyzeSentiment(text, lang);
    this.encoder.embed(typeof text === 'string' ? text : '', this.vec);
    encoderProbabilities(this.fusion, this.vec, lang, this.enc);
    return resultOf(fuseProbabilities(this.fast, this.enc, this.fusion.model.alpha, this.fused), this.method);
  }
}

const loaded = new Map<string, SentenceEncoder>();

/**
 * The accurate tier with the encoder at `path` (read once per process), or undefined after one
 * warning when the file is missing or unreadable: sentiment then stays on the fast model.
 */
export function loadAccurateSentiment(path: string, logger: Logger): AccurateSentiment | undefined {
  try {
    let encoder = loaded.get(path);
    if (!encoder) {
      encoder = loadEncoder(path);
      loaded.set(path, encoder);
    }
    const fusion = fusionModel();
    if (encoder.source.sha256 !== fusion.model.encoder.sha256) {
      logger.warn({ path, encoder: encoder.source, expected: fusion.model.encoder }, 'sentence encoder is not the one the fusion model was trained with; sentiment uses the fast model only');
      return undefined;
    }
    return new AccurateSentiment(encoder, fusion);
  } catch (e) {
    if (!isVigieError(e)) throw e;
    logger.warn({ code: e.code, path }, `${e.message}; sentiment uses the fast model only`);
    return undefined;
  }
}
