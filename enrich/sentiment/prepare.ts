import type { Logger } from '../../core/logger.ts';
import { isVigieError } from '../../core/errors.ts';
import { sentimentConfigSchema, type SentimentConfig } from './enricher.ts';
import { encoderCached, fetchEncoder } from './encoder/fetch.ts';

/**
 * Before an enrich pipeline starts (the worker and `vigie enrich --input` alike): when the
 * accurate tier is on and its encoder is not in the cache yet, downloads and converts it (first
 * use). When that fails, one warning with the fix, and the tier is turned off for this run so
 * every mention gets the fast label.
 */
export async function prepareSentiment(cfg: Partial<SentimentConfig> | undefined, logger: Logger): Promise<SentimentConfig> {
  const c = sentimentConfigSchema.parse(cfg ?? {});
  if (c.accurate === 'off' || c.encoderFile !== undefined || encoderCached()) return c;
  logger.info('sentence encoder not in the cache yet: downloading and converting it (first use, about 32 MB)');
  try {
    await fetchEncoder({ log: (line) => logger.info(line) });
    return c;
  } catch (e) {
    if (!isVigieError(e)) throw e;
    logger.warn({ code: e.code }, e.message);
    return { ...c, accurate: 'off' };
  }
}
