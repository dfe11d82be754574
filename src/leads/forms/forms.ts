import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { installSecret } from '../../db/secrets.js';
import type { Actor, EventRow } from '../../events/events.js';
import { type Locale, t } from '../../i18n/index.js';
import type { RegistrationContext, Registrations } from '../../registration/registrations.js';
import { parseInput, safeParseInput, type ValidationFailed } from '../../validation.js';
import { type AnswerValue, answersSchema, splitAnswers } from './answers.js';
import {
  contactFieldTypes,
  DEFAULT_DEFINITION,
  definitionFromJson,
  type FormDefinition,
  formDefinitionInput,
  profileFieldTypes,
  toDefinition,
} from './definition.js';

export type Forms = ReturnType<typeof createForms>;

const COOKIE_SECRET_KEY = 'forms.contact_cookie_secret';
/** Answers schemas kept (see schemaFor): forms in use × what returning contacts already gave. */
const SCHEMA_CACHE_SIZE = 256;
/** The cookie that recognises a returning contact's browser (set at registration). */
export const CONTACT_COOKIE = 'lc_contact';

export interface FormSubmission {
  values: Record<string, unknown>;
  locale: Locale;
  consentText: string;
  userAgent?: string;
  /** The contact recognised by a personal link or the signed cookie, if any. */
  contactId?: string;
  /** A personal invitation link's referrer, and what to record with the new registration (src/promotion/referrals). */
  referral?: { referredBy: string; onCreated: NonNullable<RegistrationContext['onCreated']> };
  /** Where the person came from (src/promotion/attribution), passed on to the registration. */
  attribution?: RegistrationContext['attribution'];
}

/** Form answer key → the lead profile's column scoring and the hand-off read it from. */
const profileColumns = {
  industry: 'industry',
  company_size: 'company_size',
  purchase_timeline: 'purchase_timeline',
  budget: 'budget',
  country: 'region',
} as const satisfies Record<(typeof profileFieldTypes)[number], string>;

/**
 * The standard profile answers of a registration become the contact's lead profile (the fit
 * facts scoring and the hand-off's rules read): what was answered now replaces what was
 * known; what was not asked keeps its value, whether a form or sales gave it.
 */
export async function saveProfile(
  trx: Kysely<Database>,
  contactId: string,
  answers: Record<string, AnswerValue>,
  at: string,
) {
  const given: Partial<Record<(typeof profileColumns)[keyof typeof profileColumns], string>> = {};
  for (const key of profileFieldTypes) {
    const value = answers[key];
    if (typeof value === 'string') given[profileColumns[key]] = value;
  }
  if (Object.keys(given).length === 0) return;
  const row = {
    contact_id: contactId,
    industry: null,
    company_size: null,
    purchase_timeline: null,
    budget: null,
    region: null,
    ...given,
    updated_at: at,
  };
  await trx
    .insertInto('lead_profiles')
    .values(row)
    .onConflict((oc) => oc.column('contact_id').doUpdateSet({ ...given, updated_at: at }))
    .execute();
}

