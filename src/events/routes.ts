import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import type { Files } from '../files/files.js';
import { readUpload } from '../files/routes.js';
import { auditActor, authorize } from '../http/guard.js';
import { parseInput } from '../validation.js';
import type { Events } from './events.js';
import * as s from './schemas.js';
import { agendaView, eventDetailView, eventView, speakerView } from './view.js';

type Id = { Params: { id: string } };
type SpeakerId = { Params: { id: string; speakerId: string } };
type SessionId = { Params: { id: string; sessionId: string } };
const tags = ['events'];

export function eventsRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; events: Events; files: Files },
) {
  const { accounts, events, files } = deps;
  const read = { preHandler: authorize(accounts, 'events:read') };
  const write = { preHandler: authorize(accounts, 'events:write') };
  const doc = (summary: string, extra: object = {}) => ({ doc: { summary, tags, ...extra } });
  const detail = async (id: string) =>
    eventDetailView(await events.getEventDetail(id), await events.countRegistrations(id));

  app.get(
    '/api/v1/events',
    { ...read, config: doc('List events', { permission: 'events:read', query: s.listQuery }) },
    async (req) => {
      const rows = await events.listEvents(parseInput(s.listQuery, req.query));
      return { events: rows.map((e) => eventView(e, e.registration_count)) };
    },
  );

  app.post(
    '/api/v1/events',
    {
      ...write,
      config: doc('Create an event (as a draft)', { permission: 'events:write', body: s.eventFields }),
    },
    async (req) => {
      const event = await events.createEvent(auditActor(req.actor!), parseInput(s.eventFields, req.body));
      return { event: eventView(event, 0) };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id',
    { ...read, config: doc('An event with speakers and agenda', { permission: 'events:read' }) },
    async (req) => detail(req.params.id),
  );

  app.patch<Id>(
    '/api/v1/events/:id',
    { ...write, config: doc('Change an event', { permission: 'events:write', body: s.eventPatch }) },
    async (req) => {
      const event = await events.updateEvent(
        auditActor(req.actor!),
        req.params.id,
        parseInput(s.eventPatch, req.body),
      );
      return { event: eventView(event, await events.countRegistrations(event.id)) };
    },
  );

  app.delete<Id>(
    '/api/v1/events/:id',
    { ...write, config: doc('Delete a draft event', { permission: 'events:write' }) },
    async (req) => {
      await events.deleteEvent(auditActor(req.actor!), req.params.id);
      return { ok: true };
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/status',
    {
      ...write,
      config: doc('Move an event along draft → scheduled → live → ended → on_demand', {
        permission: 'events:write',
        body: s.transitionInput,
      }),
    },
    async (req) => {
      const { to } = parseInput(s.transitionInput, req.body);
      const event = await events.transition(auditActor(req.actor!), req.params.id, to);
      return { event: eventView(event, await events.countRegistrations(event.id)) };
    },
  );

  app.put<Id>(
    '/api/v1/events/:id/cover',
    {
      ...write,
      config: doc('Upload the cover image (multipart field "file")', { permission: 'events:write' }),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const file = await files.saveImage(
        await readUpload(req, files.maxBytes),
        req.actor!.kind === 'user' ? req.actor!.user.id : null,
      );
      return { event: eventView(await events.setCover(auditActor(req.actor!), req.params.id, file.id)) };
    },
  );

  app.delete<Id>(
    '/api/v1/events/:id/cover',
    { ...write, config: doc('Remove the cover image', { permission: 'events:write' }) },
    async (req) => ({
      event: eventView(await events.setCover(auditActor(req.actor!), req.params.id, null)),
    }),
  );

  app.post<Id>(
    '/api/v1/events/:id/speakers',
    { ...write, config: doc('Add a speaker', { permission: 'events:write', body: s.speakerFields }) },
    async (req) => ({
      speaker: speakerView(
        await events.addSpeaker(auditActor(req.actor!), req.params.id, parseInput(s.speakerFields, req.body)),
      ),
    }),
  );

  app.put<Id>(
    '/api/v1/events/:id/speakers/order',
    {
      ...write,
      config: doc('Put the speakers in a new order (every speaker id, first to last)', {
        permission: 'events:write',
        body: s.orderInput,
      }),
    },
    async (req) => {
      const { ids } = parseInput(s.orderInput, req.body);
      await events.reorderSpeakers(auditActor(req.actor!), req.params.id, ids);
      const { speakers } = await events.getEventDetail(req.params.id);
      return { speakers: speakers.map(speakerView) };
    },
  );

  app.patch<SpeakerId>(
    '/api/v1/events/:id/speakers/:speakerId',
    { ...write, config: doc('Change a speaker', { permission: 'events:write', body: s.speakerPatch }) },
    async (req) => ({
      speaker: speakerView(
        await events.updateSpeaker(
          auditActor(req.actor!),
          req.params.id,
          req.params.speakerId,
          parseInput(s.speakerPatch, req.body),
        ),
      ),
    }),
  );

  app.delete<SpeakerId>(
    '/api/v1/events/:id/speakers/:speakerId',
    { ...write, config: doc('Remove a speaker', { permission: 'events:write' }) },
    async (req) => {
      await events.removeSpeaker(auditActor(req.actor!), req.params.id, req.params.speakerId);
      return { ok: true };
    },
  );

  app.put<SpeakerId>(
    '/api/v1/events/:id/speakers/:speakerId/photo',
    {
      ...write,
      config: doc('Upload a speaker photo (multipart field "file")', { permission: 'events:write' }),
    },
    async (req) => {
      const actor = auditActor(req.actor!);
      const file = await files.saveImage(
        await readUpload(req, files.maxBytes),
        actor.actorType === 'user' ? actor.actorId : null,
      );
      return {
        speaker: speakerView(
          await events.updateSpeaker(actor, req.params.id, req.params.speakerId, { photo_file_id: file.id }),
        ),
      };
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/agenda',
    { ...write, config: doc('Add an agenda session', { permission: 'events:write', body: s.agendaFields }) },
    async (req) => {
      const event = await events.getEvent(req.params.id);
      const session = await events.addAgendaSession(
        auditActor(req.actor!),
        event.id,
        parseInput(s.agendaFields, req.body),
      );
      return { session: agendaView(session, event.timezone) };
    },
  );

  app.put<Id>(
    '/api/v1/events/:id/agenda/order',
    {
      ...write,
      config: doc('Put the agenda sessions in a new order (every session id, first to last)', {
        permission: 'events:write',
        body: s.orderInput,
      }),
    },
    async (req) => {
      const { ids } = parseInput(s.orderInput, req.body);
      await events.reorderAgenda(auditActor(req.actor!), req.params.id, ids);
      const { event, agenda } = await events.getEventDetail(req.params.id);
      return { agenda: agenda.map((a) => agendaView(a, event.timezone)) };
    },
  );

  app.patch<SessionId>(
    '/api/v1/events/:id/agenda/:sessionId',
    {
      ...write,
      config: doc('Change an agenda session', { permission: 'events:write', body: s.agendaPatch }),
    },
    async (req) => {
      const event = await events.getEvent(req.params.id);
      const session = await events.updateAgendaSession(
        auditActor(req.actor!),
        event.id,
        req.params.sessionId,
        parseInput(s.agendaPatch, req.body),
      );
      return { session: agendaView(session, event.timezone) };
    },
  );

  app.delete<SessionId>(
    '/api/v1/events/:id/agenda/:sessionId',
    { ...write, config: doc('Remove an agenda session', { permission: 'events:write' }) },
    async (req) => {
      await events.removeAgendaSession(auditActor(req.actor!), req.params.id, req.params.sessionId);
      return { ok: true };
    },
  );
}
