import { fileUrl } from '../files/files.js';
import type { AgendaRow, EventRow, SpeakerRow } from './events.js';
import { nextStatuses } from './status.js';
import { utcToZonedLocal } from './time.js';

/** How the API shows an event: UTC instants plus wall-clock times in the event's zone. */
export function eventView(e: EventRow, registrationCount?: number) {
  const { cover_file_id, created_by: _c, schedule_sequence: _s, ...rest } = e;
  return {
    ...rest,
    starts_at_local: utcToZonedLocal(new Date(e.starts_at), e.timezone),
    ends_at_local: utcToZonedLocal(new Date(e.ends_at), e.timezone),
    cover_url: fileUrl(cover_file_id),
    ...(registrationCount === undefined ? {} : { registration_count: registrationCount }),
  };
}

export function speakerView(s: SpeakerRow) {
  const { photo_file_id, event_id: _e, ...rest } = s;
  return { ...rest, photo_url: fileUrl(photo_file_id) };
}

export function agendaView(a: AgendaRow, timezone: string) {
  const { event_id: _e, ...rest } = a;
  return {
    ...rest,
    starts_at_local: utcToZonedLocal(new Date(a.starts_at), timezone),
    ends_at_local: utcToZonedLocal(new Date(a.ends_at), timezone),
  };
}

export function eventDetailView(
  detail: { event: EventRow; speakers: SpeakerRow[]; agenda: AgendaRow[] },
  registrationCount: number,
) {
  return {
    event: eventView(detail.event, registrationCount),
    speakers: detail.speakers.map(speakerView),
    agenda: detail.agenda.map((a) => agendaView(a, detail.event.timezone)),
    next_statuses: nextStatuses(detail.event.status),
    urls: { landing: `/e/${detail.event.slug}`, studio: `/studio/${detail.event.id}` },
  };
}
