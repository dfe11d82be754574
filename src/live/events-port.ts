import type { EventRow, Events } from '../events/events.js';
import type { EventStatus } from '../events/tables.js';
import type { Registrations } from '../registration/registrations.js';

export type { EventRow };

/** The event reads and the status change the live domain needs, from the events and registration services. */
export interface EventsPort {
  get(id: string): Promise<EventRow>;
  bySlug(slug: string): Promise<EventRow | undefined>;
  byJoinToken(
    token: string,
  ): Promise<{ event: EventRow; registrationId: string; locale: string } | undefined>;
  transition(
    eventId: string,
    to: EventStatus,
    who: { actorType: 'user' | 'token' | 'system'; actorId: string | null },
  ): Promise<EventRow>;
}

export function eventsPort(events: Events, registrations: Registrations): EventsPort {
  return {
    get: (id) => events.getEvent(id),
    bySlug: (slug) => events.findEventBySlug(slug),
    async byJoinToken(token) {
      const found = await registrations.findByJoinToken(token);
      return (
        found && {
          event: found.event,
          registrationId: found.registration.id,
          locale: found.registration.locale,
        }
      );
    },
    transition: (eventId, to, who) => events.transition(who, eventId, to),
  };
}
