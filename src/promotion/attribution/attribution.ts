import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.js';
import type { EventRow } from '../../events/events.js';
import type { RegistrationAttribution } from '../../registration/registrations.js';
import type { Channels } from '../channels/channels.js';
import { isChannelCode } from '../channels/code.js';
import { utmFrom } from '../channels/link.js';
import { asksNotToTrack, VISITOR_COOKIE, visitorIdOf } from '../visits/visitor.js';
import type { Visits } from '../visits/visits.js';

/**
 * First-touch attribution of a registration (docs/promotion.md): the channel of the
 * visitor's earliest landing view of this event through a channel that still attributes;
 * without one (a new browser, DNT / GPC, cookies cleared), the channel code the form or API
 * call carries (the link the person arrived by); otherwise no channel. UTM values come with
 * the touch that is credited, else from the form. Nothing the request says is trusted
 * beyond a code of this event's attributing channels and length-limited UTM text.
 */
export function createAttribution(deps: {
  clock: Clock;
  channels: Pick<Channels, 'resolve'>;
  visits: Pick<Visits, 'firstTouch'>;
}) {
  const { channels, visits } = deps;
  return async function attribution(
    req: FastifyRequest,
    event: EventRow,
    values: Record<string, unknown>,
  ): Promise<RegistrationAttribution> {
    const visitor = asksNotToTrack(req.headers) ? null : (visitorIdOf(req.cookies[VISITOR_COOKIE]) ?? null);
    const touch = visitor ? await visits.firstTouch(visitor, event) : undefined;
    if (touch) return { channel: touch.channelId, utm: touch.utm, visitor, firstTouchAt: touch.at };
    const utm = utmFrom(values);
    const code = values.channel;
    if (isChannelCode(code)) {
      const target = await channels.resolve(code);
      if (target.kind === 'channel' && target.slug === event.slug && target.channelId)
        return { channel: target.channelId, utm, visitor, firstTouchAt: null };
    }
    return { channel: null, utm, visitor, firstTouchAt: null };
  };
}

export type Attribution = ReturnType<typeof createAttribution>;
