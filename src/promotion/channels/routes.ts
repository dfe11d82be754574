import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Accounts } from '../../accounts/accounts.js';
import type { ErrorCode } from '../../errors.js';
import type { Events } from '../../events/events.js';
import { auditActor, authorize } from '../../http/guard.js';
import { parseInput } from '../../validation.js';
import type { ChannelRow } from '../tables.js';
import { type Channels, channelView } from './channels.js';
import { qrPng, qrSvg } from './qr.js';
import * as s from './schemas.js';

type Id = { Params: { id: string } };
type ChannelId = { Params: { id: string; channelId: string } };
const tags = ['promotion'];

/** An event's promotion channels: list, add, change, archive and restore, QR codes. */
export function channelRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; events: Events; channels: Channels; baseUrl: string },
) {
  const { accounts, events, channels, baseUrl } = deps;
  const read = { preHandler: authorize(accounts, 'channels:read') };
  const write = { preHandler: authorize(accounts, 'channels:write') };
  const doc = (
    operationId: string,
    summary: string,
    permission: 'channels:read' | 'channels:write',
    response: z.ZodType | undefined,
    extra: {
      body?: z.ZodType;
      query?: z.ZodType;
      status?: number;
      errors?: ErrorCode[];
      produces?: string;
    } = {},
  ) => ({ doc: { operationId, summary, tags, permission, response, ...extra } });
  const views = async (rows: ChannelRow[]) => {
    const names = await channels.ownerNames(rows.map((r) => r.owner_id));
    return rows.map((r) => channelView(r, baseUrl, r.owner_id ? (names.get(r.owner_id) ?? null) : null));
  };
  const one = async (row: ChannelRow) => ({ channel: (await views([row]))[0]! });
  const base = '/api/v1/events/:id/channels';

  app.get<Id>(
    base,
    {
      ...read,
      config: doc(
        'listChannels',
        "An event's promotion channels with their links",
        'channels:read',
        s.channelsResponse,
        {
          query: s.channelsQuery,
        },
      ),
    },
    async (req) => {
      const { status } = parseInput(s.channelsQuery, req.query);
      const event = await events.getEvent(req.params.id);
      return { channels: await views(await channels.list(event.id, status)) };
    },
  );

  app.get(
    '/api/v1/promotion/owners',
    {
      ...read,
      config: doc(
        'listChannelOwners',
        'Team members who can own a channel',
        'channels:read',
        s.ownersResponse,
      ),
    },
    async () => ({ owners: await channels.owners() }),
  );

  app.post<Id>(
    base,
    {
      ...write,
      config: doc(
        'createChannel',
        'Add a promotion channel; it gets a short random tracking code',
        'channels:write',
        s.channelResponse,
        { body: s.channelInput, status: 201 },
      ),
    },
    async (req, reply) => {
      const input = parseInput(s.channelInput, req.body);
      const event = await events.getEvent(req.params.id);
      const row = await channels.create(auditActor(req.actor!), event.id, input);
      return reply.status(201).send(await one(row));
    },
  );

  app.get<ChannelId>(
    `${base}/:channelId`,
    { ...read, config: doc('getChannel', 'One promotion channel', 'channels:read', s.channelResponse) },
    async (req) => one(await channels.get(req.params.id, req.params.channelId)),
  );

  app.patch<ChannelId>(
    `${base}/:channelId`,
    {
      ...write,
      config: doc(
        'updateChannel',
        "Change a channel's kind, name, owner, cost or notes (its code never changes)",
        'channels:write',
        s.channelResponse,
        { body: s.channelPatch },
      ),
    },
    async (req) => {
      const patch = parseInput(s.channelPatch, req.body);
      return one(await channels.update(auditActor(req.actor!), req.params.id, req.params.channelId, patch));
    },
  );

  app.post<ChannelId>(
    `${base}/:channelId/archive`,
    {
      ...write,
      config: doc(
        'archiveChannel',
        'Archive a channel: its history stays; its link keeps crediting it or leads to the event without attribution',
        'channels:write',
        s.channelResponse,
        { body: s.archiveInput },
      ),
    },
    async (req) => {
      const { keeps_attributing } = parseInput(s.archiveInput, req.body);
      return one(
        await channels.archive(
          auditActor(req.actor!),
          req.params.id,
          req.params.channelId,
          keeps_attributing,
        ),
      );
    },
  );

  app.post<ChannelId>(
    `${base}/:channelId/restore`,
    {
      ...write,
      config: doc(
        'restoreChannel',
        'Make an archived channel active again',
        'channels:write',
        s.channelResponse,
        {
          errors: ['INVALID_STATE'],
        },
      ),
    },
    async (req) => one(await channels.restore(auditActor(req.actor!), req.params.id, req.params.channelId)),
  );

  app.get<ChannelId>(
    `${base}/:channelId/qr.svg`,
    {
      ...read,
      config: doc('downloadChannelQrSvg', "The channel link's QR code as SVG", 'channels:read', undefined, {
        produces: 'image/svg+xml',
      }),
    },
    async (req, reply) => {
      const row = await channels.get(req.params.id, req.params.channelId);
      return reply
        .header('content-disposition', `attachment; filename="channel-${row.code}.svg"`)
        .header('cache-control', 'private, max-age=3600')
        .type('image/svg+xml')
        .send(await qrSvg(`${baseUrl}/c/${row.code}`));
    },
  );

  app.get<ChannelId>(
    `${base}/:channelId/qr.png`,
    {
      ...read,
      config: doc(
        'downloadChannelQrPng',
        "The channel link's QR code as a print-size PNG (`size` pixels square, 1200 by default)",
        'channels:read',
        undefined,
        { query: s.qrPngQuery, produces: 'image/png' },
      ),
    },
    async (req, reply) => {
      const { size } = parseInput(s.qrPngQuery, req.query);
      const row = await channels.get(req.params.id, req.params.channelId);
      return reply
        .header('content-disposition', `attachment; filename="channel-${row.code}-${size}.png"`)
        .header('cache-control', 'private, max-age=3600')
        .type('image/png')
        .send(await qrPng(`${baseUrl}/c/${row.code}`, size));
    },
  );
}
