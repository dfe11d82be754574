import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { screenText } from '../moderation/screening.js';
import { type CommandContext, newRowId, nowIso, recordInteraction } from './context.js';
import type { OfferStatus } from './tables.js';
import { offerView, staffOfferView } from './views.js';

type Offer = Database['room_offers'];

function publishOffer(ctx: CommandContext, offer: Offer) {
  ctx.deps.publish({
    eventId: ctx.eventId,
    audience: offer.status === 'draft' ? 'staff' : 'all',
    event: { type: 'offer', offer: offerView(offer) },
    staffEvent: { type: 'offer', offer: staffOfferView(offer) },
    key: `offer:${offer.id}`,
  });
}

async function getOffer(ctx: CommandContext, offerId: string) {
  const offer = await ctx.deps.db
    .selectFrom('room_offers')
    .selectAll()
    .where('id', '=', offerId)
    .where('event_id', '=', ctx.eventId)
    .executeTakeFirst();
  if (!offer) throw notFound('Offer');
  return offer;
}

export async function createOffer(
  ctx: CommandContext,
  cmd: { title: string; description: string; ctaLabel: string; url: string; requiresForm: boolean },
) {
  const offer: Offer = {
    id: newRowId(ctx.deps),
    event_id: ctx.eventId,
    title: cmd.title,
    description: cmd.description,
    cta_label: cmd.ctaLabel,
    url: cmd.url,
    requires_form: cmd.requiresForm ? 1 : 0,
    status: 'draft',
    created_at: nowIso(ctx.deps),
    pushed_at: null,
    file_id: null,
    on_pages: 0,
    gate: null,
  };
  await ctx.deps.db.insertInto('room_offers').values(offer).execute();
  publishOffer(ctx, offer);
  return { offerId: offer.id };
}

async function moveOffer(ctx: CommandContext, offerId: string, from: OfferStatus[], to: OfferStatus) {
  const offer = await getOffer(ctx, offerId);
  if (!from.includes(offer.status))
    throw new AppError('INVALID_STATE', `The offer is ${offer.status}`, { reason: `offer_${offer.status}` });
  const change = { status: to, ...(to === 'live' ? { pushed_at: nowIso(ctx.deps) } : {}) };
  await ctx.deps.db.updateTable('room_offers').set(change).where('id', '=', offer.id).execute();
  publishOffer(ctx, { ...offer, ...change });
  return { offerId: offer.id, status: to };
}

export const pushOffer = (ctx: CommandContext, cmd: { offerId: string }) =>
  moveOffer(ctx, cmd.offerId, ['draft', 'withdrawn'], 'live');
export const withdrawOffer = (ctx: CommandContext, cmd: { offerId: string }) =>
  moveOffer(ctx, cmd.offerId, ['live'], 'withdrawn');

async function liveOffer(ctx: CommandContext, offerId: string) {
  const offer = await getOffer(ctx, offerId);
  if (offer.status !== 'live')
    throw new AppError('INVALID_STATE', 'This offer is no longer available', {
      reason: `offer_${offer.status}`,
    });
  return offer;
}

/** The download fact, and for a registered viewer whatever else hangs on it, in one transaction. */
async function recordDownload(ctx: CommandContext, offer: Offer) {
  const { registrationId, contactId, actor } = ctx.viewer;
  const hook = ctx.deps.onOfferDownloaded;
  if (!hook || !registrationId || actor)
    return recordInteraction(ctx.deps.db, ctx, 'offer_download', { offerId: offer.id });
  await ctx.deps.db.transaction().execute(async (trx) => {
    await recordInteraction(trx, ctx, 'offer_download', { offerId: offer.id });
    await hook(trx, {
      eventId: ctx.eventId,
      registrationId,
      contactId,
      offer: { id: offer.id, title: offer.title, url: offer.url },
      at: nowIso(ctx.deps),
    });
  });
}

/**
 * What the viewer is handed: a link offer's URL (the download recorded now), or a file
 * offer's per-registration link (recorded when fetched; staff and anonymous viewers get none).
 */
async function handOut(ctx: CommandContext, offer: Offer) {
  if (!offer.file_id) {
    await recordDownload(ctx, offer);
    return { offerId: offer.id, url: offer.url };
  }
  const { registrationId } = ctx.viewer;
  const url =
    registrationId && !ctx.viewer.actor ? await ctx.deps.offerLink?.(offer.id, registrationId) : undefined;
  if (!url)
    throw new AppError('INVALID_STATE', 'Register for the event to download this offer', {
      reason: 'offer_needs_registration',
    });
  return { offerId: offer.id, url };
}

async function hasFilledForm(ctx: CommandContext, offerId: string): Promise<boolean> {
  const rows = await ctx.deps.db
    .selectFrom('room_interactions')
    .select('payload')
    .where('event_id', '=', ctx.eventId)
    .where('viewer_id', '=', ctx.viewer.viewerId)
    .where('type', '=', 'offer_form')
    .execute();
  return rows.some((r) => (JSON.parse(r.payload) as { offerId?: string }).offerId === offerId);
}

/**
 * A click on an offer card: recorded; answers with the URL, or with `form: true` when
 * the offer asks for a short form first (once per viewer).
 */
export async function clickOffer(ctx: CommandContext, cmd: { offerId: string }) {
  const offer = await liveOffer(ctx, cmd.offerId);
  await recordInteraction(ctx.deps.db, ctx, 'offer_click', { offerId: offer.id });
  if (offer.requires_form === 1 && !ctx.viewer.actor && !(await hasFilledForm(ctx, offer.id))) {
    return { offerId: offer.id, form: true };
  }
  return handOut(ctx, offer);
}

/**
 * The offer's short form. Company and job title are screened like chat: spam there is a
 * field error (and nothing is recorded); text the screen would hold is recorded with the
 * reason, so the team can check that lead before trusting it. The phone is a phone.
 */
export async function submitOfferForm(
  ctx: CommandContext,
  cmd: { offerId: string; values: { company: string; job_title: string; phone?: string } },
) {
  const offer = await liveOffer(ctx, cmd.offerId);
  const fields: Record<string, string> = {};
  const held: Record<string, string> = {};
  for (const field of ['company', 'job_title'] as const) {
    const screened = await screenText(ctx.deps.db, ctx.eventId, cmd.values[field]);
    if (screened.action === 'block') fields[`values.${field}`] = 'This looks like spam';
    else if (screened.action === 'hold') held[field] = screened.reason;
  }
  if (Object.keys(fields).length)
    throw new AppError('VALIDATION_FAILED', 'Some fields are invalid', { fields });
  await recordInteraction(ctx.deps.db, ctx, 'offer_form', {
    offerId: offer.id,
    values: cmd.values,
    ...(Object.keys(held).length ? { held } : {}),
  });
  return handOut(ctx, offer);
}
