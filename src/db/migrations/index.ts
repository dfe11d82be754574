import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as jobsMail from './0002_jobs_mail.js';
import * as live from './0100_live.js';
import * as room from './0200_room.js';
import * as organisation from './0204_organisation.js';

/**
 * Every migration, in order. Names sort in application order; a domain added later
 * takes the next free number and appends itself here. Migrations are never edited
 * once they have landed: a change is a new migration.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_jobs_mail': jobsMail,
  '0100_live': live,
  '0200_room': room,
  '0204_organisation': organisation,
};
