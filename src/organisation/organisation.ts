import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { fileUrl } from '../files/files.js';
import type { OrganisationInput } from './schemas.js';

export type OrganisationRow = Database['organisation_settings'];
export type Organisation = ReturnType<typeof createOrganisation>;
type Actor = { actorType: 'user' | 'token'; actorId: string | null };

const ROW_ID = 'default';
/** Before anything is saved: no name, no logo, no privacy link. */
const EMPTY: OrganisationRow = {
  id: ROW_ID,
  name: '',
  logo_file_id: null,
  privacy_url: null,
  updated_by: null,
  updated_at: '',
};

/** The organisation as the API shows it. */
export const organisationView = (row: OrganisationRow) => ({
  name: row.name,
  logo_url: fileUrl(row.logo_file_id),
  privacy_url: row.privacy_url,
  updated_at: row.updated_at || null,
});

/**
 * The organiser shown on audience pages (name, logo, privacy-policy link). Every landing-page
 * render reads it, so the row is kept for a second (the landing page's microcache bound);
 * a save here drops it at once.
 */
export function createOrganisation(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  let cached: { row: OrganisationRow; at: number } | undefined;

  async function save(actor: Actor, change: Partial<OrganisationRow>, action: string) {
    const current = await read();
    const row: OrganisationRow = {
      ...current,
      ...change,
      id: ROW_ID,
      updated_by: actor.actorId,
      updated_at: clock.now().toISOString(),
    };
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organisation_settings')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...row }))
        .execute();
      await recordAudit(trx, clock, {
        ...actor,
        action,
        targetType: 'organisation',
        targetId: ROW_ID,
        details: change,
      });
    });
    cached = undefined;
    return row;
  }

  async function read(): Promise<OrganisationRow> {
    if (cached && Date.now() - cached.at < 1000) return cached.row;
    const row =
      (await db
        .selectFrom('organisation_settings')
        .selectAll()
        .where('id', '=', ROW_ID)
        .executeTakeFirst()) ?? EMPTY;
    cached = { row: Object.freeze(row), at: Date.now() };
    return row;
  }

  return {
    read,
    update: (actor: Actor, input: OrganisationInput) =>
      save(actor, { name: input.name, privacy_url: input.privacy_url || null }, 'organisation.update'),
    setLogo: (actor: Actor, fileId: string | null) =>
      save(actor, { logo_file_id: fileId }, fileId ? 'organisation.logo.set' : 'organisation.logo.remove'),
  };
}
