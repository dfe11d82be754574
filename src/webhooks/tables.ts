export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface WebhooksTables {
  /** Where facts are sent: one destination URL, the event types it wants, its signing secret. */
  webhook_subscriptions: {
    id: string;
    url: string;
    /** JSON array of event types (see event-types.ts). */
    event_types: string;
    description: string;
    /** `whsec_` + base64 of 32 random bytes (Standard Webhooks); signs every delivery. */
    secret: string;
    /**
     * The secret before the last rotation: deliveries carry its signature too until
     * `previous_secret_expires_at` (24 h after the rotation), then it is ignored.
     */
    previous_secret: string | null;
    previous_secret_expires_at: string | null;
    enabled: number;
    /** Why it is off: `failing` (disabled automatically, see schedule.ts) or `manual`. */
    disabled_reason: string | null;
    disabled_at: string | null;
    /** Failed attempts since the last success, and when the first of them happened. */
    consecutive_failures: number;
    failing_since: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  /**
   * The outbox: one row per (subscription, fact), written in the transaction of the fact.
   * Its id is the `webhook-id` header, the same on every attempt (the receiver's idempotency key).
   */
  webhook_deliveries: {
    id: string;
    subscription_id: string;
    event_type: string;
    /** The fact's own id (publish's `eventId`): a fact published twice is delivered once. */
    event_key: string;
    /** The exact JSON body, fixed at publish time: every attempt sends the same bytes. */
    payload: string;
    status: DeliveryStatus;
    attempts: number;
    next_attempt_at: string | null;
    last_status_code: number | null;
    last_error: string | null;
    created_at: string;
    updated_at: string;
  };
  /** One row per HTTP attempt: code, a short excerpt of the answer, how long it took. */
  webhook_attempts: {
    id: string;
    delivery_id: string;
    subscription_id: string;
    attempt: number;
    manual: number;
    started_at: string;
    duration_ms: number;
    status_code: number | null;
    response_excerpt: string | null;
    error: string | null;
    succeeded: number;
  };
}
