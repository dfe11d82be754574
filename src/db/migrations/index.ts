import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as jobsMail from './0002_jobs_mail.js';
import * as live from './0100_live.js';
import * as room from './0200_room.js';
import * as moderation from './0201_moderation.js';
import * as hardening from './0202_hardening.js';
import * as organisation from './0204_organisation.js';
import * as leadsForms from './0400_leads_forms.js';
import * as sop from './0500_sop.js';

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
  '0201_moderation': moderation,
  '0202_hardening': hardening,
  '0204_organisation': organisation,
  '0400_leads_forms': leadsForms,
  '0500_sop': sop,
};
