import type { EventStatus } from './tables.js';

/**
 * The event lifecycle: draft → scheduled → live → ended → on_demand.
 * A scheduled event can go back to draft (unpublish); an event ended by mistake can go
 * live again; on-demand is final.
 */
const transitions: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['scheduled'],
  scheduled: ['draft', 'live'],
  live: ['ended'],
  ended: ['live', 'on_demand'],
  on_demand: [],
};

export function canTransition(from: EventStatus, to: EventStatus): boolean {
  return transitions[from].includes(to);
}

export const nextStatuses = (from: EventStatus): readonly EventStatus[] => transitions[from];

/** Statuses in which the public landing page is visible. */
export const isPublic = (status: EventStatus) => status !== 'draft';
