import type { EventRow } from '../../events/events.js';
import type { Locale } from '../../i18n/index.js';
import { formatEventRange, formatZone } from '../../pages/format.js';
import { headerSafe, type MergeValues } from './merge.js';

/** An offer of the event as the follow-ups link it (see `eventOffers`). */
export interface OfferLink {
  title: string;
  /** The offer's own address, or undefined when it is claimed in the room (a form or a file). */
  url: string | undefined;
}

/**
 * The merge values of one email. `recipient.joinToken` is the registration's (absent for a
 * test send to a teammate, whose links then go to the event page).
 */
export function mergeValues(
  event: EventRow,
  recipient: { name: string; joinToken?: string; unsubscribeToken?: string },
  locale: Locale,
  baseUrl: string,
  offers: OfferLink[] = [],
): MergeValues {
  const landing = `${baseUrl}/e/${event.slug}`;
  const join = recipient.joinToken ? `${baseUrl}/j/${recipient.joinToken}` : landing;
  const zone = formatZone(event.starts_at, event.timezone, locale);
  return {
    name: recipient.name,
    event_title: event.title,
    local_time: `${formatEventRange(event.starts_at, event.ends_at, event.timezone, locale)} (${zone})`,
    time_zone: zone,
    join_url: join,
    ics_url: recipient.joinToken
      ? `${landing}/registered/${recipient.joinToken}/calendar.ics`
      : `${landing}/calendar.ics`,
    landing_url: landing,
    // The personal link opens the replay once the event is on demand.
    replay_url: join,
    unsubscribe_url: recipient.unsubscribeToken ? `${baseUrl}/u/${recipient.unsubscribeToken}` : landing,
    // An offer behind a form or a file is taken in the room, which the personal link opens.
    offer_links: offers.map((o) => `${headerSafe(o.title)}: ${o.url ?? join}`).join('\n'),
  };
}
