import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../../events/events.js';
import { extensionOf } from '../../files/documents.js';
import type { Files } from '../../files/files.js';
import { newId } from '../../ids.js';
import type { Registrations } from '../../registration/registrations.js';
import type { OfferDownload } from '../../room/context.js';
import { parseInput, safeParseInput, type ValidationFailed } from '../../validation.js';
import { type AnswerValue, fieldsSchema } from '../forms/answers.js';
import { saveProfile } from '../forms/forms.js';
import { fieldsToAsk, type GateField, gateFormFields, gateOf } from './gate.js';
import { offerLink } from './page.js';
import { offerInput, offerPatch } from './schemas.js';

export type Offers = ReturnType<typeof createOffers>;
export type OfferRow = Database['room_offers'];

/** What a per-registration offer link leads to: the short form, a file, or the offer's link. */
export type Taken =
  | { kind: 'ask'; fields: GateField[]; errors: ValidationFailed | null }
  | { kind: 'file'; mime: string; extension: string; bytes: Buffer; name: string }
  | { kind: 'link'; url: string };

/** Columns of the contact a gate answer also fills. */
const contactColumns = ['phone', 'company', 'job_title'] as const;

/**
 * Offers ("hooks": slides, whitepapers, case studies, solution packs) per event: a link or
 * an uploaded file, gated or not by a short form, shown in the room as offer cards and — when
 * `on_pages` — on the confirmation and replay pages through each registration's own link.
 * Every download is a room fact; `offer_downloads` keeps one row per contact and offer
 * (repeats raise `count`), which scoring counts and whose first row publishes
 * `offer.downloaded`.
 */
