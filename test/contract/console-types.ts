// Compile-time contract (checked by `npm run typecheck`, nothing runs): the admin console
// (web/admin/types.ts) cannot import server code, so it repeats the server's unions; these
// lines stop the build when the two drift apart.
import type { Role } from '../../src/accounts/tables.js';
import type { EventAccess, EventFormat, EventStatus, SpeakerTier } from '../../src/events/tables.js';
import type { Locale } from '../../src/i18n/index.js';
import type { FieldType } from '../../src/leads/forms/definition.js';
import type { Stage } from '../../src/leads/lifecycle.js';
import type { Segment } from '../../src/leads/segments.js';
import type { campaignAudienceKinds } from '../../src/mail/audience.js';
import type { Step } from '../../src/mail/plan/steps.js';
import type { DeliveryStatus } from '../../src/mail/tables.js';
import type * as Email from '../../web/admin/email/types.js';
import type * as Console from '../../web/admin/types.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const consoleMatchesServer: [
  Same<Console.Role, Role>,
  Same<Console.Locale, Locale>,
  Same<Console.EventStatus, EventStatus>,
  Same<Console.EventFormat, EventFormat>,
  Same<Console.SpeakerTier, SpeakerTier>,
  Same<Console.LcEvent['access'], EventAccess>,
  Same<Console.LeadStage, Stage>,
  Same<Console.FormFieldType, FieldType>,
  Same<Email.Step, Step>,
  Same<Email.DeliveryStatus, DeliveryStatus>,
  Same<Email.Segment, Segment>,
  Same<(typeof Email.campaignAudienceKinds)[number], (typeof campaignAudienceKinds)[number]>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];
