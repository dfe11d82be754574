import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as jobsMail from './0002_jobs_mail.js';
import * as live from './0100_live.js';
import * as studio from './0110_studio.js';
import * as room from './0200_room.js';
import * as moderation from './0201_moderation.js';
import * as hardening from './0202_hardening.js';
import * as organisation from './0204_organisation.js';
import * as passwordResets from './0206_password_resets.js';
import * as imageVariants from './0207_image_variants.js';
import * as promotion from './0300_promotion.js';
import * as referrals from './0310_promotion_referrals.js';
import * as promotionScopes from './0320_promotion_scopes.js';
import * as leadsForms from './0400_leads_forms.js';
import * as leads from './0410_leads.js';
import * as webhooks from './0420_webhooks.js';
import * as offers from './0430_offers.js';
import * as webhookSecretRotation from './0440_webhook_secret_rotation.js';
import * as leadFactsIndex from './0450_lead_facts_index.js';
import * as sop from './0500_sop.js';
import * as eventEmail from './0600_event_email.js';
import * as analytics from './0700_analytics.js';
import * as analyticsWeeklyEmail from './0710_analytics_weekly_email.js';
import * as analyticsRollups from './0720_analytics_rollups.js';

/**
 * Every migration. Each domain owns a block of numbers (leads 04xx, SOP 05xx, email 06xx,
 * analytics 07xx…), so a domain that lands later may sort before one a deployment already
 * applied: the migrator runs with `allowUnorderedMigrations` and applies whatever is missing
 * in name order. A migration therefore depends only on lower-numbered migrations of its own
 * domain and on the foundation (00xx–02xx). Migrations are never edited once they have
 * landed: a change is a new migration.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_jobs_mail': jobsMail,
  '0100_live': live,
  '0110_studio': studio,
  '0200_room': room,
  '0201_moderation': moderation,
  '0202_hardening': hardening,
  '0204_organisation': organisation,
  '0206_password_resets': passwordResets,
  '0207_image_variants': imageVariants,
  '0300_promotion': promotion,
  '0310_promotion_referrals': referrals,
  '0320_promotion_scopes': promotionScopes,
  '0400_leads_forms': leadsForms,
  '0410_leads': leads,
  '0420_webhooks': webhooks,
  '0430_offers': offers,
  '0440_webhook_secret_rotation': webhookSecretRotation,
  '0450_lead_facts_index': leadFactsIndex,
  '0500_sop': sop,
  '0600_event_email': eventEmail,
  '0700_analytics': analytics,
  '0710_analytics_weekly_email': analyticsWeeklyEmail,
  '0720_analytics_rollups': analyticsRollups,
};