export function createOffers(deps: {
  db: Kysely<Database>;
  clock: Clock;
  files: Files;
  registrations: Registrations;
  knownProfile: (contactId: string) => Promise<Record<string, AnswerValue>>;
  /** A contact's first download of an offer, in its transaction (the webhooks publish there). */
  onFirstDownload?: (trx: Kysely<Database>, download: OfferDownload) => Promise<void>;
  /** A registration has a new fact: lead scoring batches these. */
  noteFact?: (registrationId: string) => void;
  /** Where the audience pages are (offer links handed out in the room are absolute). */
  baseUrl: string;
}) {
  const { db, clock, files, registrations } = deps;
  const now = () => clock.now().toISOString();

  async function getOffer(eventId: string, offerId: string) {
    const offer = await db
      .selectFrom('room_offers')
      .selectAll()
      .where('id', '=', offerId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!offer) throw notFound('Offer');
    return offer;
  }

  /**
   * Records one download: the room fact, and the contact's row for this offer (inserted the
   * first time — then `onFirstDownload` runs — counted up after).
   */
  async function recordDownload(trx: Kysely<Database>, d: OfferDownload & { contactId: string }) {
    const inserted = await trx
      .insertInto('offer_downloads')
      .values({
        offer_id: d.offer.id,
        contact_id: d.contactId,
        registration_id: d.registrationId,
        event_id: d.eventId,
        first_at: d.at,
        last_at: d.at,
        count: 1,
      })
      .onConflict((oc) => oc.columns(['offer_id', 'contact_id']).doNothing())
      .returning('offer_id')
      .execute();
    if (inserted.length > 0) await deps.onFirstDownload?.(trx, d);
    else
      await trx
        .updateTable('offer_downloads')
        .set((eb) => ({ count: eb('count', '+', 1), last_at: d.at }))
        .where('offer_id', '=', d.offer.id)
        .where('contact_id', '=', d.contactId)
        .execute();
  }

  /** A registration's answers to a gate: stored like form answers, and on the contact and its lead profile. */
  async function saveGateAnswers(
    trx: Kysely<Database>,
    registration: Database['registrations'],
    answers: Record<string, AnswerValue>,
  ) {
    const at = now();
    const rows = Object.entries(answers).map(([key, value]) => ({
      registration_id: registration.id,
      field_key: key,
      event_id: registration.event_id,
      contact_id: registration.contact_id,
      field_type: key,
      value: JSON.stringify(value),
      created_at: at,
    }));
    for (const row of rows)
      await trx
        .insertInto('form_answers')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['registration_id', 'field_key']).doUpdateSet({ value: row.value, created_at: at }),
        )
        .execute();
    const contact: Partial<Record<(typeof contactColumns)[number], string>> = {};
    for (const key of contactColumns) if (typeof answers[key] === 'string') contact[key] = answers[key];
    if (Object.keys(contact).length)
      await trx
        .updateTable('contacts')
        .set({ ...contact, updated_at: at })
        .where('id', '=', registration.contact_id)
        .execute();
    await saveProfile(trx, registration.contact_id, answers, at);
  }

  /** Whether this registration already passed the offer's gate: in the room, or by an earlier download. */
  async function passedGate(registrationId: string, contactId: string, offerId: string) {
    const [download, roomForms] = await Promise.all([
      db
        .selectFrom('offer_downloads')
        .select('count')
        .where('offer_id', '=', offerId)
        .where('contact_id', '=', contactId)
        .executeTakeFirst(),
      db
        .selectFrom('room_interactions')
        .select('payload')
        .where('registration_id', '=', registrationId)
        .where('type', '=', 'offer_form')
        .execute(),
    ]);
    return (
      download !== undefined ||
      roomForms.some((r) => (JSON.parse(r.payload) as { offerId?: string }).offerId === offerId)
    );
  }

  async function deliver(offer: OfferRow): Promise<Taken> {
    if (!offer.file_id) return { kind: 'link', url: offer.url };
    const { file, bytes } = await files.open(offer.file_id);
    return { kind: 'file', mime: file.mime, extension: extensionOf(file.mime), bytes, name: offer.title };
  }

  return {
    getOffer,
    recordDownload,

    /** The event's offers with their file and downloads (contacts and total), newest first; or one of them. */
    async list(eventId: string, offerId?: string) {
      let q = db
        .selectFrom('room_offers as o')
        .leftJoin('files as f', 'f.id', 'o.file_id')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('offer_downloads')
              .select((e) => [
                'offer_id',
                e.fn.countAll<number>().as('contacts'),
                e.fn.sum<number>('count').as('total'),
              ])
              .where('event_id', '=', eventId)
              .groupBy('offer_id')
              .as('d'),
          (join) => join.onRef('d.offer_id', '=', 'o.id'),
        )
        .selectAll('o')
        .select(['d.contacts', 'd.total', 'f.mime as file_mime', 'f.size_bytes as file_size'])
        .where('o.event_id', '=', eventId);
      if (offerId) q = q.where('o.id', '=', offerId);
      return q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').execute();
    },

    /** A new offer (a draft in the room until pushed there); audit-logged. */
    async create(actor: Actor, eventId: string, body: unknown) {
      const input = parseInput(offerInput, body);
      const offer: OfferRow = {
        id: newId(clock.now().getTime()),
        event_id: eventId,
        title: input.title,
        description: input.description,
        cta_label: input.cta_label,
        url: input.url ?? '',
        requires_form: input.gated ? 1 : 0,
        status: 'draft',
        created_at: now(),
        pushed_at: null,
        file_id: null,
        on_pages: input.on_pages ? 1 : 0,
        gate: input.gate ? JSON.stringify(input.gate) : null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('room_offers').values(offer).execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'offer.created',
          targetType: 'offer',
          targetId: offer.id,
          details: { event_id: eventId, title: offer.title },
        });
      });
      return offer;
    },

    /** Changes an offer's text, link, gate or pages flag; audit-logged. */
    async update(actor: Actor, eventId: string, offerId: string, body: unknown) {
      const input = parseInput(offerPatch, body);
      const offer = await getOffer(eventId, offerId);
      const change: Partial<OfferRow> = {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.cta_label !== undefined ? { cta_label: input.cta_label } : {}),
        ...(input.url !== undefined ? { url: input.url, file_id: null } : {}),
        ...(input.gated !== undefined ? { requires_form: input.gated ? 1 : 0 } : {}),
        ...(input.gate !== undefined ? { gate: input.gate ? JSON.stringify(input.gate) : null } : {}),
        ...(input.on_pages !== undefined ? { on_pages: input.on_pages ? 1 : 0 } : {}),
      };
      if (Object.keys(change).length === 0) return offer;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('room_offers').set(change).where('id', '=', offer.id).execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'offer.updated',
          targetType: 'offer',
          targetId: offer.id,
          details: { fields: Object.keys(input) },
        });
      });
      return getOffer(eventId, offerId);
    },

    /** Uploads the offer's file (it replaces a link); audit-logged. */
    async attachFile(actor: Actor, eventId: string, offerId: string, bytes: Buffer) {
      const offer = await getOffer(eventId, offerId);
      const file = await files.saveDocument(bytes, actor.actorType === 'user' ? actor.actorId : null);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('room_offers')
          .set({ file_id: file.id, url: '' })
          .where('id', '=', offer.id)
          .execute();
        await recordAudit(trx, clock, {
          ...actor,
          action: 'offer.file_uploaded',
          targetType: 'offer',
          targetId: offer.id,
          details: { file_id: file.id, mime: file.mime, size_bytes: file.size_bytes },
        });
      });
      return { offer: await getOffer(eventId, offerId), file };
    },

    /** An active registration's own link to an offer, absolute (the room hands it out for file offers). */
    async linkFor(offerId: string, registrationId: string) {
      const row = await db
        .selectFrom('registrations')
        .select('join_token')
        .where('id', '=', registrationId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row && `${deps.baseUrl}${offerLink(row.join_token, offerId)}`;
    },

    /** What the gate page shows besides its fields: the offer, its event's title and language. */
    async linkContext(token: string, offerId: string) {
      const found = await registrations.findByJoinToken(token);
      if (!found) throw notFound('Offer');
      const offer = await getOffer(found.event.id, offerId);
      return { offer, eventTitle: found.event.title, language: found.event.language };
    },

    /** Who took the event's offers: one row per contact and offer, for the team. */
    async downloads(eventId: string) {
      return db
        .selectFrom('offer_downloads as d')
        .innerJoin('contacts as c', 'c.id', 'd.contact_id')
        .innerJoin('room_offers as o', 'o.id', 'd.offer_id')
        .select([
          'd.offer_id',
          'o.title as offer_title',
          'd.contact_id',
          'd.registration_id',
          'c.name',
          'c.email',
          'c.company',
          'd.count',
          'd.first_at',
          'd.last_at',
        ])
        .where('d.event_id', '=', eventId)
        .orderBy('d.first_at', 'desc')
        .orderBy('d.contact_id')
        .limit(5000)
        .execute();
    },

    /** The offers the confirmation and replay pages show: flagged, not withdrawn, with something to hand out. */
    async forPages(eventId: string) {
      return db
        .selectFrom('room_offers')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('on_pages', '=', 1)
        .where('status', '!=', 'withdrawn')
        .where((eb) => eb.or([eb('url', '!=', ''), eb('file_id', 'is not', null)]))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /**
     * A registration's own offer link (`/o/<join token>/<offer id>`): the short form while the
     * gate still needs answers (only what is not known yet), else the download — recorded
     * once per contact and offer, counted on repeats. `values` are the form's answers when
     * it is posted. Undefined when the link does not lead anywhere (unknown token, an offer
     * of another event, a draft or withdrawn one, one with nothing to hand out).
     */
    async take(token: string, offerId: string, values?: Record<string, unknown>): Promise<Taken | undefined> {
      const found = await registrations.findByJoinToken(token);
      if (!found) return undefined;
      const { registration } = found;
      const offer = await db
        .selectFrom('room_offers')
        .selectAll()
        .where('id', '=', offerId)
        .where('event_id', '=', registration.event_id)
        .executeTakeFirst();
      const offered =
        offer && (offer.status === 'live' || (offer.status === 'draft' && offer.on_pages === 1));
      if (!offer || !offered || (!offer.url && !offer.file_id)) return undefined;
      let answers: Record<string, AnswerValue> = {};
      if (
        offer.requires_form === 1 &&
        !(await passedGate(registration.id, registration.contact_id, offer.id))
      ) {
        const asked = fieldsToAsk(gateOf(offer.gate), await deps.knownProfile(registration.contact_id));
        if (asked.length > 0) {
          if (!values) return { kind: 'ask', fields: asked, errors: null };
          const parsed = safeParseInput(fieldsSchema(gateFormFields(asked), new Set()), values);
          if (!parsed.success) return { kind: 'ask', fields: asked, errors: parsed.error };
          answers = Object.fromEntries(
            Object.entries(parsed.data).filter((e): e is [string, AnswerValue] => e[1] !== undefined),
          );
        }
      }
      const at = now();
      await db.transaction().execute(async (trx) => {
        if (Object.keys(answers).length) await saveGateAnswers(trx, registration, answers);
        await trx
          .insertInto('room_interactions')
          .values({
            id: newId(clock.now().getTime()),
            event_id: registration.event_id,
            registration_id: registration.id,
            viewer_id: registration.id,
            type: 'offer_download',
            payload: JSON.stringify({ offerId: offer.id, from: 'link' }),
            at,
          })
          .execute();
        await recordDownload(trx, {
          eventId: registration.event_id,
          registrationId: registration.id,
          contactId: registration.contact_id,
          offer: { id: offer.id, title: offer.title, url: offer.url },
          at,
        });
      });
      deps.noteFact?.(registration.id);
      return deliver(offer);
    },
  };
}
