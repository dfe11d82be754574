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
