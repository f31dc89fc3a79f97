import { z } from 'zod';
import { httpUrlSchema } from '../rss/config.ts';
import { httpOptionsShape, windowShape } from '../kit/connector/config.ts';

/** Config of the `stackexchange` connector (API v2.3 `search/advanced`). Unknown keys are errors. */
export const stackexchangeConfigSchema = z
  .object({
    site: z
      .string()
      .regex(/^[a-z0-9.-]+$/, { message: 'must be a Stack Exchange site name such as "stackoverflow" or "fr.stackoverflow"' })
      .describe('Site to search, as the API names it: "stackoverflow", "fr.stackoverflow", "superuser"...'),
    query: z.string().min(1).describe('Free-text query (`q`): matches titles and bodies of questions.'),
    tagged: z.array(z.string().min(1)).optional().describe('Only questions with all of these tags.'),
    key: z
      .string()
      .min(1)
      .optional()
      .describe('Stack Apps key: raises the daily quota from 300 to 10 000 calls per IP. Not a secret per Stack Exchange, but give it as an env reference such as "${STACKEXCHANGE_KEY}" all the same.'),
    filter: z.string().min(1).default('withbody').describe('API filter; the default "withbody" adds the question body.'),
    pageSize: z.number().int().min(1).max(100).default(100).describe('Items per call (max 100).'),
    baseUrl: httpUrlSchema.default('https://api.stackexchange.com/2.3').describe('API base URL.'),
    ...windowShape,
    ...httpOptionsShape,
  })
  .strict();

export type StackexchangeConfig = z.infer<typeof stackexchangeConfigSchema>;
