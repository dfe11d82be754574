/** Shapes of the JSON the API returns (see docs/admin-console.md and /api/openapi.json). */

import type { Role } from '../../src/accounts/tables.js';
import type { EventAccess, EventFormat, EventStatus, SpeakerTier } from '../../src/events/tables.js';

// The value sets the server defines: taken from its table types (type-only files, no runtime
// code), so a renamed status, format, tier or role fails the console's typecheck.
export type { EventAccess, EventFormat, EventStatus, Role, SpeakerTier };
export type Locale = 'en' | 'zh-CN';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  created_at: string;
  disabled_at: string | null;
}

export interface Session {
  user: User;
  csrf_token: string;
  permissions: string[];
}

export interface LcEvent {
  id: string;
  slug: string;
  title: string;
  summary: string;
  topic: string;
  target_audience: string;
  pain_point: string;
  why_now: string;
  format: EventFormat;
  status: EventStatus;
  language: Locale;
  timezone: string;
  starts_at: string;
  ends_at: string;
  starts_at_local: string;
  ends_at_local: string;
  cover_url: string | null;
  access: EventAccess;
  consent_text: string | null;
  registration_count: number;
}

export interface Speaker {
  id: string;
  name: string;
  title: string;
  company: string;
  bio: string;
  tier: SpeakerTier;
  photo_url: string | null;
}

export interface AgendaSession {
  id: string;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  starts_at_local: string;
  ends_at_local: string;
  speaker_ids: string[];
}

export interface EventDetail {
  event: LcEvent;
  speakers: Speaker[];
  agenda: AgendaSession[];
  next_statuses: EventStatus[];
  urls: { landing: string; studio: string };
}

export interface Registration {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  company: string | null;
  job_title: string | null;
  status: 'active' | 'revoked';
  channel: string | null;
  channel_name: string | null;
  utm: Record<string, string> | null;
  referred_by: string | null;
  created_at: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  token_prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A lead's stage (src/leads/lifecycle.ts), in lifecycle order. */
export const leadStages = ['new', 'mql', 'accepted', 'opportunity', 'won', 'lost', 'disqualified'] as const;
export type LeadStage = (typeof leadStages)[number];
/** Registration form builder (src/leads/forms). */
export type FormFieldType =
  | 'name'
  | 'email'
  | 'phone'
  | 'company'
  | 'job_title'
  | 'industry'
  | 'company_size'
  | 'purchase_timeline'
  | 'budget'
  | 'country'
  | 'short_text'
  | 'long_text'
  | 'single_choice'
  | 'multiple_choice'
  | 'checkbox';
export interface Bilingual {
  en: string;
  'zh-CN': string;
}
export interface FormChoice {
  value: string;
  label: Bilingual;
}
export interface RegistrationFormField {
  key: string;
  type: FormFieldType;
  required: boolean;
  standard: boolean;
  label: Bilingual;
  custom_label: Bilingual | null;
  choices: FormChoice[];
}
export interface RegistrationForm {
  version: number;
  designed: boolean;
  fields: RegistrationFormField[];
  marketing_opt_in: { enabled: boolean; label: Bilingual | null };
}
