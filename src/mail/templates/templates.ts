import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/accounts.js';
import { recordAudit } from '../../audit/audit.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { auditActor } from '../../http/guard.js';
import type { Locale } from '../../i18n/index.js';
import type { Step } from '../plan/steps.js';
import { type CompiledTemplate, compileTemplate } from './compile.js';
import { defaultTemplate, footerOf } from './defaults.js';

export type Templates = ReturnType<typeof createTemplates>;
/** A plan step, or a campaign's key (`campaign.<id>`). */
export type TemplateKey = Step | `campaign.${string}`;

const defaultFor = (key: TemplateKey, locale: Locale) =>
  defaultTemplate(key.startsWith('campaign.') ? 'campaign' : (key as Step), locale);

/** Templates of an event's steps and campaigns, per language: the team's rows, else the built-in wording. */
export function createTemplates(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  /** Compiled templates by event, key, language and version: MJML runs once per template, not per email. */
  const compiled = new Map<string, CompiledTemplate>();

  async function find(eventId: string, key: TemplateKey, locale: Locale) {
    const row = await db
      .selectFrom('mail_templates')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('step', '=', key)
      .where('locale', '=', locale)
      .executeTakeFirst();
    return row
      ? { subject: row.subject, body: row.body, is_default: false, updated_at: row.updated_at }
      : { ...defaultFor(key, locale), is_default: true, updated_at: null };
  }

  /** Checks a template; refuses it with every problem (part, line, merge field). */
  async function check(input: { subject: string; body: string }, locale: Locale): Promise<CompiledTemplate> {
    const result = await compileTemplate(input, footerOf(locale));
    if (!result.ok)
      throw new AppError('VALIDATION_FAILED', 'The template has problems', {
        fields: Object.fromEntries(result.problems.map((p) => [p.part, `Line ${p.line}: ${p.message}`])),
        problems: result.problems,
      });
    return result.compiled;
  }

  return {
    find,
    check,

    async save(
      actor: Actor,
      eventId: string,
      key: TemplateKey,
      locale: Locale,
      input: { subject: string; body: string },
    ) {
      await check(input, locale);
      const now = clock.now().toISOString();
      const who = auditActor(actor);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('mail_templates')
          .values({
            event_id: eventId,
            step: key,
            locale,
            subject: input.subject,
            body: input.body,
            updated_by: who.actorId,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['event_id', 'step', 'locale']).doUpdateSet({
              subject: input.subject,
              body: input.body,
              updated_by: who.actorId,
              updated_at: now,
            }),
          )
          .execute();
        await recordAudit(trx, clock, {
          ...who,
          action: 'mail.template_saved',
          targetType: 'event',
          targetId: eventId,
          details: { template: key, locale },
        });
      });
      return find(eventId, key, locale);
    },

    /** Back to the built-in wording. */
    async reset(actor: Actor, eventId: string, key: TemplateKey, locale: Locale) {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('mail_templates')
          .where('event_id', '=', eventId)
          .where('step', '=', key)
          .where('locale', '=', locale)
          .execute();
        await recordAudit(trx, clock, {
          ...auditActor(actor),
          action: 'mail.template_reset',
          targetType: 'event',
          targetId: eventId,
          details: { template: key, locale },
        });
      });
      return find(eventId, key, locale);
    },

    /** The compiled template the sender fills per recipient (cached per version). */
    async compiledFor(eventId: string, key: TemplateKey, locale: Locale): Promise<CompiledTemplate> {
      const found = await find(eventId, key, locale);
      const cacheKey = `${eventId}|${key}|${locale}|${found.updated_at ?? 'default'}`;
      let hit = compiled.get(cacheKey);
      if (!hit) {
        hit = await check(found, locale);
        if (compiled.size > 500) compiled.clear();
        compiled.set(cacheKey, hit);
      }
      return hit;
    },
  };
}
