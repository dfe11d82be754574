/** What the console reads from /api/v1/events/:id/email (src/mail/schemas.ts). */

export const steps = [
  'reminder_1d',
  'reminder_1h',
  'live',
  'followup_attendees',
  'followup_absentees',
  'replay',
  'cancellation',
] as const;
export type Step = (typeof steps)[number];

export const deliveryStatuses = [
  'scheduled',
  'sending',
  'sent',
  'failed',
  'suppressed',
  'skipped',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export type StatusCounts = Record<DeliveryStatus, number>;

export type StepAudience = 'registrants' | 'attendees' | 'absentees' | 'not_in_room';

export interface PlanStep {
  step: Step;
  enabled: boolean;
  offset_minutes: number | null;
  marketing: boolean;
  audience: StepAudience;
  due_at: string | null;
  started_at: string | null;
  recipients: number;
  counts: StatusCounts | null;
}

export interface EmailPlan {
  steps: PlanStep[];
  relay_problem: string | null;
  transport: 'smtp' | 'outbox';
  rate_per_minute: number;
}

export type Locale = 'en' | 'zh-CN';

export interface EmailTemplate {
  key: string;
  locale: Locale;
  subject: string;
  body: string;
  is_default: boolean;
  updated_at: string | null;
  merge_fields: string[];
}

export interface TemplateProblem {
  part: 'subject' | 'body';
  line: number;
  message: string;
  merge_field?: string;
}

export const campaignAudienceKinds = ['registrants', 'attendees', 'absentees'] as const;
export const segments = [
  'registered_absent',
  'attended_not_mql',
  'mql_not_accepted',
  'downloaded_offer',
] as const;
export type Segment = (typeof segments)[number];
export type CampaignAudience =
  | { kind: (typeof campaignAudienceKinds)[number] }
  | { kind: 'segment'; segment: Segment };

export type CampaignStatus = 'draft' | 'scheduled' | 'started' | 'cancelled';

export interface Campaign {
  id: string;
  name: string;
  audience: CampaignAudience;
  status: CampaignStatus;
  send_at: string | null;
  created_at: string;
  template_key: string;
  counts: StatusCounts | null;
}

export interface Delivery {
  id: string;
  step: string;
  registration_id: string;
  to_address: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  run_at: string;
  sent_at: string | null;
  updated_at: string;
}

export type SuppressionReason = 'manual' | 'bounce' | 'complaint';
export interface SuppressedAddress {
  email: string;
  reason: SuppressionReason;
  note: string;
  created_at: string;
}
