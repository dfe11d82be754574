import type { AccountsTables } from '../accounts/tables.js';
import type { AnalyticsTables } from '../analytics/db-tables.js';
import type { EventsTables } from '../events/tables.js';
import type { FilesTables } from '../files/tables.js';
import type { JobsTables } from '../jobs/tables.js';
import type { FormTables } from '../leads/forms/tables.js';
import type { OfferTables } from '../leads/offers/tables.js';
import type { LeadsTables } from '../leads/tables.js';
import type { LiveTables } from '../live/tables.js';
import type { EventEmailTables, MailTables } from '../mail/tables.js';
import type { ModerationTables } from '../moderation/tables.js';
import type { OrganisationTables } from '../organisation/tables.js';
import type { ReferralTables } from '../promotion/referrals/tables.js';
import type { PromotionTables } from '../promotion/tables.js';
import type { RegistrationTables } from '../registration/tables.js';
import type { RoomTables } from '../room/tables.js';
import type { SopTables } from '../sop/tables.js';
import type { StudioTables } from '../studio/tables.js';
import type { WebhooksTables } from '../webhooks/tables.js';

/**
 * The whole database as Kysely sees it: each domain declares its own tables in
 * `src/<domain>/tables.ts` and this interface composes them.
 *
 * Conventions (they keep one query path valid on SQLite and PostgreSQL):
 * - ids are text (see src/ids.ts); timestamps are UTC ISO-8601 text, so string order is time order;
 * - booleans are integers 0/1; JSON is text.
 */
export interface Database
  extends AccountsTables,
    AnalyticsTables,
    EventsTables,
    EventEmailTables,
    FilesTables,
    JobsTables,
    LeadsTables,
    FormTables,
    OfferTables,
    LiveTables,
    MailTables,
    ModerationTables,
    OrganisationTables,
    PromotionTables,
    ReferralTables,
    RegistrationTables,
    RoomTables,
    SopTables,
    StudioTables,
    WebhooksTables {
  settings: { key: string; value: string };
  audit_log: {
    id: string;
    actor_type: 'user' | 'token' | 'system' | 'viewer';
    actor_id: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    details: string | null;
    created_at: string;
  };
}