export function createForms(deps: { db: Kysely<Database>; clock: Clock; registrations: Registrations }) {
  const { db, clock, registrations } = deps;
  let secret: Promise<string> | undefined;
  const cookieSecret = () => {
    secret ??= installSecret(db, COOKIE_SECRET_KEY);
    return secret;
  };
  const sign = async (contactId: string) =>
    createHmac('sha256', await cookieSecret())
      .update(`contact:${contactId}`)
      .digest('base64url')
      .slice(0, 27);

  async function current(
    eventId: string,
  ): Promise<{ definition: FormDefinition; version: number; designed: boolean; json: string | null }> {
    const row = await db
      .selectFrom('form_definitions')
      .select(['definition', 'version'])
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row
      ? {
          definition: definitionFromJson(row.definition),
          version: row.version,
          designed: true,
          json: row.definition,
        }
      : { definition: DEFAULT_DEFINITION, version: 0, designed: false, json: null };
  }

  /**
   * The answers schema of a form for a contact who already gave `known`, built once per form
   * and set of known fields: building a zod schema costs about 1 ms of CPU, more than the rest
   * of a registration's checks, and a form's registrations all use the same few.
   */
  const schemas = new Map<string, ReturnType<typeof answersSchema>>();
  function schemaFor(json: string | null, definition: FormDefinition, known: ReadonlySet<string>) {
    const key = `${json ?? '(default)'}\u0000${[...known].sort().join(',')}`;
    let schema = schemas.get(key);
    if (schema) schemas.delete(key);
    else schema = answersSchema(definition, known);
    schemas.set(key, schema); // most recently used last
    if (schemas.size > SCHEMA_CACHE_SIZE) schemas.delete(schemas.keys().next().value!);
    return schema;
  }

  /**
   * What is already known about a contact, by field key: the contact's own columns and the
   * standard profile answers they gave at any event (custom fields mean something per event,
   * so they are not carried over).
   */
  async function knownProfile(contactId: string): Promise<Record<string, AnswerValue>> {
    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!contact) return {};
    const known: Record<string, AnswerValue> = {};
    for (const key of contactFieldTypes) {
      const value = contact[key];
      if (value) known[key] = value;
    }
    const answers = await db
      .selectFrom('form_answers')
      .select(['field_key', 'value'])
      .where('contact_id', '=', contactId)
      .where('field_key', 'in', [...profileFieldTypes])
      .orderBy('created_at')
      .execute();
    for (const a of answers) known[a.field_key] = JSON.parse(a.value) as AnswerValue;
    return known;
  }

  return {
    current,
    knownProfile,

    /** Validates and stores an event's form (field-level errors, nothing stored on failure); audit-logged. */
    async save(actor: Actor, event: EventRow, input: unknown) {
      const definition = toDefinition(parseInput(formDefinitionInput, input));
      const at = clock.now().toISOString();
      const before = await current(event.id);
      const version = before.version + 1;
      await db
        .insertInto('form_definitions')
        .values({
          event_id: event.id,
          definition: JSON.stringify(definition),
          version,
          updated_by: actor.actorId,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('event_id').doUpdateSet((eb) => ({
            definition: eb.ref('excluded.definition'),
            version: eb.ref('excluded.version'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
      await recordAudit(db, clock, {
        ...actor,
        action: 'form.updated',
        targetType: 'event',
        targetId: event.id,
        details: { version, fields: definition.fields.map((f) => f.key) },
      });
      return { definition, version, designed: true };
    },

    /** The signed cookie value that recognises `contactId`'s browser next time. */
    async contactCookie(contactId: string) {
      return `${contactId}.${await sign(contactId)}`;
    },

    /**
     * The contact a returning visitor is: by a personal link's token (any of their active
     * registrations) or by the signed cookie. Undefined when neither proves anyone.
     */
    async recognise(proof: {
      token?: unknown;
      cookie?: unknown;
    }): Promise<{ contactId: string; name: string } | undefined> {
      if (typeof proof.token === 'string' && proof.token) {
        const found = await registrations.findByJoinToken(proof.token);
        if (found) return { contactId: found.registration.contact_id, name: found.registration.name };
      }
      if (typeof proof.cookie !== 'string') return undefined;
      const [contactId, mac] = proof.cookie.split('.');
      if (!contactId || !mac || contactId.length > 40) return undefined;
      const expected = Buffer.from(await sign(contactId));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      const contact = await db
        .selectFrom('contacts')
        .select(['id', 'name'])
        .where('id', '=', contactId)
        .executeTakeFirst();
      return contact && { contactId: contact.id, name: contact.name };
    },

    /**
     * Registers through the event's form: the answers are checked against the definition
     * (what the recognised contact already told us is not asked again and is filled in), then
     * the registration, its answers and its opt-in are written in one transaction.
     */
    async register(
      event: EventRow,
      submission: FormSubmission,
    ): Promise<
      | { ok: true; registration: Database['registrations']; created: boolean }
      | { ok: false; error: ValidationFailed }
    > {
      const { definition, version, json } = await current(event.id);
      const known = submission.contactId ? await knownProfile(submission.contactId) : {};
      const parsed = safeParseInput(
        schemaFor(json, definition, new Set(Object.keys(known))),
        submission.values,
      );
      if (!parsed.success) return { ok: false, error: parsed.error };
      const { contact, answers, marketingOptIn, envelope } = splitAnswers(definition, parsed.data, known);
      const typeOf = new Map(definition.fields.map((f) => [f.key, f.type]));
      const optInText = definition.marketingOptIn.enabled
        ? (definition.marketingOptIn.label?.[submission.locale] ??
          t(submission.locale, 'form.marketing_opt_in'))
        : null;
      const onCreated: RegistrationContext['onCreated'] = async (trx, registration) => {
        const at = registration.created_at;
        const rows = Object.entries(answers).map(([key, value]) => ({
          registration_id: registration.id,
          field_key: key,
          event_id: event.id,
          contact_id: registration.contact_id,
          field_type: typeOf.get(key)!,
          value: JSON.stringify(value),
          created_at: at,
        }));
        if (rows.length) await trx.insertInto('form_answers').values(rows).execute();
        await saveProfile(trx, registration.contact_id, answers, at);
        await trx
          .insertInto('form_submissions')
          .values({
            registration_id: registration.id,
            event_id: event.id,
            contact_id: registration.contact_id,
            form_version: version,
            marketing_opt_in: marketingOptIn ? 1 : 0,
            opt_in_text: optInText,
            created_at: at,
          })
          .execute();
      };
      const { registration, created } = await registrations.register(
        event,
        { ...envelope, ...contact },
        {
          locale: submission.locale,
          consentText: submission.consentText,
          userAgent: submission.userAgent,
          referredBy: submission.referral?.referredBy,
          onCreated: submission.referral
            ? async (trx, registration) => {
                await onCreated(trx, registration);
                await submission.referral!.onCreated(trx, registration);
              }
            : onCreated,
          attribution: submission.attribution,
        },
      );
      return { ok: true, registration, created };
    },

    /** A registration's answers and opt-in, for the team. */
    async answersOf(registrationId: string) {
      const [rows, submission] = await Promise.all([
        db.selectFrom('form_answers').selectAll().where('registration_id', '=', registrationId).execute(),
        db
          .selectFrom('form_submissions')
          .selectAll()
          .where('registration_id', '=', registrationId)
          .executeTakeFirst(),
      ]);
      return { answers: rows, submission };
    },
  };
}
