import { z } from 'zod';
import { line } from '../../validation.js';
import type { SuppressionReason } from './suppression.js';

/**
 * A bounce or complaint report from the relay (or a mailbox parser in front of it): the
 * shape the bounce webhook takes. Most relays (SES, Postmark, Mailgun, SendGrid) report the
 * same facts; a small adapter in front of ours maps their JSON onto this.
 */
export const bounceReport = z
  .object({
    events: z
      .array(
        z
          .object({
            type: z.enum(['bounce', 'complaint']),
            email: line(254).toLowerCase().pipe(z.email('Enter a valid email address')),
            /** Hard: the address does not exist or refuses for good. Soft: full mailbox, greylisting… */
            bounce_type: z.enum(['hard', 'soft']).default('hard'),
            /** The relay's diagnostic, kept as the suppression's note. */
            reason: line(500).default(''),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();
export type BounceReport = z.output<typeof bounceReport>;

export const bounceReply = z.object({ suppressed: z.number().int(), ignored: z.number().int() });

/**
 * What a report suppresses: hard bounces and complaints (a soft bounce is retried by the
 * relay and suppresses nothing). One entry per address; a complaint wins over a bounce.
 */
export function suppressionsFrom(
  report: BounceReport,
): { email: string; reason: SuppressionReason; note: string }[] {
  const out = new Map<string, { email: string; reason: SuppressionReason; note: string }>();
  for (const e of report.events) {
    if (e.type === 'bounce' && e.bounce_type === 'soft') continue;
    const reason: SuppressionReason = e.type === 'complaint' ? 'complaint' : 'bounce';
    const known = out.get(e.email);
    if (known?.reason === 'complaint') continue;
    out.set(e.email, { email: e.email, reason, note: e.reason });
  }
  return [...out.values()];
}
