import { z } from 'zod';
import { checkSmtp, smtpShape } from '../../../notify/email/config.ts';
import { channelCommonShape } from '../base.ts';

/** email: one message (plain text + HTML, French or English) per alert event through SMTP. */
export const emailConfig = z
  .object({
    kind: z.literal('email'),
    ...channelCommonShape,
    ...smtpShape,
  })
  .strict()
  .superRefine(checkSmtp);
export type EmailConfig = z.infer<typeof emailConfig>;
