export type MailStatus = 'queued' | 'sent' | 'kept' | 'failed';

export interface MailTables {
  /**
   * Every message LeadCast sends. Without SMTP_URL a message is `kept` here: the local
   * outbox the team can read in the admin console.
   */
  mail_messages: {
    id: string;
    idempotency_key: string;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string;
    attachments: string;
    status: MailStatus;
    transport: 'smtp' | 'outbox';
    attempts: number;
    last_error: string | null;
    event_id: string | null;
    registration_id: string | null;
    created_at: string;
    sent_at: string | null;
  };
}

/** A step of an event's email plan (see src/mail/plan/steps.ts), or a campaign (`campaign.<id>`). */
export type DeliveryStatus =
  | 'scheduled'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'suppressed'
  | 'skipped'
  | 'cancelled';

export interface EventEmailTables {
  /** The team's changes to an event's email plan; a step without a row runs with its defaults. */
  mail_plan_steps: {
    event_id: string;
    step: string;
    enabled: number;
    /** Minutes from the step's anchor (before the start, after the end); null keeps the default. */
    offset_minutes: number | null;
    updated_by: string | null;
    updated_at: string;
  };
  /** The team's own wording of a step or a campaign, per language; without a row the built-in one is used. */
  mail_templates: {
    event_id: string;
    step: string;
    locale: string;
    subject: string;
    /** MJML with `{{merge_field}}`s; the plain-text part is made from the rendered HTML. */
    body: string;
    updated_by: string | null;
    updated_at: string;
  };
  /**
   * A step that started sending for an event: written once, before its recipients are listed,
   * so a step runs once per event however often the scheduler looks (and whatever crashes).
   */
  mail_step_runs: {
    event_id: string;
    step: string;
    /** `listing` until every recipient has a delivery row, then `listed`. */
    status: 'listing' | 'listed';
    recipients: number;
    started_at: string;
    listed_at: string | null;
  };
  /**
   * One row per step (or campaign) and registration: the unique claim that makes each
   * recipient get one email per step. Also the queue the sender claims from, and the log.
   */
  mail_deliveries: {
    /** `<event>:<step>:<registration>` */
    id: string;
    event_id: string;
    step: string;
    registration_id: string;
    to_address: string;
    status: DeliveryStatus;
    attempts: number;
    /** The relay's answer to the last failed attempt, or why the delivery was skipped. */
    last_error: string | null;
    /** When it is due (scheduled), or when the claim lapses (sending). */
    run_at: string;
    claimed_by: string | null;
    sent_at: string | null;
    created_at: string;
    updated_at: string;
  };
  /** A contact's mail preferences: the unguessable unsubscribe token and whether they opted out. */
  mail_contacts: {
    contact_id: string;
    unsubscribe_token: string;
    unsubscribed_at: string | null;
    created_at: string;
  };
  /** Addresses nothing but the registration confirmation goes to: hard bounces, complaints, manual entries. */
  mail_suppressions: {
    email: string;
    reason: 'manual' | 'bounce' | 'complaint';
    note: string;
    created_by: string | null;
    created_at: string;
  };
  /** A one-off email to an audience of an event, now or at `send_at`. Its wording is in mail_templates. */
  mail_campaigns: {
    id: string;
    event_id: string;
    name: string;
    /** JSON: `{"kind":"registrants"|"attendees"|"absentees"}`; later `{"kind":"segment","id":…}`. */
    audience: string;
    /** `started` once its recipients are being listed: from then on it sends. */
    status: 'draft' | 'scheduled' | 'started' | 'cancelled';
    send_at: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
}
