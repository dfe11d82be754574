import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts.js';
import type { Files } from '../files/files.js';
import { readUpload } from '../files/routes.js';
import { okResponse } from '../http/formats.js';
import { auditActor, authorize } from '../http/guard.js';
import type { RouteDoc } from '../http/openapi.js';
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
  const doc = (
    operationId: string,
    summary: string,
    extra: Omit<RouteDoc, 'operationId' | 'summary' | 'tags'>,
  ) => ({
    doc: { operationId, summary, tags, ...extra },
  });
  const detail = async (id: string) =>
    eventDetailView(await events.getEventDetail(id), await events.countRegistrations(id));

  app.get(
    '/api/v1/events',
    {
      ...read,
      config: doc('listEvents', 'List events', {
        permission: 'events:read',
        query: s.listQuery,
        response: s.eventsResponse,
      }),
    },
    async (req) => {
      const rows = await events.listEvents(parseInput(s.listQuery, req.query));
      return { events: rows.map((e) => eventView(e, e.registration_count)) };
    },
  );

  app.post(
    '/api/v1/events',
    {
      ...write,
      config: doc('createEvent', 'Create an event (as a draft)', {
        permission: 'events:write',
        body: s.eventFields,
        response: s.eventResponse,
        errors: ['CONFLICT'],
      }),
    },
    async (req) => {
      const event = await events.createEvent(auditActor(req.actor!), parseInput(s.eventFields, req.body));
      return { event: eventView(event, 0) };
    },
  );

  app.get<Id>(
    '/api/v1/events/:id',
    {
      ...read,
      config: doc('getEvent', 'An event with speakers and agenda', {
        permission: 'events:read',
        response: s.eventDetailResponse,
      }),
    },
    async (req) => detail(req.params.id),
  );

  app.patch<Id>(
    '/api/v1/events/:id',
    {
      ...write,
      config: doc('updateEvent', 'Change an event', {
        permission: 'events:write',
        body: s.eventPatch,
        response: s.eventResponse,
        errors: ['CONFLICT', 'INVALID_STATE'],
      }),
    },
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
    {
      ...write,
      config: doc('deleteEvent', 'Delete a draft event', {
        permission: 'events:write',
        response: okResponse,
        errors: ['INVALID_STATE'],
      }),
    },
    async (req) => {
      await events.deleteEvent(auditActor(req.actor!), req.params.id);
      return { ok: true };
    },
  );

  app.post<Id>(
    '/api/v1/events/:id/status',
    {
      ...write,
      config: doc('transitionEvent', 'Move an event along draft → scheduled → live → ended → on_demand', {
        permission: 'events:write',
        body: s.transitionInput,
        response: s.eventResponse,
        errors: ['INVALID_STATE'],
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
      config: doc('uploadEventCover', 'Upload the cover image (multipart field "file")', {
        permission: 'events:write',
        upload: true,
        response: s.eventResponse,
      }),
    },
    async (req) => {
      await events.getEvent(req.params.id);
      const file = await files.saveImage(
        await readUpload(req, files.maxBytes),
        req.actor!.kind === 'user' ? req.actor!.user.id : null,
        'cover',
      );
      return { event: eventView(await events.setCover(auditActor(req.actor!), req.params.id, file.id)) };
    },
  );

  app.delete<Id>(
    '/api/v1/events/:id/cover',
    {
      ...write,
      config: doc('removeEventCover', 'Remove the cover image', {
        permission: 'events:write',
        response: s.eventResponse,
      }),
    },
    async (req) => ({
      event: eventView(await events.setCover(auditActor(req.actor!), req.params.id, null)),
    }),
  );

  app.post<Id>(
    '/api/v1/events/:id/speakers',
    {
      ...write,
      config: doc('addSpeaker', 'Add a speaker', {
        permission: 'events:write',
        body: s.speakerFields,
        response: s.speakerResponse,
      }),
    },
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
      config: doc('reorderSpeakers', 'Put the speakers in a new order (every speaker id, first to last)', {
        permission: 'events:write',
        body: s.orderInput,
        response: s.speakersResponse,
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
    {
      ...write,
      config: doc('updateSpeaker', 'Change a speaker', {
        permission: 'events:write',
        body: s.speakerPatch,
        response: s.speakerResponse,
      }),
    },
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
    {
      ...write,
      config: doc('removeSpeaker', 'Remove a speaker', { permission: 'events:write', response: okResponse }),
    },
    async (req) => {
      await events.removeSpeaker(auditActor(req.actor!), req.params.id, req.params.speakerId);
      return { ok: true };
    },
  );

  app.put<SpeakerId>(
    '/api/v1/events/:id/speakers/:speakerId/photo',
    {
      ...write,
      config: doc('uploadSpeakerPhoto', 'Upload a speaker photo (multipart field "file")', {
        permission: 'events:write',
        upload: true,
        response: s.speakerResponse,
      }),
    },
    async (req) => {
      const actor = auditActor(req.actor!);
      const file = await files.saveImage(
        await readUpload(req, files.maxBytes),
        actor.actorType === 'user' ? actor.actorId : null,
        'photo',
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
    {
      ...write,
      config: doc('addAgendaSession', 'Add an agenda session', {
        permission: 'events:write',
        body: s.agendaFields,
        response: s.agendaSessionResponse,
      }),
    },
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
      config: doc(
        'reorderAgenda',
        'Put the agenda sessions in a new order (every session id, first to last)',
        {
          permission: 'events:write',
          body: s.orderInput,
          response: s.agendaResponse,
        },
      ),
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
      config: doc('updateAgendaSession', 'Change an agenda session', {
        permission: 'events:write',
        body: s.agendaPatch,
        response: s.agendaSessionResponse,
      }),
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
    {
      ...write,
      config: doc('removeAgendaSession', 'Remove an agenda session', {
        permission: 'events:write',
        response: okResponse,
      }),
    },
    async (req) => {
      await events.removeAgendaSession(auditActor(req.actor!), req.params.id, req.params.sessionId);
      return { ok: true };
    },
  );
}
