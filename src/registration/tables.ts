export type RegistrationStatus = 'active' | 'revoked';

export interface RegistrationTables {
  /** One person across every event, keyed by lower-cased email. */
  contacts: {
    id: string;
    email: string;
    name: string;
    phone: string | null;
    company: string | null;
    job_title: string | null;
    created_at: string;
    updated_at: string;
  };
  /** A contact's registration for one event; `join_token` is the personal join link's secret. */
  registrations: {
    id: string;
    event_id: string;
    contact_id: string;
    email: string;
    name: string;
    phone: string | null;
    company: string | null;
    job_title: string | null;
    join_token: string;
    status: RegistrationStatus;
    locale: string;
    consent_text: string;
    consent_version: number;
    consented_at: string;
    channel: string | null;
    referred_by: string | null;
    utm: string | null;
    /** The first-party visitor id (src/promotion/visits), null without one or under DNT / GPC. */
    visitor_id?: string | null;
    /** When the visitor first came through the channel that is credited (first touch). */
    first_touch_at?: string | null;
    user_agent: string | null;
    created_at: string;
    updated_at: string;
  };
}
